/**
 * SQS through @aws-sdk/client-sqs (JSON 1.0), in-process: queues, messages (the SDK checks MD5OfBody and
 * MD5OfMessageAttributes on every send and receive), visibility, dead-letter redrive, long polling,
 * query-compatible errors, and what CloudTrail records.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

let h: GatewayHarness;
let sqs: SQSClient;

beforeAll(async () => {
  h = await gatewayHarness();
  sqs = new SQSClient(h.clientConfig());
});
afterAll(() => h?.close());

const create = async (QueueName: string, Attributes?: Record<string, string>) =>
  (await sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;
const attrs = async (QueueUrl: string) =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
const receive = (QueueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
  sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra })).then((r) => r.Messages ?? []);

describe('queues', () => {
  it('creates idempotently, finds by name, lists by prefix with pagination, deletes', async () => {
    const url = await create('orders');
    expect(url).toBe(`http://127.0.0.1:4599/${h.accountId}/orders`);
    expect(await create('orders')).toBe(url);
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '5' } }))).rejects.toMatchObject({
      name: 'QueueNameExists',
      Code: 'QueueAlreadyExists',
    });
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(url);
    for (const n of ['list-a', 'list-b', 'list-c']) await create(n);
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2 }));
    expect(first.QueueUrls!.map((u) => u.split('/').pop())).toEqual(['list-a', 'list-b']);
    const second = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueueUrls!.map((u) => u.split('/').pop())).toEqual(['list-c']);
    expect(second.NextToken).toBeUndefined();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('answers a missing queue with the query-compatible code AWS.SimpleQueueService.NonExistentQueue', async () => {
    const raw = await h.send(
      await h.sign(
        {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueUrl' },
          body: Buffer.from(JSON.stringify({ QueueName: 'nope' })),
        },
        'sqs',
      ),
    );
    expect(raw.status).toBe(400);
    expect(raw.headers['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(raw.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(raw.body).__type).toBe('QueueDoesNotExist');
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('reads and sets attributes, with the derived read-only ones', async () => {
    const url = await create('attrs', { VisibilityTimeout: '12', DelaySeconds: '0' });
    const a = await attrs(url);
    expect(a).toMatchObject({
      VisibilityTimeout: '12',
      MessageRetentionPeriod: '345600',
      MaximumMessageSize: '262144',
      ReceiveMessageWaitTimeSeconds: '0',
      ApproximateNumberOfMessages: '0',
      QueueArn: `arn:aws:sqs:${h.region}:${h.accountId}:attrs`,
    });
    expect(Number(a.CreatedTimestamp)).toBeGreaterThan(1_600_000_000);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '40' } }));
    expect((await attrs(url)).VisibilityTimeout).toBe('40');
    await expect(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Bogus' as never] }))).rejects.toMatchObject({
      name: 'InvalidAttributeName',
      Code: 'InvalidAttributeName',
      message: 'Unknown Attribute Bogus.',
    });
    await expect(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '99999' } })),
    ).rejects.toMatchObject({
      name: 'InvalidAttributeValue',
    });
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'f.fifo', Attributes: { FifoQueue: 'true' } }))).rejects.toMatchObject({
      name: 'UnsupportedOperation',
    });
  });

  it('tags and untags', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'a' } }))).QueueUrl!;
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'dev' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['team'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ env: 'dev' });
  });
});

describe('messages', () => {
  it('sends with attributes, receives (the SDK verifies both MD5s), hides while in flight, deletes', async () => {
    const url = await create('work');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'héllo wörld',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'greeting' },
          n: { DataType: 'Number', StringValue: '42' },
          raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
        },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('héllo wörld').digest('hex'));
    const [m] = await receive(url, { MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], VisibilityTimeout: 30 });
    expect(m).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo wörld', MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(m!.MessageAttributes!.kind).toMatchObject({ DataType: 'String', StringValue: 'greeting' });
    expect(Buffer.from(m!.MessageAttributes!.raw!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(m!.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: expect.any(String) });
    expect(await receive(url)).toEqual([]);
    expect(await attrs(url)).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle!, VisibilityTimeout: 0 }));
    // The deprecated AttributeNames takes message system attribute names too, as SQS accepts them.
    const [again] = await receive(url, { AttributeNames: ['ApproximateReceiveCount' as never] });
    expect(again!.Attributes!.ApproximateReceiveCount).toBe('2');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle! }));
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle!, VisibilityTimeout: 0 })).then(
      () => expect.unreachable(),
      (e) => expect(e).toMatchObject({ name: 'MessageNotInflight', Code: 'AWS.SimpleQueueService.MessageNotInflight' }),
    );
    expect(await attrs(url)).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('batches: send, change visibility and delete, with per-entry failures', async () => {
    const url = await create('batch');
    const sent = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: ['1', '2', '3'].map((Id) => ({ Id, MessageBody: `body ${Id}` })) }),
    );
    expect(sent.Successful!.map((e) => e.Id)).toEqual(['1', '2', '3']);
    const got = await receive(url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body).sort()).toEqual(['body 1', 'body 2', 'body 3']);
    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: got[0]!.ReceiptHandle!, VisibilityTimeout: 60 },
          { Id: 'b', ReceiptHandle: 'garbage', VisibilityTimeout: 60 },
        ],
      }),
    );
    expect(changed.Successful!.map((e) => e.Id)).toEqual(['a']);
    expect(changed.Failed).toEqual([expect.objectContaining({ Id: 'b', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
    );
    expect(deleted.Successful).toHaveLength(3);
    await expect(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] }))).rejects.toMatchObject({
      Code: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
  });

  it('delays messages by DelaySeconds and purges', async () => {
    const url = await create('delayed');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 60 }));
    expect(await receive(url)).toEqual([]);
    expect((await attrs(url)).ApproximateNumberOfMessagesDelayed).toBe('1');
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await attrs(url)).ApproximateNumberOfMessagesDelayed).toBe('0');
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const dlqUrl = await create('dead');
    const dlqArn = (await attrs(dlqUrl)).QueueArn!;
    const url = await create('flaky', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const [m] = await receive(url, { VisibilityTimeout: 0 });
      expect(m!.Body).toBe('poison');
    }
    expect(await receive(url)).toEqual([]);
    const [dead] = await receive(dlqUrl, { MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'] });
    expect(dead).toMatchObject({
      Body: 'poison',
      Attributes: { DeadLetterQueueSourceArn: `arn:aws:sqs:${h.region}:${h.accountId}:flaky` },
    });
  });

  it('long polling returns as soon as a message is sent', async () => {
    const url = await create('poll');
    const started = Date.now();
    const waiting = receive(url, { WaitTimeSeconds: 10 });
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake' }));
    const [m] = await waiting;
    expect(m!.Body).toBe('wake');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('long polling gives up after WaitTimeSeconds with no messages, without blocking other calls', async () => {
    const url = await create('quiet');
    const started = Date.now();
    const waiting = receive(url, { WaitTimeSeconds: 1 });
    // A write while the poll waits: the poll holds no transaction.
    await create('meanwhile');
    expect(await waiting).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('CloudTrail', () => {
  it('records control-plane calls as management events and message calls only when selected', async () => {
    const url = await create('audited');
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'secret body' }));
    const records = h.records();
    const createRecord = records.find((r) => r.eventName === 'CreateQueue' && r.requestParameters?.queueName === 'audited');
    expect(createRecord).toMatchObject({ eventSource: 'sqs.amazonaws.com', eventCategory: 'Management', managementEvent: true });
    expect(records.some((r) => r.eventName === 'SendMessage')).toBe(false);
    expect(JSON.stringify(records)).not.toContain('secret body');
    expect(sent.MessageId).toBeDefined();
  });
});
