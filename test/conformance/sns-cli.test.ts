/**
 * SNS from the AWS CLI against a spawned `hsmtrail serve`: create-topic, an SQS queue whose Policy lets the topic
 * in, subscribe, publish, then `aws sqs receive-message` shows the signed notification, which verifies against
 * the certificate fetched over plain HTTP from its SigningCertURL (no SigV4, as on AWS).
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliJson, hasTool } from '../support/tools.js';

const enabled = hasTool('aws');
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-sns-cli-'));
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(enabled)('SNS with the AWS CLI', () => {
  it('create-topic, subscribe a queue, publish; receive-message gets a notification that verifies', async () => {
    server = await startServer();
    const env = server.awsEnv();
    const { accountId, endpoint } = server;
    const region = env.AWS_DEFAULT_REGION ?? env.AWS_REGION ?? 'us-east-1';
    const topicArn = `arn:aws:sns:${region}:${accountId}:cli-topic`;
    const queueArn = `arn:aws:sqs:${region}:${accountId}:cli-sns-queue`;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queueArn,
          Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
        },
      ],
    };
    const attributes = join(dir, 'queue-attributes.json');
    writeFileSync(attributes, JSON.stringify({ Policy: JSON.stringify(policy) }));
    const sqs = (...args: string[]) => ['sqs', ...args, '--endpoint-url', endpoint];
    const sns = (...args: string[]) => ['sns', ...args, '--endpoint-url', endpoint];
    const queueUrl = `${endpoint}/${accountId}/cli-sns-queue`;
    const [topic, , sub, published, received] = await awsBatch(env, [
      sns('create-topic', '--name', 'cli-topic'),
      sqs('create-queue', '--queue-name', 'cli-sns-queue', '--attributes', `file://${attributes}`),
      sns('subscribe', '--topic-arn', topicArn, '--protocol', 'sqs', '--notification-endpoint', queueArn),
      sns('publish', '--topic-arn', topicArn, '--message', 'from the cli', '--subject', 'cli'),
      sqs('receive-message', '--queue-url', queueUrl),
    ]);
    expect(cliJson(topic, 'create-topic').TopicArn).toBe(topicArn);
    expect(cliJson(sub, 'subscribe').SubscriptionArn).toMatch(new RegExp(`^${topicArn}:`));
    const messageId = cliJson(published, 'publish').MessageId as string;
    const [m] = cliJson(received, 'receive-message').Messages;
    const env2 = JSON.parse(m.Body);
    expect(env2).toMatchObject({ Type: 'Notification', MessageId: messageId, TopicArn: topicArn, Message: 'from the cli', Subject: 'cli' });

    const res = await fetch(env2.SigningCertURL);
    expect(res.status).toBe(200);
    const cert = new X509Certificate(await res.text());
    const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${env2[k]}\n`).join('');
    expect(createVerify('RSA-SHA1').update(canonical).verify(cert.publicKey, env2.Signature, 'base64')).toBe(true);
  }, 180_000);
});
