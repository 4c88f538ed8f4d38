import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../support/sha256.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * Malformed input at every protocol, signed correctly so it reaches the parsers: the answer is always
 * an AWS-shaped 4xx, never a 5xx or a dropped connection, and the server keeps serving.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Target {
  name: string;
  service: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

const TARGETS: Target[] = [
  {
    name: 'cloudhsmv2 (json)',
    service: 'cloudhsm',
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': 'BaldrApiService.CreateCluster', 'content-type': 'application/x-amz-json-1.1' },
  },
  {
    name: 'cloudtrail (json)',
    service: 'cloudtrail',
    method: 'POST',
    path: '/',
    headers: {
      'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.CreateTrail',
      'content-type': 'application/x-amz-json-1.1',
    },
  },
  { name: 'sts (query)', service: 'sts', method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 'iam (query)', service: 'iam', method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 'ec2 (ec2)', service: 'ec2', method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 's3 (rest-xml)', service: 's3', method: 'POST', path: '/fuzz-bucket?delete', headers: { 'content-type': 'application/xml' } },
  {
    name: 'sqs (json 1.0, query-compatible)',
    service: 'sqs',
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' },
  },
  { name: 'sns (query)', service: 'sns', method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  {
    name: 'eventbridge (json)',
    service: 'events',
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': 'AWSEvents.PutRule', 'content-type': 'application/x-amz-json-1.1' },
  },
];

async function signedSend(t: Target, body: Buffer, extraHeaders: Record<string, string> = {}) {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({
    service: t.service,
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    sha256: Sha256,
  });
  const [path, query] = t.path.split('?');
  const req = await signer.sign({
    method: t.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: path!,
    query: query ? { [query]: '' } : undefined,
    headers: { host: url.host, ...t.headers, ...extraHeaders, 'x-amz-content-sha256': await hash(body) },
    body,
  });
  const res = await fetch(`${server.endpoint}${t.path}`, { method: t.method, headers: req.headers, body: new Uint8Array(body) });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

async function hash(body: Buffer) {
  const h = new Sha256();
  h.update(body);
  return Buffer.from(await h.digest()).toString('hex');
}

function awsShaped(text: string): boolean {
  if (text.startsWith('{')) return typeof JSON.parse(text).__type === 'string';
  return /<Code>[A-Za-z.]+<\/Code>/.test(text);
}

const bodies = fc.oneof(
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), // bad UTF-8, binary
  fc.json().map((j) => Buffer.from(j.slice(0, Math.max(1, j.length - 1)))), // truncated JSON
  fc
    .constantFrom(
      '{',
      '{"ClusterId": 5}',
      '{"SubnetIds": "x"}',
      '[]',
      'null',
      'Action=&Version=',
      'Action=CreateUser&Version=2010-05-08&UserName=',
      '<Delete><Object>',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Delete/>',
      'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.x.Value=1',
    )
    .map((s) => Buffer.from(s)),
);
const contentTypes = fc.constantFrom(
  undefined,
  'text/plain',
  'application/json',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded; charset=latin1',
  '\u00ff',
);

describe('malformed input at every protocol', () => {
  for (const target of TARGETS) {
    it(`${target.name}: always an AWS-shaped 4xx`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies, contentTypes, async (body, contentType) => {
          const headers: Record<string, string> = contentType && /^[\x20-\x7e]*$/.test(contentType) ? { 'content-type': contentType } : {};
          const r = await signedSend(target, body, headers);
          expect(r.status, r.text).toBeGreaterThanOrEqual(400);
          expect(r.status, r.text).toBeLessThan(500);
          expect(awsShaped(r.text), r.text).toBe(true);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('an oversized body is refused with a 4xx before it is buffered', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x61);
    const r = await signedSend(TARGETS[2]!, big);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('absurd headers get a 4xx and the server keeps serving', async () => {
    const reply = await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431/);
    const garbage = await rawRequest('\x00\x01\x02 NOT HTTP\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${server.endpoint}/health`)).status).toBe(200);
  });

  it('the server is still up and answering signed calls after all of it', async () => {
    const r = await signedSend(TARGETS[2]!, Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'), {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(r.status).toBe(200);
  });
});

function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.on('error', (err) => (out ? resolve(out) : reject(err)));
  });
}
