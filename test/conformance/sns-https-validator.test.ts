/**
 * SNS https subscriptions against a spawned `hsmtrail serve --tls-cert/--tls-key`, checked by AWS's own message
 * validator for Node.js (`sns-validator`, aws/aws-js-sns-message-validator): the SubscriptionConfirmation POSTed to
 * an https endpoint and each Notification, for topics with SignatureVersion 1 and 2, pass its checks — required
 * keys, an https SigningCertURL ending in .pem on an allowed host, the certificate fetched from there, and the
 * signature over the documented string to sign ("Verifying the signatures of Amazon SNS messages"). The validator's
 * host pattern is the only thing set: AWS's default allows only sns.<region>.amazonaws.com.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import MessageValidator from 'sns-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, run } from '../support/tools.js';

const haveOpenssl = hasTool('openssl', ['version']);
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-sns-https-'));
let server: RunningServer | undefined;
let endpoint: https.Server | undefined;
let ca: Buffer;
const received: Array<{ type: string | undefined; body: string }> = [];
const waiters: Array<() => void> = [];

beforeAll(async () => {
  if (!haveOpenssl) return;
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  const files = ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')];
  const made = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', ...subject, ...files], process.env);
  expect(made.status, made.stderr).toBe(0);
  ca = readFileSync(join(dir, 'cert.pem'));
  const tls = ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')];
  // The server trusts the endpoint's certificate as a subscriber's would be trusted: through the CA store.
  server = await startServer({ args: tls, env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') } });
  endpoint = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ type: req.headers['x-amz-sns-message-type'] as string | undefined, body });
      res.end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => endpoint!.listen(0, '127.0.0.1', r));
}, 120_000);

afterAll(async () => {
  endpoint?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let taken = 0;
async function nextPost(): Promise<{ type: string | undefined; body: string }> {
  while (received.length <= taken) await new Promise<void>((r) => waiters.push(r));
  return received[taken++]!;
}

/** AWS's validator, allowing this server's host; it fetches SigningCertURL with https.get, trusting the test's CA. */
function validate(body: string): Promise<Record<string, string>> {
  const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
  const agent = https.globalAgent.options;
  const before = agent.ca;
  agent.ca = ca;
  return new Promise<Record<string, string>>((resolve, reject) =>
    validator.validate(body, (err, message) => (err ? reject(err) : resolve(message as Record<string, string>))),
  ).finally(() => (agent.ca = before));
}

/** A plain, unsigned https GET, as a subscriber visits a URL from a message. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent: new https.Agent({ ca }) }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe.skipIf(!haveOpenssl)('SNS https subscriptions, validated by sns-validator', () => {
  it('a SubscriptionConfirmation and Notifications of SignatureVersion 1 and 2 pass; a changed message does not', async () => {
    const sns = new SNSClient({
      endpoint: server!.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: server!.accessKeyId, secretAccessKey: server!.secretAccessKey },
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca }) }),
      maxAttempts: 1,
    });
    const hook = `https://127.0.0.1:${(endpoint!.address() as AddressInfo).port}/hook`;
    for (const version of ['1', '2']) {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `https-v${version}`, Attributes: { SignatureVersion: version } })))
        .TopicArn!;
      expect((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: hook }))).SubscriptionArn).toBe(
        'pending confirmation',
      );
      const confirmation = await nextPost();
      expect(confirmation.type).toBe('SubscriptionConfirmation');
      const c = await validate(confirmation.body);
      expect(c).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn, SignatureVersion: version });
      expect(c.SigningCertURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
      // v1 is confirmed through the API; v2 the way a web hook does it: a plain GET of the SubscribeURL.
      if (version === '1') await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: c.Token }));
      else
        expect(await get(c.SubscribeURL!)).toMatchObject({ status: 200, body: expect.stringContaining(`<SubscriptionArn>${TopicArn}:`) });

      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: `over https, v${version}`, Subject: 'validated' }));
      const notification = await nextPost();
      expect(notification.type).toBe('Notification');
      expect(await validate(notification.body)).toMatchObject({ Type: 'Notification', MessageId, SignatureVersion: version });
      const changed = notification.body.replace('over https', 'over http');
      await expect(validate(changed)).rejects.toThrow('The message signature is invalid.');
      if (version === '2') {
        const unsubscribe = (await validate(notification.body)).UnsubscribeURL!;
        expect((await get(unsubscribe)).status).toBe(200);
        expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([]);
      }
    }
  }, 120_000);
});
