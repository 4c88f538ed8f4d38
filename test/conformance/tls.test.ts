import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, run } from '../support/tools.js';
import { storedRecords } from './history-support.js';

/** `hsmtrail serve --tls-cert/--tls-key`: HTTPS for every service, and CloudTrail's tlsDetails in each event. */
const haveOpenssl = hasTool('openssl', ['version']);
let server: RunningServer;
let ca: Buffer;

beforeAll(async () => {
  if (!haveOpenssl) return;
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-tls-'));
  const made = await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    process.env,
  );
  expect(made.status).toBe(0);
  ca = readFileSync(join(dir, 'cert.pem'));
  server = await startServer({ args: ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')] });
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!haveOpenssl)('TLS', () => {
  it('serves HTTPS; the SDK verifies the certificate and calls succeed', async () => {
    expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca }) }),
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:iam::${server.accountId}:root`);
  });

  it('records tlsDetails (version, cipher suite, host header) in the event', async () => {
    const event = (await storedRecords(server.dataDir)).find((r) => r.eventName === 'GetCallerIdentity');
    expect(event.tlsDetails).toEqual({
      tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/),
      cipherSuite: expect.stringMatching(/^TLS_|^ECDHE-/),
      clientProvidedHostHeader: server.endpoint.replace('https://', ''),
    });
  });

  it('plain HTTP on the TLS port is refused', async () => {
    const err = await fetch(server.endpoint.replace('https:', 'http:') + '/health').catch((e) => e);
    expect(err).toBeInstanceOf(Error);
  });
});
