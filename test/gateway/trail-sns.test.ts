/**
 * CloudTrail SnsTopicName through the SDK v3 clients, in-process: the topic policy check on CreateTrail/UpdateTrail,
 * one SNS notification per delivered log file fanned out into an SQS queue (CloudTrail's message shape, read back
 * and followed to the log file), and GetTrailStatus's LatestNotification* members.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateTopicCommand, DeleteTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { cloudTrailTopicPolicy, flushTrail, snsQueuePolicy } from '../support/notifications.js';

let h: GatewayHarness;
let ct: CloudTrailClient;
let sns: SNSClient;
let sqs: SQSClient;
let s3: S3Client;
let sts: STSClient;

beforeAll(async () => {
  h = await gatewayHarness();
  ct = new CloudTrailClient(h.clientConfig());
  sns = new SNSClient(h.clientConfig());
  sqs = new SQSClient(h.clientConfig());
  s3 = new S3Client(h.clientConfig());
  sts = new STSClient(h.clientConfig());
});
afterAll(() => h?.close());

const trailArn = (name: string) => `arn:aws:cloudtrail:${h.region}:${h.accountId}:trail/${name}`;

async function bucket(name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: cloudTrailBucketPolicy(name, h.accountId) }));
}

/** A topic fanned out to a queue whose policy lets the topic in. */
async function topicWithQueue(name: string): Promise<{ topicArn: string; queueUrl: string }> {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
  const queueArn = `arn:aws:sqs:${h.region}:${h.accountId}:${name}-q`;
  const queueUrl = (
    await sqs.send(new CreateQueueCommand({ QueueName: `${name}-q`, Attributes: { Policy: snsQueuePolicy(queueArn, topicArn) } }))
  ).QueueUrl!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return { topicArn, queueUrl };
}

async function drain(QueueUrl: string): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = [];
  for (;;) {
    const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
    if (got.length === 0) return out;
    for (const m of got) {
      out.push(JSON.parse(m.Body!));
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

describe('CloudTrail SnsTopicName', () => {
  it('refuses a topic that does not exist or whose policy does not let CloudTrail publish', async () => {
    await bucket('ct-sns-refused');
    await sns.send(new CreateTopicCommand({ Name: 'no-cloudtrail' }));
    for (const SnsTopicName of ['missing-topic', 'no-cloudtrail', `arn:aws:sns:${h.region}:${h.accountId}:no-cloudtrail`]) {
      const err = await ct.send(new CreateTrailCommand({ Name: 'refused', S3BucketName: 'ct-sns-refused', SnsTopicName })).catch((e) => e);
      expect(err.name).toBe('InsufficientSnsTopicPolicyException');
      expect(err.message).toBe('SNS Topic does not exist or the topic policy is incorrect!');
    }
    // A policy for another trail's SourceArn does not do either.
    const arn = `arn:aws:sns:${h.region}:${h.accountId}:no-cloudtrail`;
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'Policy',
        AttributeValue: cloudTrailTopicPolicy(arn, trailArn('other')),
      }),
    );
    const err = await ct
      .send(new CreateTrailCommand({ Name: 'refused', S3BucketName: 'ct-sns-refused', SnsTopicName: 'no-cloudtrail' }))
      .catch((e) => e);
    expect(err.name).toBe('InsufficientSnsTopicPolicyException');
  });

  it('sends one notification per delivered log file, in CloudTrail shape, and reports it in GetTrailStatus', async () => {
    await bucket('ct-sns-logs');
    const { topicArn, queueUrl } = await topicWithQueue('trail-notes');
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'Policy',
        AttributeValue: cloudTrailTopicPolicy(topicArn, trailArn('noted')),
      }),
    );
    const created = await ct.send(new CreateTrailCommand({ Name: 'noted', S3BucketName: 'ct-sns-logs', SnsTopicName: 'trail-notes' }));
    expect(created).toMatchObject({ SnsTopicName: 'trail-notes', SnsTopicARN: topicArn });
    expect((await ct.send(new GetTrailCommand({ Name: 'noted' }))).Trail).toMatchObject({
      SnsTopicName: 'trail-notes',
      SnsTopicARN: topicArn,
    });
    let status = await ct.send(new GetTrailStatusCommand({ Name: 'noted' }));
    expect(status.LatestNotificationTime).toBeUndefined();
    expect(status.LatestNotificationAttemptTime).toBe('');

    await ct.send(new StartLoggingCommand({ Name: 'noted' }));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(h.recordsFor((await sts.send(new GetCallerIdentityCommand({}))).$metadata.requestId!)[0]!.eventID);
    const flushed = await flushTrail(h, 'noted');
    expect(flushed.LogFilesDelivered).toBeGreaterThan(0);

    const envelopes = await drain(queueUrl);
    expect(envelopes).toHaveLength(flushed.LogFilesDelivered);
    const seen = new Set<string>();
    for (const env of envelopes) {
      expect(env).toMatchObject({ Type: 'Notification', TopicArn: topicArn });
      const message = JSON.parse(env.Message);
      expect(Object.keys(message).sort()).toEqual(['s3Bucket', 's3ObjectKey']);
      expect(message.s3Bucket).toBe('ct-sns-logs');
      expect(message.s3ObjectKey).toHaveLength(1);
      const obj = await s3.send(new GetObjectCommand({ Bucket: message.s3Bucket, Key: message.s3ObjectKey[0] }));
      const bytes = Buffer.from(await obj.Body!.transformToByteArray());
      const records = JSON.parse((obj.ContentEncoding === 'gzip' && bytes[0] === 0x1f ? gunzipSync(bytes) : bytes).toString()).Records;
      for (const r of records) seen.add(r.eventID);
    }
    for (const id of ids) expect(seen).toContain(id);

    status = await ct.send(new GetTrailStatusCommand({ Name: 'noted' }));
    expect(status.LatestNotificationTime).toBeInstanceOf(Date);
    expect(status.LatestNotificationError).toBeUndefined();
    expect(status.LatestNotificationAttemptTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status.LatestNotificationAttemptSucceeded).toBe(status.LatestNotificationAttemptTime);

    // The policy no longer lets CloudTrail publish: the file is still delivered, the notification is not.
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'Policy',
        AttributeValue: cloudTrailTopicPolicy(topicArn, trailArn('x')),
      }),
    );
    await sts.send(new GetCallerIdentityCommand({}));
    expect((await flushTrail(h, 'noted')).LogFilesDelivered).toBeGreaterThan(0);
    expect(await drain(queueUrl)).toHaveLength(0);
    status = await ct.send(new GetTrailStatusCommand({ Name: 'noted' }));
    expect(status.LatestNotificationError).toBe('AuthorizationError');
    expect(status.LatestDeliveryError).toBeUndefined();

    // The topic is deleted: NotFound.
    await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
    await sts.send(new GetCallerIdentityCommand({}));
    expect((await flushTrail(h, 'noted')).LogFilesDelivered).toBeGreaterThan(0);
    expect((await ct.send(new GetTrailStatusCommand({ Name: 'noted' }))).LatestNotificationError).toBe('NotFound');

    // An empty SnsTopicName removes the topic.
    const updated = await ct.send(new UpdateTrailCommand({ Name: 'noted', SnsTopicName: '' }));
    expect(updated.SnsTopicName).toBeUndefined();
    expect(updated.SnsTopicARN).toBeUndefined();
    const err = await ct.send(new UpdateTrailCommand({ Name: 'noted', SnsTopicName: 'missing-topic' })).catch((e) => e);
    expect(err.name).toBe('InsufficientSnsTopicPolicyException');
  });
});
