/**
 * S3 event notifications through the SDK v3 clients, in-process: Put/GetBucketNotificationConfiguration round trip
 * and S3's validation (destination existence and policy, event types, overlaps), the s3:TestEvent, event messages
 * for PutObject, CopyObject, CompleteMultipartUpload, DeleteObject(s) with prefix/suffix filters, delivered to SQS
 * directly and through an SNS topic, and the events of trail deliveries into the built-in bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { flushTrail, queuePolicyFor, s3TopicPolicy, snsQueuePolicy } from '../support/notifications.js';

let h: GatewayHarness;
let s3: S3Client;
let sqs: SQSClient;
let sns: SNSClient;

beforeAll(async () => {
  h = await gatewayHarness();
  s3 = new S3Client(h.clientConfig());
  sqs = new SQSClient(h.clientConfig());
  sns = new SNSClient(h.clientConfig());
});
afterAll(() => h?.close());

const queueArn = (name: string) => `arn:aws:sqs:${h.region}:${h.accountId}:${name}`;

/** A queue S3 may send to from `bucket` (or, with policy false, one without a policy). */
async function queue(name: string, bucket: string, policy = true): Promise<string> {
  const Attributes = policy ? { Policy: queuePolicyFor(queueArn(name), `arn:aws:s3:::${bucket}`, 's3.amazonaws.com') } : {};
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
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

const put = (Bucket: string, NotificationConfiguration: NotificationConfiguration) =>
  s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration }));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({}) as any,
    (e) => e,
  );

describe('PutBucketNotificationConfiguration validation', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'notes-checked' }));
  });

  it('refuses a queue that does not exist or whose policy does not let S3 send from this bucket', async () => {
    await queue('no-policy', 'notes-checked', false);
    await queue('other-bucket', 'another-bucket');
    for (const name of ['missing-queue', 'no-policy', 'other-bucket']) {
      const err = await refusal(
        put('notes-checked', { QueueConfigurations: [{ QueueArn: queueArn(name), Events: ['s3:ObjectCreated:*'] }] }),
      );
      expect(err.name).toBe('InvalidArgument');
      expect(err.message).toBe('Unable to validate the following destination configurations');
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'no-s3' }))).TopicArn!;
    const err = await refusal(put('notes-checked', { TopicConfigurations: [{ TopicArn: topicArn, Events: ['s3:ObjectCreated:*'] }] }));
    expect(err.message).toBe('Unable to validate the following destination configurations');
    expect((await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'notes-checked' }))).QueueConfigurations).toBeUndefined();
  });

  it('refuses unknown event types and overlapping configurations for the same event type', async () => {
    const arn = queueArn('checked-q');
    await queue('checked-q', 'notes-checked');
    const bad = await refusal(
      put('notes-checked', { QueueConfigurations: [{ QueueArn: arn, Events: ['s3:ObjectCreated:Get' as never] }] }),
    );
    expect(bad.name).toBe('InvalidArgument');
    const overlap = (a: string, b: string) =>
      refusal(
        put('notes-checked', {
          QueueConfigurations: [
            { Id: 'a', QueueArn: arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: a }] } } },
            { Id: 'b', QueueArn: arn, Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: b }] } } },
          ],
        }),
      );
    const err = await overlap('logs/', 'logs/2026/');
    expect(err.name).toBe('InvalidArgument');
    expect(err.message).toBe('Configurations overlap. Configurations on the same bucket cannot share a common event type.');
    expect((await overlap('logs/', 'images/')).name).toBeUndefined(); // disjoint prefixes are fine
  });
});

describe('event notifications', () => {
  let direct: string;
  let viaTopic: string;
  let topicArn: string;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'notes' }));
    direct = await queue('notes-direct', 'notes');
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'notes-topic' }))).TopicArn!;
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: s3TopicPolicy(topicArn, 'notes') }),
    );
    viaTopic = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: 'notes-fanout', Attributes: { Policy: snsQueuePolicy(queueArn('notes-fanout'), topicArn) } }),
      )
    ).QueueUrl!;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn('notes-fanout') }));
  });

  it('round-trips the configuration and sends s3:TestEvent to each destination', async () => {
    const configuration: NotificationConfiguration = {
      QueueConfigurations: [
        {
          Id: 'created-logs',
          QueueArn: queueArn('notes-direct'),
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'prefix', Value: 'logs/' },
                { Name: 'suffix', Value: '.json' },
              ],
            },
          },
        },
        { Id: 'removed', QueueArn: queueArn('notes-direct'), Events: ['s3:ObjectRemoved:*'] },
      ],
      TopicConfigurations: [
        {
          Id: 'created-images',
          TopicArn: topicArn,
          Events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:Copy'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } },
        },
      ],
    };
    const out = await put('notes', configuration);
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'notes' }));
    expect(got.QueueConfigurations).toEqual(configuration.QueueConfigurations);
    expect(got.TopicConfigurations).toEqual(configuration.TopicConfigurations);

    const tests = await drain(direct);
    expect(tests).toHaveLength(1);
    expect(tests[0]).toEqual({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      Bucket: 'notes',
      RequestId: out.$metadata.requestId,
      HostId: out.$metadata.extendedRequestId,
    });
    const viaSns = await drain(viaTopic);
    expect(viaSns).toHaveLength(1);
    expect(viaSns[0]).toMatchObject({ Type: 'Notification', TopicArn: topicArn, Subject: 'Amazon S3 Notification' });
    expect(JSON.parse(viaSns[0]!.Message)).toMatchObject({ Event: 's3:TestEvent', Bucket: 'notes' });
  });

  it('sends S3-shaped records for put, copy, multipart and deletes, filtered by prefix and suffix', async () => {
    const putOut = await s3.send(new PutObjectCommand({ Bucket: 'notes', Key: 'logs/a b+c.json', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: 'notes', Key: 'logs/skipped.txt', Body: 'x' })); // suffix does not match
    await s3.send(new PutObjectCommand({ Bucket: 'notes', Key: 'other/x.json', Body: 'x' })); // prefix does not match
    await s3.send(new CopyObjectCommand({ Bucket: 'notes', Key: 'logs/copy.json', CopySource: 'notes/logs/a%20b%2Bc.json' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'notes', Key: 'logs/multi.json' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'notes', Key: 'logs/multi.json', UploadId, PartNumber: 1, Body: 'part' }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'notes',
        Key: 'logs/multi.json',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'notes', Key: 'other/x.json' }));
    await s3.send(new DeleteObjectsCommand({ Bucket: 'notes', Delete: { Objects: [{ Key: 'logs/skipped.txt' }] } }));

    const records = (await drain(direct)).map((m) => m.Records[0]);
    expect(records.map((r) => [r.eventName, r.s3.object.key])).toEqual([
      ['ObjectCreated:Put', 'logs/a+b%2Bc.json'],
      ['ObjectCreated:Copy', 'logs/copy.json'],
      ['ObjectCreated:CompleteMultipartUpload', 'logs/multi.json'],
      ['ObjectRemoved:Delete', 'other/x.json'],
      ['ObjectRemoved:Delete', 'logs/skipped.txt'],
    ]);
    const first = records[0];
    expect(first).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: h.region,
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: expect.stringMatching(/^AWS:/) },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': putOut.$metadata.requestId, 'x-amz-id-2': putOut.$metadata.extendedRequestId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'created-logs',
        bucket: { name: 'notes', ownerIdentity: { principalId: expect.stringMatching(/^[0-9a-f]{64}$/) }, arn: 'arn:aws:s3:::notes' },
        object: {
          key: 'logs/a+b%2Bc.json',
          size: 5,
          eTag: putOut.ETag!.replace(/"/g, ''),
          sequencer: expect.stringMatching(/^[0-9A-F]+$/),
        },
      },
    });
    expect(records[3].s3.configurationId).toBe('removed');
    expect(records[3].s3.object).not.toHaveProperty('size');
    const sequencers = records.map((r) => r.s3.sequencer ?? r.s3.object.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);

    await s3.send(new PutObjectCommand({ Bucket: 'notes', Key: 'images/cat.png', Body: 'meow' }));
    const viaSns = await drain(viaTopic);
    expect(viaSns).toHaveLength(1);
    const rec = JSON.parse(viaSns[0]!.Message).Records[0];
    expect(rec).toMatchObject({
      eventName: 'ObjectCreated:Put',
      s3: { configurationId: 'created-images', object: { key: 'images/cat.png', size: 4 } },
    });
  });

  it('removes the configuration with an empty one', async () => {
    await put('notes', {});
    expect(await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'notes' }))).not.toHaveProperty('QueueConfigurations');
    await s3.send(new PutObjectCommand({ Bucket: 'notes', Key: 'logs/after.json', Body: 'x' }));
    expect(await drain(direct)).toHaveLength(0);
  });
});

describe('trail deliveries into the built-in bucket', () => {
  it('raise ObjectCreated:Put for each log file and digest', async () => {
    const ct = new CloudTrailClient(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-notes' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'trail-notes', Policy: cloudTrailBucketPolicy('trail-notes', h.accountId) }));
    const url = await queue('trail-notes-q', 'trail-notes');
    await put('trail-notes', {
      QueueConfigurations: [{ Id: 'files', QueueArn: queueArn('trail-notes-q'), Events: ['s3:ObjectCreated:*'] }],
    });
    await drain(url); // the test event
    await ct.send(new CreateTrailCommand({ Name: 'evented', S3BucketName: 'trail-notes', EnableLogFileValidation: true }));
    await ct.send(new StartLoggingCommand({ Name: 'evented' }));
    await new STSClient(h.clientConfig()).send(new GetCallerIdentityCommand({}));
    const flushed = await flushTrail(h, 'evented');
    expect(flushed.LogFilesDelivered).toBeGreaterThan(0);
    const records = (await drain(url)).map((m) => m.Records[0]);
    const keys = records.map((r) => r.s3.object.key as string);
    expect(keys.filter((k) => k.includes('/CloudTrail/'))).toHaveLength(flushed.LogFilesDelivered);
    expect(keys.filter((k) => k.includes('/CloudTrail-Digest/'))).toHaveLength(flushed.DigestFilesDelivered);
    expect(records.every((r) => r.eventName === 'ObjectCreated:Put' && r.userIdentity.principalId === 'AWS:cloudtrail.amazonaws.com')).toBe(
      true,
    );
  });
});
