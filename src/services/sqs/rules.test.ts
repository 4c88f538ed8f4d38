/** SQS rules that need a controllable clock: visibility timeouts and retention expiry. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../identity/principal.js';
import type { Tx } from '../../storage/ports.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import type { CallContext } from '../service.js';
import { SqsProvider } from './provider.js';

const ACCOUNT = '111122223333';
const URL = `http://localhost:4599/${ACCOUNT}/q`;
// Far enough ahead that the wall clock never overtakes it during the test.
let now = Date.now() + 86_400_000;
const store = new SqliteStore(':memory:');
const sqs = new SqsProvider();

const call = (tx: Tx): CallContext => ({
  principal: { type: 'Root', accountId: ACCOUNT, principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` } as Principal,
  accountId: ACCOUNT,
  region: 'us-east-1',
  requestId: 'req',
  operation: 'op',
  now: new Date(now),
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  secureTransport: false,
  tx,
  read: async (fn) => fn(tx),
  afterCommit: tx.afterCommit,
});

const invoke = <K extends keyof SqsProvider>(op: K, input: unknown): Promise<any> =>
  store.write((tx) => (sqs[op] as (i: unknown, c: CallContext) => unknown)(input, call(tx)));
const receive = (extra: object = {}) => invoke('receiveNow', { QueueUrl: URL, ...extra }).then((r) => r.Messages ?? []);
const counts = () => invoke('GetQueueAttributes', { QueueUrl: URL, AttributeNames: ['All'] }).then((r) => r.Attributes);

describe('SQS message timing', () => {
  it('a received message comes back after its visibility timeout, with its receive count', async () => {
    await invoke('CreateQueue', { QueueName: 'q', Attributes: { VisibilityTimeout: '30' } });
    await invoke('SendMessage', { QueueUrl: URL, MessageBody: 'm' });
    const [first] = await receive();
    expect(first.Body).toBe('m');
    now += 29_000;
    expect(await receive()).toEqual([]);
    now += 2_000;
    const [again] = await receive({ MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
    expect(again).toMatchObject({ MessageId: first.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    expect(again.ReceiptHandle).not.toBe(first.ReceiptHandle);
    await invoke('DeleteQueue', { QueueUrl: URL });
  });

  it('a message older than MessageRetentionPeriod is gone', async () => {
    await invoke('CreateQueue', { QueueName: 'q', Attributes: { MessageRetentionPeriod: '60' } });
    await invoke('SendMessage', { QueueUrl: URL, MessageBody: 'old' });
    now += 30_000;
    await invoke('SendMessage', { QueueUrl: URL, MessageBody: 'young' });
    now += 31_000;
    expect((await counts()).ApproximateNumberOfMessages).toBe('1');
    expect((await receive({ MaxNumberOfMessages: 10 })).map((m: { Body: string }) => m.Body)).toEqual(['young']);
    await invoke('DeleteQueue', { QueueUrl: URL });
  });
});
