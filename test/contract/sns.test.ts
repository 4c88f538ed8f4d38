import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { SnsSigningKey, SnsSubscription, SnsTopic } from '../../src/storage/ports/sns.js';

const T0 = new Date(Date.UTC(2026, 11, 1));
const ACCOUNT = '111122223333';

const topic = (name: string, accountId = ACCOUNT, region = 'us-east-1'): SnsTopic => ({
  arn: `arn:aws:sns:${region}:${accountId}:${name}`,
  accountId,
  region,
  name,
  attributes: { DisplayName: 'd' },
  tags: { team: 'a' },
  createdAt: T0,
});

let n = 0;
const subscription = (t: SnsTopic, endpoint: string, over: Partial<SnsSubscription> = {}): SnsSubscription => ({
  arn: `${t.arn}:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  topicArn: t.arn,
  accountId: t.accountId,
  region: t.region,
  protocol: 'sqs',
  endpoint,
  attributes: {},
  confirmed: true,
  createdAt: T0,
  ...over,
});

const key = (region: string, id: string): SnsSigningKey => ({
  region,
  id,
  certificatePem: `-----BEGIN CERTIFICATE-----\n${id}\n-----END CERTIFICATE-----\n`,
  privateKeySealed: `v1:${id}`,
  createdAt: T0,
});

contract('SnsTopicRepository', (open) => {
  it('creates, reads back, updates attributes and tags, deletes with its subscriptions', async () => {
    const store = await open();
    const t = topic('orders');
    await store.write((tx) => tx.snsTopics.create(t));
    expect(await store.read((tx) => tx.snsTopics.get(t.arn))).toEqual(t);
    expect(await store.read((tx) => tx.snsTopics.get(topic('Orders').arn))).toBeUndefined();
    await store.write((tx) => tx.snsTopics.setAttributes(t.arn, { Policy: '{}' }));
    await store.write((tx) => tx.snsTopics.setTags(t.arn, { env: 'dev' }));
    expect(await store.read((tx) => tx.snsTopics.get(t.arn))).toMatchObject({ attributes: { Policy: '{}' }, tags: { env: 'dev' } });
    const s = subscription(t, 'arn:aws:sqs:us-east-1:111122223333:q');
    await store.write((tx) => tx.snsSubscriptions.create(s));
    await store.write((tx) => tx.snsTopics.delete(t.arn));
    expect(await store.read((tx) => tx.snsTopics.get(t.arn))).toBeUndefined();
    expect(await store.read((tx) => tx.snsSubscriptions.get(s.arn))).toBeUndefined();
  });

  it('lists one account and region by ARN, after a given ARN, up to a limit', async () => {
    const store = await open();
    await store.write(async (tx) => {
      for (const name of ['c', 'a', 'b']) await tx.snsTopics.create(topic(name));
      await tx.snsTopics.create(topic('other-account', '444455556666'));
      await tx.snsTopics.create(topic('other-region', ACCOUNT, 'eu-west-1'));
    });
    const names = (ts: SnsTopic[]) => ts.map((t) => t.name);
    const l = { accountId: ACCOUNT, region: 'us-east-1' };
    expect(names(await store.read((tx) => tx.snsTopics.list({ ...l, limit: 10 })))).toEqual(['a', 'b', 'c']);
    expect(names(await store.read((tx) => tx.snsTopics.list({ ...l, limit: 2 })))).toEqual(['a', 'b']);
    expect(names(await store.read((tx) => tx.snsTopics.list({ ...l, after: topic('b').arn, limit: 10 })))).toEqual(['c']);
  });

  it('a failed write leaves no topic; a duplicate ARN is refused', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.snsTopics.create(topic('rolled-back'));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.snsTopics.get(topic('rolled-back').arn))).toBeUndefined();
    await store.write((tx) => tx.snsTopics.create(topic('dup')));
    await expect(store.write((tx) => tx.snsTopics.create(topic('dup')))).rejects.toThrow();
  });
});

contract('SnsSubscriptionRepository', (open) => {
  it('creates, finds by topic/protocol/endpoint, updates attributes, counts, deletes', async () => {
    const store = await open();
    const t = topic('t');
    await store.write((tx) => tx.snsTopics.create(t));
    const confirmed = subscription(t, 'arn:aws:sqs:us-east-1:111122223333:a', { attributes: { RawMessageDelivery: 'true' } });
    const pending = subscription(t, 'arn:aws:sqs:us-east-1:111122223333:b', { confirmed: false });
    await store.write(async (tx) => {
      await tx.snsSubscriptions.create(confirmed);
      await tx.snsSubscriptions.create(pending);
    });
    expect(await store.read((tx) => tx.snsSubscriptions.get(confirmed.arn))).toEqual(confirmed);
    expect(await store.read((tx) => tx.snsSubscriptions.find(t.arn, 'sqs', confirmed.endpoint))).toEqual(confirmed);
    expect(await store.read((tx) => tx.snsSubscriptions.find(t.arn, 'sqs', 'arn:aws:sqs:us-east-1:111122223333:zz'))).toBeUndefined();
    expect(await store.read((tx) => tx.snsSubscriptions.counts(t.arn))).toEqual({ confirmed: 1, pending: 1 });
    expect(await store.read((tx) => tx.snsSubscriptions.counts(topic('none').arn))).toEqual({ confirmed: 0, pending: 0 });
    await store.write((tx) => tx.snsSubscriptions.setAttributes(confirmed.arn, { FilterPolicy: '{}' }));
    expect((await store.read((tx) => tx.snsSubscriptions.get(confirmed.arn)))!.attributes).toEqual({ FilterPolicy: '{}' });
    expect(await store.write((tx) => tx.snsSubscriptions.delete(confirmed.arn))).toBe(true);
    expect(await store.write((tx) => tx.snsSubscriptions.delete(confirmed.arn))).toBe(false);
    expect(await store.read((tx) => tx.snsSubscriptions.counts(t.arn))).toEqual({ confirmed: 0, pending: 1 });
  });

  it('finds a pending subscription by its topic and token; confirming forgets the token', async () => {
    const store = await open();
    const t = topic('t');
    const pending = subscription(t, 'https://example.com/hook', { protocol: 'https', confirmed: false, confirmationToken: 'tok' });
    await store.write((tx) => tx.snsSubscriptions.create(pending));
    expect(await store.read((tx) => tx.snsSubscriptions.get(pending.arn))).toEqual(pending);
    expect(await store.read((tx) => tx.snsSubscriptions.byToken(t.arn, 'tok'))).toEqual(pending);
    expect(await store.read((tx) => tx.snsSubscriptions.byToken(t.arn, 'other'))).toBeUndefined();
    expect(await store.read((tx) => tx.snsSubscriptions.byToken(topic('u').arn, 'tok'))).toBeUndefined();
    await store.write((tx) => tx.snsSubscriptions.confirm(pending.arn));
    const { confirmationToken: _token, ...confirmed } = pending;
    expect(await store.read((tx) => tx.snsSubscriptions.get(pending.arn))).toEqual({ ...confirmed, confirmed: true });
    expect(await store.read((tx) => tx.snsSubscriptions.byToken(t.arn, 'tok'))).toBeUndefined();
  });

  it('one subscription per topic, protocol and endpoint', async () => {
    const store = await open();
    const t = topic('t');
    await store.write((tx) => tx.snsSubscriptions.create(subscription(t, 'arn:aws:sqs:us-east-1:111122223333:a')));
    await expect(
      store.write((tx) => tx.snsSubscriptions.create(subscription(t, 'arn:aws:sqs:us-east-1:111122223333:a'))),
    ).rejects.toThrow();
  });

  it('lists by account and region, and by topic, ordered by ARN with after and limit', async () => {
    const store = await open();
    const t1 = topic('t1');
    const t2 = topic('t2');
    const elsewhere = topic('t3', ACCOUNT, 'eu-west-1');
    const subs = [
      subscription(t1, 'arn:aws:sqs:us-east-1:111122223333:a'),
      subscription(t1, 'arn:aws:sqs:us-east-1:111122223333:b'),
      subscription(t2, 'arn:aws:sqs:us-east-1:111122223333:a'),
      subscription(elsewhere, 'arn:aws:sqs:eu-west-1:111122223333:a'),
    ];
    await store.write(async (tx) => {
      for (const s of subs) await tx.snsSubscriptions.create(s);
    });
    const arns = (ss: SnsSubscription[]) => ss.map((s) => s.arn);
    const mine = subs
      .slice(0, 3)
      .map((s) => s.arn)
      .sort();
    expect(arns(await store.read((tx) => tx.snsSubscriptions.list({ accountId: ACCOUNT, region: 'us-east-1', limit: 10 })))).toEqual(mine);
    expect(
      arns(await store.read((tx) => tx.snsSubscriptions.list({ accountId: ACCOUNT, region: 'us-east-1', after: mine[0], limit: 1 }))),
    ).toEqual([mine[1]]);
    const byTopic = [subs[0]!.arn, subs[1]!.arn].sort();
    expect(arns(await store.read((tx) => tx.snsSubscriptions.listByTopic(t1.arn, undefined, 10)))).toEqual(byTopic);
    expect(arns(await store.read((tx) => tx.snsSubscriptions.listByTopic(t1.arn, byTopic[0], 10)))).toEqual([byTopic[1]]);
  });
});

contract('SnsSigningKeyRepository', (open) => {
  it('installs one key per region: a second install keeps the first', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.snsSigningKeys.get('us-east-1'))).toBeUndefined();
    const first = key('us-east-1', 'a'.repeat(32));
    expect(await store.write((tx) => tx.snsSigningKeys.install(first))).toEqual(first);
    expect(await store.write((tx) => tx.snsSigningKeys.install(key('us-east-1', 'b'.repeat(32))))).toEqual(first);
    expect(await store.read((tx) => tx.snsSigningKeys.get('us-east-1'))).toEqual(first);
    expect(await store.read((tx) => tx.snsSigningKeys.byId('a'.repeat(32)))).toEqual(first);
    expect(await store.read((tx) => tx.snsSigningKeys.byId('b'.repeat(32)))).toBeUndefined();
    const other = key('eu-west-1', 'c'.repeat(32));
    expect(await store.write((tx) => tx.snsSigningKeys.install(other))).toEqual(other);
  });
});
