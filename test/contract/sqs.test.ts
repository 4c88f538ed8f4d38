import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { SqsMessage, SqsQueue } from '../../src/storage/ports/sqs.js';

const T0 = new Date(Date.UTC(2026, 11, 1));
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const queue = (name: string, accountId = '111122223333', region = 'us-east-1'): SqsQueue => ({
  arn: `arn:aws:sqs:${region}:${accountId}:${name}`,
  accountId,
  region,
  name,
  attributes: { VisibilityTimeout: '30' },
  tags: { team: 'a' },
  createdAt: T0,
  lastModifiedAt: T0,
});

let n = 0;
const message = (queueArn: string, over: Partial<SqsMessage> = {}): SqsMessage => ({
  messageId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  queueArn,
  body: `body ${n}`,
  md5OfBody: 'd41d8cd98f00b204e9800998ecf8427e',
  senderId: 'AIDAEXAMPLE',
  sentAt: T0,
  visibleAt: T0,
  receiveCount: 0,
  ...over,
});

contract('SqsQueueRepository', (open) => {
  it('creates, reads back, updates attributes and tags, deletes with its messages', async () => {
    const store = await open();
    const q = queue('orders');
    await store.write((tx) => tx.sqsQueues.create(q));
    expect(await store.read((tx) => tx.sqsQueues.get(q.arn))).toEqual(q);
    expect(await store.read((tx) => tx.sqsQueues.get(queue('Orders').arn))).toBeUndefined();
    await store.write((tx) => tx.sqsQueues.setAttributes(q.arn, { VisibilityTimeout: '5' }, at(10)));
    await store.write((tx) => tx.sqsQueues.setTags(q.arn, { env: 'dev' }));
    expect(await store.read((tx) => tx.sqsQueues.get(q.arn))).toMatchObject({
      attributes: { VisibilityTimeout: '5' },
      tags: { env: 'dev' },
      lastModifiedAt: at(10),
      createdAt: T0,
    });
    await store.write((tx) => tx.sqsMessages.enqueue(message(q.arn)));
    await store.write((tx) => tx.sqsQueues.delete(q.arn));
    expect(await store.read((tx) => tx.sqsQueues.get(q.arn))).toBeUndefined();
    expect(await store.read((tx) => tx.sqsMessages.nextVisibleAt(q.arn))).toBeUndefined();
  });

  it('lists by account, region and case-sensitive prefix, in name order, after a cursor', async () => {
    const store = await open();
    await store.write(async (tx) => {
      for (const name of ['b_1', 'a_1', 'a_2', 'A_3', 'ax']) await tx.sqsQueues.create(queue(name));
      await tx.sqsQueues.create(queue('a_9', '444455556666'));
      await tx.sqsQueues.create(queue('a_8', '111122223333', 'eu-west-1'));
    });
    const names = (qs: SqsQueue[]) => qs.map((q) => q.name);
    const list = (prefix?: string, after?: string, limit = 10) =>
      store.read((tx) => tx.sqsQueues.list({ accountId: '111122223333', region: 'us-east-1', prefix, after, limit }));
    expect(names(await list())).toEqual(['A_3', 'a_1', 'a_2', 'ax', 'b_1']);
    // `_` is literal in a prefix, not a wildcard.
    expect(names(await list('a_'))).toEqual(['a_1', 'a_2']);
    expect(names(await list('a', 'a_1', 2))).toEqual(['a_2', 'ax']);
  });

  it('a queue created in a write that fails is not stored', async () => {
    const store = await open();
    const q = queue('rolled-back');
    await expect(
      store.write(async (tx) => {
        await tx.sqsQueues.create(q);
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.sqsQueues.get(q.arn))).toBeUndefined();
  });

  it('refuses a second queue with the same ARN', async () => {
    const store = await open();
    await store.write((tx) => tx.sqsQueues.create(queue('dup')));
    await expect(store.write((tx) => tx.sqsQueues.create(queue('dup')))).rejects.toThrow();
  });
});

contract('SqsMessageRepository', (open) => {
  const q = queue('work');
  const other = queue('other');

  async function seeded() {
    const store = await open();
    await store.write(async (tx) => {
      await tx.sqsQueues.create(q);
      await tx.sqsQueues.create(other);
    });
    return store;
  }

  it('returns visible messages oldest first, with their attributes and binary values intact', async () => {
    const store = await seeded();
    const first = message(q.arn, {
      messageAttributes: { raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 255]) }, s: { DataType: 'String', StringValue: 'x' } },
      md5OfMessageAttributes: 'abc',
    });
    const second = message(q.arn);
    const delayed = message(q.arn, { visibleAt: at(60) });
    await store.write(async (tx) => {
      for (const m of [first, second, delayed, message(other.arn)]) await tx.sqsMessages.enqueue(m);
    });
    const got = await store.read((tx) => tx.sqsMessages.visible(q.arn, at(1), 10));
    expect(got.map((m) => m.messageId)).toEqual([first.messageId, second.messageId]);
    expect(Buffer.from(got[0]!.messageAttributes!.raw!.BinaryValue!)).toEqual(Buffer.from([0, 255]));
    expect(got[0]).toMatchObject({ body: first.body, md5OfMessageAttributes: 'abc', sentAt: T0, receiveCount: 0 });
    expect(await store.read((tx) => tx.sqsMessages.visible(q.arn, at(1), 1))).toHaveLength(1);
    expect(await store.read((tx) => tx.sqsMessages.nextVisibleAt(q.arn))).toEqual(T0);
  });

  it('tracks receives, visibility and counts of visible, in-flight and delayed messages', async () => {
    const store = await seeded();
    const m = message(q.arn);
    await store.write(async (tx) => {
      await tx.sqsMessages.enqueue(m);
      await tx.sqsMessages.enqueue(message(q.arn));
      await tx.sqsMessages.enqueue(message(q.arn, { visibleAt: at(100) }));
    });
    await store.write((tx) =>
      tx.sqsMessages.markReceived(m.messageId, { receiptHandle: 'h1', visibleAt: at(30), receiveCount: 1, firstReceivedAt: at(0) }),
    );
    expect(await store.read((tx) => tx.sqsMessages.get(q.arn, m.messageId))).toMatchObject({
      receiptHandle: 'h1',
      receiveCount: 1,
      visibleAt: at(30),
      firstReceivedAt: at(0),
    });
    expect(await store.read((tx) => tx.sqsMessages.get(other.arn, m.messageId))).toBeUndefined();
    expect(await store.read((tx) => tx.sqsMessages.counts(q.arn, at(1), new Date(0)))).toEqual({ visible: 1, inFlight: 1, delayed: 1 });
    await store.write((tx) => tx.sqsMessages.setVisibleAt(m.messageId, at(1)));
    expect(await store.read((tx) => tx.sqsMessages.counts(q.arn, at(1), new Date(0)))).toEqual({ visible: 2, inFlight: 0, delayed: 1 });
  });

  it('moves a message to another queue with its receive count reset and its source named', async () => {
    const store = await seeded();
    const m = message(q.arn, { receiveCount: 3, receiptHandle: 'h' });
    await store.write((tx) => tx.sqsMessages.enqueue(m));
    await store.write((tx) => tx.sqsMessages.moveTo(m.messageId, other.arn, q.arn, at(5)));
    expect(await store.read((tx) => tx.sqsMessages.get(q.arn, m.messageId))).toBeUndefined();
    expect(await store.read((tx) => tx.sqsMessages.get(other.arn, m.messageId))).toMatchObject({
      receiveCount: 0,
      deadLetterSourceArn: q.arn,
      visibleAt: at(5),
      receiptHandle: undefined,
    });
  });

  it('deletes one message, purges a queue, and expires messages sent before a time', async () => {
    const store = await seeded();
    const old = message(q.arn, { sentAt: at(-100) });
    const fresh = message(q.arn);
    await store.write(async (tx) => {
      for (const m of [old, fresh, message(q.arn), message(other.arn)]) await tx.sqsMessages.enqueue(m);
    });
    expect(await store.write((tx) => tx.sqsMessages.delete(q.arn, fresh.messageId))).toBe(true);
    expect(await store.write((tx) => tx.sqsMessages.delete(q.arn, fresh.messageId))).toBe(false);
    expect(await store.write((tx) => tx.sqsMessages.delete(other.arn, old.messageId))).toBe(false);
    expect(await store.write((tx) => tx.sqsMessages.expire(q.arn, at(-1)))).toBe(1);
    expect(await store.write((tx) => tx.sqsMessages.purge(q.arn))).toBe(1);
    expect(await store.read((tx) => tx.sqsMessages.counts(other.arn, at(0), new Date(0)))).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
  });

  it('counts only messages sent at or after the retention bound, and names the next visibility', async () => {
    const store = await seeded();
    await store.write(async (tx) => {
      await tx.sqsMessages.enqueue(message(q.arn, { sentAt: at(-100), visibleAt: at(40) }));
      await tx.sqsMessages.enqueue(message(q.arn, { sentAt: at(0), visibleAt: at(20) }));
      await tx.sqsMessages.enqueue(message(q.arn, { sentAt: at(0) }));
    });
    expect(await store.read((tx) => tx.sqsMessages.counts(q.arn, at(1), at(-1)))).toEqual({ visible: 1, inFlight: 0, delayed: 1 });
    expect(await store.read((tx) => tx.sqsMessages.counts(q.arn, at(1), new Date(0)))).toEqual({ visible: 1, inFlight: 0, delayed: 2 });
    expect(await store.read((tx) => tx.sqsMessages.nextVisibleAt(q.arn))).toEqual(T0);
    expect(await store.read((tx) => tx.sqsMessages.visible(q.arn, at(30), 10))).toHaveLength(2);
  });

  it('a message enqueued in a write that fails is not stored', async () => {
    const store = await seeded();
    await expect(
      store.write(async (tx) => {
        await tx.sqsMessages.enqueue(message(q.arn));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.sqsMessages.nextVisibleAt(q.arn))).toBeUndefined();
  });
});
