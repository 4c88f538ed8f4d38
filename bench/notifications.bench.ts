/**
 * Notification lag, on a spawned server: for each of BENCH_NOTIFY_FILES (default 30) log files, one call is made,
 * a long poll is started on each queue, and the trail is flushed (one file); the lag is the time from the flush's
 * start until the message is received, for the CloudTrail SNS notification (topic -> queue) and for the trail
 * bucket's S3 ObjectCreated event (-> queue). The peer is the flush alone (the delivery's own cost, which the lag
 * includes), measured in the same run.
 */
import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createDeliveryBucket, createLoggingTrail, flushTrail, s3Client, trailClient } from '../test/conformance/trail-helpers.js';
import { cloudTrailTopicPolicy, queuePolicyFor, snsQueuePolicy } from '../test/support/notifications.js';
import type { RunningServer } from '../test/support/server.js';
import { startHsmtrail, type Bench, type BenchRow } from './harness.js';

const FILES = Number(process.env.BENCH_NOTIFY_FILES ?? 30);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

function clients(server: RunningServer) {
  const config = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  return { sns: new SNSClient(config), sqs: new SQSClient(config), sts: new STSClient(config) };
}

/** Resolves with the receive time of the first message on the queue. */
async function firstMessage(sqs: SQSClient, QueueUrl: string): Promise<number> {
  for (;;) {
    const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }))).Messages ?? [];
    if (got.length === 0) continue;
    const at = performance.now();
    for (const m of got) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
    return at;
  }
}

async function setUp(server: RunningServer): Promise<{ snsQueue: string; s3Queue: string }> {
  const { sns, sqs } = clients(server);
  const account = server.accountId;
  await createDeliveryBucket(s3Client(server), 'bench-notify', account);
  const trailArn = await createLoggingTrail(server, 'notify', 'bench-notify');
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'bench-notify' }))).TopicArn!;
  await sns.send(
    new SetTopicAttributesCommand({
      TopicArn: topicArn,
      AttributeName: 'Policy',
      AttributeValue: cloudTrailTopicPolicy(topicArn, trailArn),
    }),
  );
  const snsArn = `arn:aws:sqs:us-east-1:${account}:bench-sns`;
  const snsQueue = (
    await sqs.send(new CreateQueueCommand({ QueueName: 'bench-sns', Attributes: { Policy: snsQueuePolicy(snsArn, topicArn) } }))
  ).QueueUrl!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: snsArn }));
  await trailClient(server).send(new UpdateTrailCommand({ Name: 'notify', SnsTopicName: 'bench-notify' }));
  const s3Arn = `arn:aws:sqs:us-east-1:${account}:bench-s3`;
  const s3Policy = queuePolicyFor(s3Arn, 'arn:aws:s3:::bench-notify', 's3.amazonaws.com');
  const s3Queue = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-s3', Attributes: { Policy: s3Policy } }))).QueueUrl!;
  await s3Client(server).send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: 'bench-notify',
      NotificationConfiguration: {
        QueueConfigurations: [
          { QueueArn: s3Arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'AWSLogs/' }] } } },
        ],
      },
    }),
  );
  await firstMessage(sqs, s3Queue); // the s3:TestEvent
  return { snsQueue, s3Queue };
}

export const notificationsBench: Bench = {
  name: 'notifications',
  async run(): Promise<BenchRow[]> {
    // A long delivery interval: only the flushes deliver, one file each.
    const server = await startHsmtrail(['--delivery-interval', '3600', '--digest-period', '3600']);
    try {
      const { sqs, sts } = clients(server);
      const { snsQueue, s3Queue } = await setUp(server);
      await flushTrail(server, 'notify');
      const sns: number[] = [];
      const s3: number[] = [];
      const flushes: number[] = [];
      for (let i = 0; i < FILES; i++) {
        await sts.send(new GetCallerIdentityCommand({}));
        const viaSns = firstMessage(sqs, snsQueue);
        const viaS3 = firstMessage(sqs, s3Queue);
        const started = performance.now();
        await flushTrail(server, 'notify');
        flushes.push(performance.now() - started);
        sns.push((await viaSns) - started);
        s3.push((await viaS3) - started);
      }
      const note = `${FILES} files, spawned server, shared 2-core machine under load`;
      return [
        { benchmark: 'notifications', subject: 'CloudTrail SNS -> SQS lag p50', value: pct(sns, 50), unit: 'ms', note },
        { benchmark: 'notifications', subject: 'CloudTrail SNS -> SQS lag p99', value: pct(sns, 99), unit: 'ms', note },
        { benchmark: 'notifications', subject: 'S3 event -> SQS lag p50', value: pct(s3, 50), unit: 'ms', note },
        { benchmark: 'notifications', subject: 'S3 event -> SQS lag p99', value: pct(s3, 99), unit: 'ms', note },
        { benchmark: 'notifications', subject: 'peer: flush (delivery) alone p50', value: pct(flushes, 50), unit: 'ms', note },
        { benchmark: 'notifications', subject: 'peer: flush (delivery) alone p99', value: pct(flushes, 99), unit: 'ms', note },
      ];
    } finally {
      await server.stop();
    }
  },
};
