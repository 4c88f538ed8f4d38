import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../support/sha256.js';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, python, run } from '../support/tools.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const sts = (creds: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

/** Signs a raw STS query request with @smithy/signature-v4 so tests can tamper with any part of it. */
async function signedStsRequest(opts: { secret?: string; body?: string; date?: Date; service?: string } = {}) {
  const url = new URL(server.endpoint);
  const body = opts.body ?? 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({
    service: opts.service ?? 'sts',
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: opts.secret ?? server.secretAccessKey },
    sha256: Sha256,
  });
  return signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: opts.date },
  );
}

async function send(req: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
  const res = await fetch(server.endpoint + req.path, { method: req.method, headers: req.headers, body: req.body as string });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const xmlCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
const xmlMessage = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];

describe('hsmtrail serve, as a user runs it', () => {
  it('answers /health without authentication and without secrets', async () => {
    const res = await fetch(`${server.endpoint}/health`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).status).toBe('ok');
    // The one node of an SQLite store holds the worker lease and runs delivery, digests and lifecycle.
    expect(JSON.parse(text).workers).toMatchObject({ leader: true, token: expect.any(Number) });
    expect(text).not.toContain(server.secretAccessKey);
  });

  it('stores the root keys with mode 0600', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(`${server.dataDir}/account.json`).mode & 0o777).toBe(0o600);
  });

  it('AWS CLI: sts get-caller-identity answers with the root ARN', async () => {
    if (!hasTool('aws')) return;
    const out = await awsJson(server.awsEnv(), ['sts', 'get-caller-identity']);
    expect(out).toEqual({ UserId: server.accountId, Account: server.accountId, Arn: `arn:aws:iam::${server.accountId}:root` });
  });

  it('SDK v3: GetCallerIdentity succeeds and carries a request id', async () => {
    const out = await sts(server).send(new GetCallerIdentityCommand({}));
    expect(out.Arn).toBe(`arn:aws:iam::${server.accountId}:root`);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('boto3: get_caller_identity succeeds; a wrong secret fails with SignatureDoesNotMatch', async () => {
    if (!hasTool('python3')) return;
    const code = `
import boto3, botocore, json
ok = boto3.client("sts").get_caller_identity()
try:
    boto3.client("sts", aws_secret_access_key="wrong"+"x"*35, aws_access_key_id="${server.accessKeyId}").get_caller_identity()
    bad = None
except botocore.exceptions.ClientError as e:
    bad = e.response["Error"]["Code"]
print(json.dumps({"arn": ok["Arn"], "bad": bad}))`;
    const r = await python(server.awsEnv(), code);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ arn: `arn:aws:iam::${server.accountId}:root`, bad: 'SignatureDoesNotMatch' });
  });

  it('SDK v3: a wrong secret fails with SignatureDoesNotMatch and AWS message', async () => {
    const err = await sts({ accessKeyId: server.accessKeyId, secretAccessKey: 'x'.repeat(40) })
      .send(new GetCallerIdentityCommand({}))
      .catch((e) => e);
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it('SDK v3: an unknown access key fails with InvalidClientTokenId', async () => {
    const err = await sts({ accessKeyId: 'AKIAUNKNOWNKEY123456', secretAccessKey: 'x'.repeat(40) })
      .send(new GetCallerIdentityCommand({}))
      .catch((e) => e);
    expect(err.name).toBe('InvalidClientTokenId');
    expect(err.message).toBe('The security token included in the request is invalid.');
  });

  it('AWS CLI: an unknown access key fails with InvalidClientTokenId', async () => {
    if (!hasTool('aws')) return;
    const r = await run('aws', ['sts', 'get-caller-identity'], server.awsEnv({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY123456' }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('(InvalidClientTokenId)');
  });

  it('a correctly signed raw request succeeds; a tampered body or header fails', async () => {
    const good = await signedStsRequest();
    expect((await send(good)).status).toBe(200);

    const tamperedBody = await signedStsRequest();
    const r1 = await send({ ...tamperedBody, body: 'Action=GetCallerIdentity&Version=2011-06-16' });
    expect(r1.status).toBe(403);
    expect(xmlCode(r1.text)).toBe('SignatureDoesNotMatch');

    const tamperedHeader = await signedStsRequest();
    const r2 = await send({ ...tamperedHeader, headers: { ...tamperedHeader.headers, 'content-type': 'text/plain' } });
    expect(r2.status).toBe(403);
    expect(xmlCode(r2.text)).toBe('SignatureDoesNotMatch');
  });

  it('a request signed 20 minutes ago is rejected as outside the clock-skew window', async () => {
    const old = await signedStsRequest({ date: new Date(Date.now() - 20 * 60_000) });
    const r = await send(old);
    expect(r.status).toBe(403);
    expect(xmlCode(r.text)).toBe('SignatureDoesNotMatch');
    expect(xmlMessage(r.text)).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - \d+ min\.\)$/);
  });

  it('an unsigned request fails with MissingAuthenticationToken', async () => {
    const r = await send({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(r.status).toBe(403);
    expect(xmlCode(r.text)).toBe('MissingAuthenticationToken');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an expired presigned URL is rejected', async () => {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      sha256: Sha256,
    });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: url.host },
      },
      { expiresIn: 60, signingDate: new Date(Date.now() - 5 * 60_000) },
    );
    const qs = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const r = await send({ method: 'GET', path: `/?${qs}`, headers: {} });
    expect(r.status).toBe(403);
    expect(xmlMessage(r.text)).toMatch(/expired/i);

    const fresh = await signer.presign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: url.host },
      },
      { expiresIn: 60 },
    );
    const ok = await send({ method: 'GET', path: `/?${new URLSearchParams(fresh.query as Record<string, string>)}`, headers: {} });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(`<Arn>arn:aws:iam::${server.accountId}:root</Arn>`);
  });
});
