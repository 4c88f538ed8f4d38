/**
 * SQS message calls are CloudTrail data events: stored only when a logging trail's advanced event selectors
 * select AWS::SQS::Queue, named by the queue, never carrying message bodies, and delivered in the trail's log files. The queue Policy is a
 * resource-based policy: it lets an IAM user with no identity policy send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { cloudTrailBucketPolicy, deliveredRecords } from '../conformance/trail-helpers.js';
import { flushTrail } from '../support/notifications.js';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

let h: GatewayHarness;
let sqs: SQSClient;

beforeAll(async () => {
  h = await gatewayHarness();
  sqs = new SQSClient(h.clientConfig());
});
afterAll(() => h?.close());

async function selectSqsDataEvents(): Promise<void> {
  const s3 = new S3Client(h.clientConfig());
  const ct = new CloudTrailClient(h.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: 'sqs-trail-logs' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'sqs-trail-logs', Policy: cloudTrailBucketPolicy('sqs-trail-logs', h.accountId) }));
  await ct.send(new CreateTrailCommand({ Name: 'sqs-data', S3BucketName: 'sqs-trail-logs' }));
  await ct.send(new StartLoggingCommand({ Name: 'sqs-data' }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: 'sqs-data',
      AdvancedEventSelectors: [
        {
          Name: 'sqs messages',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::SQS::Queue'] },
          ],
        },
      ],
    }),
  );
}

describe('SQS data events', () => {
  it('are recorded once selected, with the queue as resource and the body hidden', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'selected' }))).QueueUrl!;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'before selection' }));
    expect(h.records().filter((r) => r.eventName === 'SendMessage')).toEqual([]);

    await selectSqsDataEvents();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'top secret body' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));

    const arn = `arn:aws:sqs:${h.region}:${h.accountId}:selected`;
    const data = h.records().filter((r) => r.eventSource === 'sqs.amazonaws.com' && r.eventCategory === 'Data');
    expect(data.map((r) => r.eventName)).toEqual(['SendMessage', 'ReceiveMessage', 'DeleteMessage']);
    for (const r of data) {
      expect(r).toMatchObject({ managementEvent: false, resources: [{ type: 'AWS::SQS::Queue', ARN: arn, accountId: h.accountId }] });
    }
    expect(data[0]!.requestParameters).toMatchObject({ queueUrl: url, messageBody: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
    expect(data[1]!.responseElements).toBeNull();
    expect(JSON.stringify(h.records())).not.toMatch(/top secret body|before selection/);

    // The trail delivers them: its selector matches the stored event's resource type (AWS::SQS::Queue) too.
    expect((await flushTrail(h, 'sqs-data')).LogFilesDelivered).toBeGreaterThan(0);
    const delivered = (await deliveredRecords(new S3Client(h.clientConfig()), 'sqs-trail-logs')).map((d) => d.record.eventID);
    expect(delivered).toEqual(expect.arrayContaining(data.map((r) => r.eventID)));
  });
});

describe('the queue Policy', () => {
  it('allows a principal with no identity policy to SendMessage, and nothing else', async () => {
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'producer' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'producer' }))).AccessKey!;
    const producer = new SQSClient(h.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'inbox' }))).QueueUrl!;
    const arn = `arn:aws:sqs:${h.region}:${h.accountId}:inbox`;

    await expect(producer.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hi' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      Code: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${h.accountId}:user/producer` }, Action: 'sqs:SendMessage', Resource: arn },
      ],
    };
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
    expect((await producer.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hi' }))).MessageId).toBeDefined();
    await expect(producer.send(new ReceiveMessageCommand({ QueueUrl: url }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
