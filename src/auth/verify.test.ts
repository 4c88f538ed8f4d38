import { describe, it, expect } from 'vitest';
import { verifySigV4 } from './verify.js';
import { ServiceError } from '../errors/service-error.js';
import type { HttpRequest, Protocol } from '../protocol/http.js';
import { signingKey } from './signing-key.js';
import { NOW, REGION, SESSION_TOKEN, TEMP_KEY, USER_KEY, INACTIVE_KEY, signRequest, testStore } from './test-support/signer.js';

const store = testStore();
const opts = (protocol: Protocol, extra: object = {}) => ({ now: NOW, credentials: store, protocol, ...extra });

async function failure(req: HttpRequest, protocol: Protocol, extra: object = {}): Promise<ServiceError> {
  try {
    await verifySigV4(req, opts(protocol, extra));
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('request unexpectedly verified');
}

const cloudhsm = (body = '{"Filters":{}}', headers: Record<string, string> = {}) =>
  signRequest(
    { body, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.DescribeClusters', ...headers } },
    { service: 'cloudhsm' },
  );
const sts = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, date?: Date) =>
  signRequest(
    {
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    },
    { service: 'sts', credentials, date },
  );
const s3Put = (body = 'hello world', extra: Record<string, string> = {}) =>
  signRequest(
    { method: 'PUT', path: '/bucket/dir/a%20key%E2%9C%93.txt', body, headers: extra, host: 'bucket.s3.amazonaws.com' },
    { service: 's3', s3: true },
  );

describe('verifySigV4 accepts what the AWS SDK signs', () => {
  it('verifies a CloudHSM JSON request and reports the signing context', async () => {
    const req = await cloudhsm();
    const v = await verifySigV4(req, opts('json', { region: REGION, service: 'cloudhsm' }));
    expect(v).toMatchObject({
      region: REGION,
      service: 'cloudhsm',
      datetime: '20240501T120000Z',
      scope: '20240501/us-east-1/cloudhsm/aws4_request',
      authType: 'signed-header',
      presigned: false,
      payloadMode: 'body-hash',
    });
    expect(v.accessKey.principal.arn).toBe('arn:aws:iam::111122223333:user/alice');
    expect(v.signingKey.equals(signingKey(USER_KEY.secretAccessKey, '20240501', REGION, 'cloudhsm'))).toBe(true);
    expect(v.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies temporary credentials carrying their session token', async () => {
    const v = await verifySigV4(await sts(TEMP_KEY), opts('query'));
    expect(v.accessKey.accessKeyId).toBe(TEMP_KEY.accessKeyId);
  });

  it('tolerates odd whitespace in header values and any header name case', async () => {
    const req = await cloudhsm('{}', { 'X-Custom-Header': '  a   b\t c  ' });
    req.headers['x-custom-header'] = 'a \t b  c';
    await expect(verifySigV4(req, opts('json'))).resolves.toBeDefined();
  });

  it('canonicalizes query parameters: order, encoding variants, empty values, repeats', async () => {
    const query = { 'b key': ['z', 'a'], a: '', 'x~y': 'é/?&=+ *', Empty: '' };
    const req = await signRequest({ method: 'GET', path: '/', query }, { service: 'iam' });
    req.query = 'Empty&x~y=%C3%a9%2F%3F%26%3D%2B%20%2a&b%20key=a&a=&b%20key=z';
    await expect(verifySigV4(req, opts('query'))).resolves.toBeDefined();
  });

  it('double-encodes non-S3 paths after removing dot segments', async () => {
    const req = await signRequest({ method: 'GET', path: '/a/./b/../c%20d/%E2%9C%93/' }, { service: 'execute-api' });
    await expect(verifySigV4(req, opts('json'))).resolves.toBeDefined();
  });

  it('verifies S3 requests with unicode keys, single-encoded, and checks the literal payload hash', async () => {
    const v = await verifySigV4(await s3Put(), opts('rest-xml'));
    expect(v.payloadMode).toBe('signed-hash');
  });

  it('accepts an empty body', async () => {
    const req = await signRequest({ method: 'GET', path: '/' }, { service: 'cloudtrail' });
    await expect(verifySigV4(req, opts('json'))).resolves.toBeDefined();
  });

  it('verifies presigned S3 and STS URLs, with and without a session token', async () => {
    const s3 = await signRequest(
      { method: 'GET', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      {
        service: 's3',
        s3: true,
        presign: { expiresIn: 900 },
        credentials: TEMP_KEY,
      },
    );
    delete s3.headers['x-amz-content-sha256'];
    const v = await verifySigV4(s3, opts('rest-xml'));
    expect(v).toMatchObject({ presigned: true, authType: 'presigned-query', payloadMode: 'unsigned' });
    const stsUrl = await signRequest(
      { method: 'GET', path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      {
        service: 'sts',
        presign: { expiresIn: 60 },
      },
    );
    expect((await verifySigV4(stsUrl, opts('query'))).presigned).toBe(true);
  });
});

describe('verifySigV4 fails the way AWS does', () => {
  const SIG =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

  it('signature mismatch per protocol', async () => {
    const wrong = { ...USER_KEY, secretAccessKey: 'not-the-secret' };
    const json = await failure(await signRequest({ body: '{}' }, { service: 'cloudhsm', credentials: wrong }), 'json');
    expect([json.code, json.status, json.message]).toEqual(['InvalidSignatureException', 400, SIG]);
    const query = await failure(await sts(wrong), 'query');
    expect([query.code, query.status, query.message]).toEqual(['SignatureDoesNotMatch', 403, SIG]);
    const ec2 = await failure(await sts(wrong), 'ec2');
    expect([ec2.code, ec2.status]).toEqual(['AuthFailure', 401]);
    const s3req = await s3Put();
    s3req.headers['authorization'] = s3req.headers['authorization']!.replace(/Signature=[0-9a-f]/, 'Signature=x');
    const s3 = await failure(s3req, 'rest-xml');
    expect([s3.code, s3.status, s3.message]).toEqual([
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ]);
    expect(s3.fields.AWSAccessKeyId).toBe(USER_KEY.accessKeyId);
    expect(s3.fields.CanonicalRequest).toContain('PUT\n/bucket/dir/a%20key%E2%9C%93.txt\n\n');
    expect(s3.fields.StringToSign).toMatch(/^AWS4-HMAC-SHA256\n20240501T120000Z\n20240501\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
    expect(s3.fields.StringToSignBytes!.startsWith('41 57 53 34')).toBe(true);
    expect(s3.fields.SignatureProvided).toMatch(/^x/);
  });

  it('unknown and inactive keys are invalid client token ids', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'x' };
    for (const creds of [unknown, INACTIVE_KEY]) {
      const json = await failure(await signRequest({ body: '{}' }, { service: 'cloudhsm', credentials: creds }), 'json');
      expect([json.code, json.status, json.message]).toEqual([
        'UnrecognizedClientException',
        400,
        'The security token included in the request is invalid.',
      ]);
      const query = await failure(await sts(creds), 'query');
      expect([query.code, query.status]).toEqual(['InvalidClientTokenId', 403]);
      const s3 = await failure(
        await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true, credentials: creds }),
        'rest-xml',
      );
      expect([s3.code, s3.status, s3.message]).toEqual([
        'InvalidAccessKeyId',
        403,
        'The AWS Access Key Id you provided does not exist in our records.',
      ]);
      expect(s3.fields.AWSAccessKeyId).toBe(creds.accessKeyId);
    }
  });

  it('session token rules: missing, wrong, on a permanent key, expired', async () => {
    const noToken = { accessKeyId: TEMP_KEY.accessKeyId, secretAccessKey: TEMP_KEY.secretAccessKey };
    expect((await failure(await sts(noToken), 'query')).code).toBe('InvalidClientTokenId');
    expect(
      (await failure(await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true, credentials: noToken }), 'rest-xml'))
        .code,
    ).toBe('InvalidAccessKeyId');
    const wrongToken = { ...TEMP_KEY, sessionToken: 'forged' };
    expect((await failure(await sts(wrongToken), 'query')).code).toBe('InvalidClientTokenId');
    const s3Wrong = await failure(
      await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true, credentials: wrongToken }),
      'rest-xml',
    );
    expect([s3Wrong.code, s3Wrong.status, s3Wrong.message]).toEqual([
      'InvalidToken',
      400,
      'The provided token is malformed or otherwise invalid.',
    ]);
    const permanentWithToken = { ...USER_KEY, sessionToken: SESSION_TOKEN };
    expect((await failure(await sts(permanentWithToken), 'json')).code).toBe('UnrecognizedClientException');

    const expiredStore = testStore(new Date(NOW.getTime() - 1000));
    const expired = async (protocol: Protocol, req: HttpRequest) => {
      try {
        await verifySigV4(req, { now: NOW, credentials: expiredStore, protocol });
      } catch (e) {
        return e as ServiceError;
      }
      throw new Error('verified');
    };
    const q = await expired('query', await sts(TEMP_KEY));
    expect([q.code, q.status, q.message]).toEqual(['ExpiredToken', 403, 'The security token included in the request is expired']);
    const j = await expired('json', await sts(TEMP_KEY));
    expect([j.code, j.status]).toEqual(['ExpiredTokenException', 400]);
    const s = await expired(
      'rest-xml',
      await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true, credentials: TEMP_KEY }),
    );
    expect([s.code, s.status, s.message]).toEqual(['ExpiredToken', 400, 'The provided token has expired.']);
  });

  it('clock skew outside 15 minutes, in both directions, with AWS wording', async () => {
    const past = await sts(undefined, new Date(NOW.getTime() - 20 * 60_000));
    const q = await failure(past, 'query');
    expect([q.code, q.status, q.message]).toEqual([
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20240501T114000Z is now earlier than 20240501T114500Z (20240501T120000Z - 15 min.)',
    ]);
    const future = await failure(await sts(undefined, new Date(NOW.getTime() + 16 * 60_000)), 'json');
    expect([future.code, future.message]).toEqual([
      'InvalidSignatureException',
      'Signature not yet current: 20240501T121600Z is still later than 20240501T121500Z (20240501T120000Z + 15 min.)',
    ]);
    const fiveMin = await failure(await sts(undefined, new Date(NOW.getTime() - 6 * 60_000)), 'query', { maxSkewMs: 5 * 60_000 });
    expect(fiveMin.message).toContain('(20240501T120000Z - 5 min.)');
    const s3 = await failure(
      await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true, date: new Date(NOW.getTime() - 20 * 60_000) }),
      'rest-xml',
    );
    expect([s3.code, s3.status, s3.fields]).toEqual([
      'RequestTimeTooSkewed',
      403,
      {
        RequestTime: '20240501T114000Z',
        ServerTime: '2024-05-01T12:00:00Z',
        MaxAllowedSkewMilliseconds: '900000',
      },
    ]);
    const recent = await sts(undefined, new Date(NOW.getTime() - 14 * 60_000));
    await expect(verifySigV4(recent, opts('query'))).resolves.toBeDefined();
  });

  it('presigned URL expiry and X-Amz-Expires limits', async () => {
    const url = await signRequest(
      { method: 'GET', path: '/b/k' },
      { service: 's3', s3: true, presign: { expiresIn: 60 }, date: new Date(NOW.getTime() - 61_000) },
    );
    delete url.headers['x-amz-content-sha256'];
    const e = await failure(url, 'rest-xml');
    expect([e.code, e.status, e.message, e.fields['X-Amz-Expires']]).toEqual(['AccessDenied', 403, 'Request has expired', '60']);
    url.query = url.query.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801');
    const tooLong = await failure(url, 'rest-xml');
    expect([tooLong.code, tooLong.message]).toEqual([
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    ]);
  });

  it('anonymous requests', async () => {
    const req: HttpRequest = { method: 'GET', path: '/', query: '', headers: { host: 'x' }, body: Buffer.alloc(0) };
    expect([(await failure(req, 'json')).code, (await failure(req, 'json')).message]).toEqual([
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    ]);
    expect([(await failure(req, 'query')).code, (await failure(req, 'query')).status]).toEqual(['MissingAuthenticationToken', 403]);
    expect([
      (await failure(req, 'rest-xml')).code,
      (await failure(req, 'rest-xml')).status,
      (await failure(req, 'rest-xml')).message,
    ]).toEqual(['AccessDenied', 403, 'Access Denied']);
  });

  it('malformed Authorization headers', async () => {
    const req = await cloudhsm();
    const auth = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240501/us-east-1/cloudhsm/aws4_request';
    req.headers['authorization'] = auth;
    const json = await failure(req, 'json');
    expect([json.code, json.status, json.message]).toEqual([
      'IncompleteSignatureException',
      400,
      `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth}`,
    ]);
    expect((await failure(req, 'query')).code).toBe('IncompleteSignature');
    const s3 = await failure(req, 'rest-xml');
    expect([s3.code, s3.status]).toEqual(['AuthorizationHeaderMalformed', 400]);
    req.headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1, SignedHeaders=host, Signature=00';
    expect((await failure(req, 'json')).message).toBe(
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240501/us-east-1'",
    );
    req.headers['authorization'] = 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=';
    expect((await failure(req, 'rest-xml')).message).toBe('Unsupported Authorization Type');
  });

  it('credential scope: region, service, terminator and date', async () => {
    const req = await cloudhsm();
    const region = await failure(req, 'json', { region: 'eu-west-1' });
    expect([region.code, region.message]).toEqual([
      'InvalidSignatureException',
      "Credential should be scoped to a valid region, not 'us-east-1'. ",
    ]);
    const s3Region = await failure(await signRequest({ method: 'GET', path: '/b/k' }, { service: 's3', s3: true }), 'rest-xml', {
      region: 'eu-west-1',
    });
    expect([s3Region.code, s3Region.message, s3Region.fields.Region]).toEqual([
      'AuthorizationHeaderMalformed',
      "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      'eu-west-1',
    ]);
    expect((await failure(req, 'query', { service: 'sts' })).message).toBe("Credential should be scoped to correct service: 'sts'. ");
    req.headers['x-amz-date'] = '20240502T000100Z';
    expect((await failure(req, 'json')).message).toBe(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240501' != '20240502', from '20240502T000100Z'.",
    );
  });

  it('host must be signed; S3 refuses unsigned x-amz-* headers', async () => {
    const req = await cloudhsm();
    req.headers['authorization'] = req.headers['authorization']!.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;');
    expect((await failure(req, 'json')).message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    const put = await s3Put();
    put.headers['x-amz-meta-extra'] = 'sneaky';
    const e = await failure(put, 'rest-xml');
    expect([e.code, e.message, e.fields.HeadersNotSigned]).toEqual([
      'AccessDenied',
      'There were headers present in the request which were not signed',
      'x-amz-meta-extra',
    ]);
  });

  it('payload tampering: S3 checks x-amz-content-sha256, other services fail the signature', async () => {
    const put = await s3Put('hello world');
    put.body = Buffer.from('hello worle');
    const e = await failure(put, 'rest-xml');
    expect([e.code, e.status]).toEqual(['XAmzContentSHA256Mismatch', 400]);
    const hsm = await cloudhsm('{"a":1}');
    hsm.body = Buffer.from('{"a":2}');
    expect((await failure(hsm, 'json')).code).toBe('InvalidSignatureException');
    const bare = await s3Put();
    delete bare.headers['x-amz-content-sha256'];
    bare.headers['authorization'] = bare.headers['authorization']!.replace(';x-amz-content-sha256', '');
    expect((await failure(bare, 'rest-xml')).message).toBe('Missing required header for this request: x-amz-content-sha256');
    const both = await cloudhsm();
    both.query = 'X-Amz-Algorithm=AWS4-HMAC-SHA256';
    expect((await failure(both, 'json')).code).toBe('IncompleteSignatureException');
  });
});
