/**
 * Log shippers reading CloudTrail through SQS, against a spawned server, with boto3 consumers
 * (notification_consumer.py):
 *   Falco-style: a trail's SnsTopicName fans out to a queue; every delivered log file is notified once and every
 *   record is read through the notification.
 *   Filebeat-style: the trail bucket's S3 ObjectCreated notifications go to a queue; after a kill -9 of the server
 *   in the middle of the load, every acknowledged call's record is read, exactly once after dedup by eventID.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';
import { createDeliveryBucket, createLoggingTrail, deliveredRecords, flushTrail, s3Client, trailClient } from './trail-helpers.js';
import { cloudTrailTopicPolicy, queuePolicyFor, snsQueuePolicy } from '../support/notifications.js';

const CONSUMER = resolve(import.meta.dirname, 'notification_consumer.py');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ARGS = ['--delivery-interval', '1', '--digest-period', '2'];

interface Consumed {
  messages: number;
  files: string[];
  eventIDs: string[];
  requestIDs: string[];
  duplicates: number;
}

async function consume(server: RunningServer, mode: 'falco' | 'filebeat', queueUrl: string): Promise<Consumed> {
  const r = await run('python3', [CONSUMER, mode, queueUrl, '6'], server.awsEnv(), undefined, 240_000);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Consumed;
}

const config = (server: RunningServer) => ({
  endpoint: server.endpoint,
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
});

/** Calls from a few SDK clients until stop(); the request ids of the answered ones. */
function load(server: RunningServer, clients = 3) {
  const acked: string[] = [];
  let running = true;
  const worker = async () => {
    const sts = new STSClient(config(server));
    while (running) {
      try {
        acked.push((await sts.send(new GetCallerIdentityCommand({}))).$metadata.requestId!);
      } catch {
        if (running) await sleep(20); // the server was killed: not acknowledged
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, worker));
  return {
    acked,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('Falco-style: CloudTrail SNS notifications to SQS, read with boto3', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.stop());

  it('notifies every delivered log file once and every record is read through its notification', async () => {
    server = await startServer({ args: ARGS });
    const sns = new SNSClient(config(server));
    const sqs = new SQSClient(config(server));
    await createDeliveryBucket(s3Client(server), 'falco-logs', server.accountId);
    const trailArn = await createLoggingTrail(server, 'falco', 'falco-logs');
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'falco-topic' }))).TopicArn!;
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'Policy',
        AttributeValue: cloudTrailTopicPolicy(topicArn, trailArn),
      }),
    );
    const queueArn = `arn:aws:sqs:us-east-1:${server.accountId}:falco-q`;
    const queueUrl = (
      await sqs.send(new CreateQueueCommand({ QueueName: 'falco-q', Attributes: { Policy: snsQueuePolicy(queueArn, topicArn) } }))
    ).QueueUrl!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
    await trailClient(server).send(new UpdateTrailCommand({ Name: 'falco', SnsTopicName: 'falco-topic' }));

    const calls = load(server);
    await sleep(3000); // several delivery intervals: several files
    await calls.stop();
    await flushTrail(server, 'falco');

    const consumed = await consume(server, 'falco', queueUrl);
    const delivered = await deliveredRecords(s3Client(server), 'falco-logs');
    const files = [...new Set(delivered.map((d) => d.key))];
    expect(files.length).toBeGreaterThan(1);
    // Files delivered before UpdateTrail set the topic are not notified; every later one is, once.
    expect(new Set(consumed.files).size).toBe(consumed.files.length);
    const notified = new Set(consumed.files);
    const after = delivered.filter((d) => notified.has(d.key));
    expect(consumed.files.every((k) => files.includes(k))).toBe(true);
    expect(consumed.eventIDs.sort()).toEqual(after.map((d) => d.record.eventID).sort());
    const read = new Set(consumed.requestIDs);
    expect(calls.acked.filter((id) => !read.has(id))).toEqual([]);
  }, 240_000);
});

describe('Filebeat-style: S3 event notifications of the trail bucket, across kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-filebeat-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every acknowledged call is read exactly once after dedup by eventID', async () => {
    server = await startServer({ args: ARGS, dataDir });
    const sqs = new SQSClient(config(server));
    await createDeliveryBucket(s3Client(server), 'beats-logs', server.accountId);
    const queueArn = `arn:aws:sqs:us-east-1:${server.accountId}:beats-q`;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'beats-q',
          Attributes: { Policy: queuePolicyFor(queueArn, 'arn:aws:s3:::beats-logs', 's3.amazonaws.com') },
        }),
      )
    ).QueueUrl!;
    await s3Client(server).send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'beats-logs',
        NotificationConfiguration: { QueueConfigurations: [{ Id: 'trail-files', QueueArn: queueArn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    await createLoggingTrail(server, 'beats', 'beats-logs');

    const acked: string[] = [];
    for (let round = 0; round < 2; round++) {
      const calls = load(server);
      await sleep(1500 + Math.floor(Math.random() * 1500));
      expect(await server.stop('SIGKILL')).toBeNull();
      await calls.stop();
      acked.push(...calls.acked);
      server = await startServer({ args: ARGS, dataDir });
    }
    const tail = load(server);
    await sleep(1500);
    await tail.stop();
    acked.push(...tail.acked);
    await flushTrail(server, 'beats');

    const consumed = await consume(server, 'filebeat', queueUrl);
    const delivered = await deliveredRecords(s3Client(server), 'beats-logs');
    expect(new Set(consumed.eventIDs).size).toBe(consumed.eventIDs.length);
    expect(consumed.eventIDs.sort()).toEqual(delivered.map((d) => d.record.eventID).sort());
    const read = new Set(consumed.requestIDs);
    const missing = acked.filter((id) => !read.has(id));
    expect(missing, `${missing.length} of ${acked.length} acknowledged calls not read`).toEqual([]);
  }, 300_000);
});
