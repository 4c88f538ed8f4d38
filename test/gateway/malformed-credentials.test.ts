import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import type { HttpRequest } from '../../src/protocol/http.js';

/**
 * Malformed Authorization headers and credential scopes get the 400s (or 403s) of the protocol the request
 * speaks, never a 501 from guessing the service out of a misplaced scope element; each is recorded once.
 */

interface Protocol {
  name: string;
  signingName: string;
  request: Partial<HttpRequest> & { method: string; path: string };
  /** Codes for: a malformed credential, a wrong or empty scope service, a wrong or empty scope region. */
  malformed: { code: string; status: number };
  scope: { code: string; status: number };
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const PROTOCOLS: Protocol[] = [
  {
    name: 'awsJson1_1 (cloudhsmv2)',
    signingName: 'cloudhsm',
    request: {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.DescribeClusters' },
      body: Buffer.from('{}'),
    },
    malformed: { code: 'IncompleteSignatureException', status: 400 },
    scope: { code: 'InvalidSignatureException', status: 400 },
  },
  {
    name: 'query (sts)',
    signingName: 'sts',
    request: { method: 'POST', path: '/', headers: form, body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15') },
    malformed: { code: 'IncompleteSignature', status: 400 },
    scope: { code: 'SignatureDoesNotMatch', status: 403 },
  },
  {
    name: 'ec2',
    signingName: 'ec2',
    request: { method: 'POST', path: '/', headers: form, body: Buffer.from('Action=DescribeVpcs&Version=2016-11-15') },
    malformed: { code: 'IncompleteSignature', status: 400 },
    scope: { code: 'AuthFailure', status: 401 },
  },
  {
    name: 'rest-xml (s3)',
    signingName: 's3',
    request: { method: 'GET', path: '/some-bucket', headers: {} },
    malformed: { code: 'AuthorizationHeaderMalformed', status: 400 },
    scope: { code: 'AuthorizationHeaderMalformed', status: 400 },
  },
];

type Tamper = (credential: string) => string;
/** `AKID/DATE/REGION/SERVICE/aws4_request` rewritten. */
const parts =
  (f: (p: string[]) => string[]): Tamper =>
  (c) =>
    f(c.split('/')).join('/');

const MALFORMED: Array<[string, Tamper]> = [
  ['six elements', (c) => `${c}/extra`],
  ['a trailing slash', (c) => `${c}/`],
  ['three elements', parts((p) => p.slice(0, 3))],
  ['four elements, no terminator', parts((p) => p.slice(0, 4))],
  ['a slash inside the access key id', (c) => `AK/${c}`],
  ['only the access key id', parts((p) => p.slice(0, 1))],
];

const SCOPE: Array<[string, Tamper, RegExp, RegExp]> = [
  ['an empty service', parts(([k, d, r, , t]) => [k!, d!, r!, '', t!]), /correct service: '(cloudhsm|sts|ec2)'/, /incorrect service ""/],
  [
    'an empty region',
    parts(([k, d, , s, t]) => [k!, d!, '', s!, t!]),
    /valid region, not ''/,
    /the region '' is wrong; expecting 'us-east-1'/,
  ],
];

describe('malformed credential scopes and Authorization headers', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  async function sendTampered(p: Protocol, rewrite: (authorization: string) => string) {
    const signed = await h.sign(p.request, p.signingName);
    const res = await h.send({ ...signed, headers: { ...signed.headers, authorization: rewrite(signed.headers.authorization!) } });
    const requestId = res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'];
    return { res, code: errorCode(res.body), message: errorMessage(res.body), records: h.recordsFor(requestId!) };
  }
  const rewriteCredential = (tamper: Tamper) => (auth: string) =>
    auth.replace(/Credential=([^,\s]+)/, (_, c: string) => `Credential=${tamper(c)}`);

  for (const p of PROTOCOLS) {
    describe(p.name, () => {
      it.each(MALFORMED)('a credential with %s', async (_, tamper) => {
        const { res, code, message, records } = await sendTampered(p, rewriteCredential(tamper));
        expect({ status: res.status, code }).toEqual(p.malformed);
        if (p.signingName === 's3') {
          expect(message).toBe(
            'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
          );
        } else {
          expect(message).toMatch(
            /^Credential must have exactly 5 slash-delimited elements, e.g. keyid\/date\/region\/service\/term, got '.*'$/,
          );
        }
        expect(records).toHaveLength(1);
        expect(records[0]!.errorCode).toBe(code);
      });

      it.each(SCOPE)('a scope with %s', async (_, tamper, coral, s3) => {
        const { res, code, message, records } = await sendTampered(p, rewriteCredential(tamper));
        expect({ status: res.status, code }).toEqual(p.scope);
        expect(message).toMatch(p.signingName === 's3' ? s3 : coral);
        expect(records).toHaveLength(1);
      });

      it.each([
        ['no Credential', (a: string) => a.replace(/Credential=[^,]+,\s*/, '')],
        ['a component without "="', (a: string) => a.replace(/SignedHeaders=/, 'SignedHeaders')],
      ])('an Authorization header with %s', async (_, rewrite) => {
        const { res, code, records } = await sendTampered(p, rewrite);
        expect(res.status).toBe(400);
        expect(code).toBe(p.malformed.code);
        expect(records).toHaveLength(1);
      });
    });
  }
});

describe('malformed presigned credentials', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  const amzDate = () =>
    new Date()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  const presign = (credential: string, extra = '') =>
    `${extra}X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(credential)}&X-Amz-Date=${amzDate()}` +
    '&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00';

  it.each([
    ['s3', 'AuthorizationQueryParametersError', '/some-bucket/key', ''],
    ['sts', 'IncompleteSignature', '/', 'Action=GetCallerIdentity&Version=2011-06-15&'],
  ])('%s: a six-element X-Amz-Credential is a 400 %s, one event', async (service, code, path, extra) => {
    const credential = `${h.credentials.accessKeyId}/${amzDate().slice(0, 8)}/${h.region}/${service}/aws4_request/extra`;
    const res = await h.send({ method: 'GET', path, query: presign(credential, extra), headers: { host: '127.0.0.1:4599' } });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe(code);
    const requestId = res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'];
    expect(h.recordsFor(requestId!)).toHaveLength(1);
  });
});

function errorCode(body: string): string | undefined {
  if (body.startsWith('{')) return JSON.parse(body).__type;
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

function errorMessage(body: string): string | undefined {
  if (body.startsWith('{')) return JSON.parse(body).message;
  return /<Message>([^<]*)<\/Message>/
    .exec(body)?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
