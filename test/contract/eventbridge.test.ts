import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { EventRule } from '../../src/storage/ports/eventbridge.js';

const T0 = new Date(Date.UTC(2026, 11, 1));
const ACCOUNT = '111122223333';

const rule = (name: string, over: Partial<EventRule> = {}): EventRule => ({
  arn: `arn:aws:events:${over.region ?? 'us-east-1'}:${over.accountId ?? ACCOUNT}:rule/${name}`,
  accountId: ACCOUNT,
  region: 'us-east-1',
  busName: 'default',
  name,
  eventPattern: '{"source":["x"]}',
  state: 'ENABLED',
  createdAt: T0,
  ...over,
});

contract('EventRuleRepository', (open) => {
  it('puts, reads back, replaces, changes state and deletes with targets and tags', async () => {
    const store = await open();
    const r = rule('a', { description: 'd', roleArn: 'arn:aws:iam::111122223333:role/r' });
    await store.write((tx) => tx.eventRules.put(r));
    expect(await store.read((tx) => tx.eventRules.get(r.arn))).toEqual(r);
    await store.write((tx) => tx.eventRules.put({ ...r, description: undefined, eventPattern: '{"a":[1]}', createdAt: new Date(0) }));
    const { description: _, ...rest } = r;
    expect(await store.read((tx) => tx.eventRules.get(r.arn))).toEqual({ ...rest, eventPattern: '{"a":[1]}' });
    await store.write((tx) => tx.eventRules.setState(r.arn, 'DISABLED'));
    expect((await store.read((tx) => tx.eventRules.get(r.arn)))!.state).toBe('DISABLED');
    await store.write(async (tx) => {
      await tx.eventTargets.put({ ruleArn: r.arn, id: 't', arn: 'arn:aws:sqs:us-east-1:111122223333:q', definition: '{}' });
      await tx.eventTags.set(r.arn, { k: 'v' });
      await tx.eventRules.delete(r.arn);
    });
    expect(await store.read((tx) => tx.eventRules.get(r.arn))).toBeUndefined();
    expect(await store.read((tx) => tx.eventTargets.count(r.arn))).toBe(0);
    expect(await store.read((tx) => tx.eventTags.get(r.arn))).toEqual({});
  });

  it('lists one bus by name with a prefix, after a name, up to a limit', async () => {
    const store = await open();
    await store.write(async (tx) => {
      for (const n of ['b_2', 'a', 'b_1', 'b%3', 'c']) await tx.eventRules.put(rule(n));
      await tx.eventRules.put(rule('b_0', { region: 'eu-west-1' }));
    });
    const names = async (l: { namePrefix?: string; after?: string; limit: number }) =>
      (await store.read((tx) => tx.eventRules.list({ accountId: ACCOUNT, region: 'us-east-1', busName: 'default', ...l }))).map(
        (r) => r.name,
      );
    expect(await names({ limit: 10 })).toEqual(['a', 'b%3', 'b_1', 'b_2', 'c']);
    expect(await names({ namePrefix: 'b_', limit: 10 })).toEqual(['b_1', 'b_2']);
    expect(await names({ namePrefix: 'b', after: 'b%3', limit: 1 })).toEqual(['b_1']);
  });

  it('answers the enabled rules with patterns of one bus', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.eventRules.put(rule('on'));
      await tx.eventRules.put(rule('reads', { state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
      await tx.eventRules.put(rule('off', { state: 'DISABLED' }));
      await tx.eventRules.put(rule('sched', { eventPattern: undefined, scheduleExpression: 'rate(1 minute)' }));
      await tx.eventRules.put(rule('west', { region: 'us-west-2' }));
    });
    const enabled = await store.read((tx) => tx.eventRules.enabled(ACCOUNT, 'us-east-1', 'default'));
    expect(enabled.map((r) => r.name)).toEqual(['on', 'reads']);
  });
});

contract('EventTargetRepository', (open) => {
  it('puts (replacing by Id), lists by Id, removes, counts, and finds rules by target', async () => {
    const store = await open();
    const q = 'arn:aws:sqs:us-east-1:111122223333:q';
    const r1 = rule('r1').arn;
    const r2 = rule('r2').arn;
    await store.write(async (tx) => {
      await tx.eventTargets.put({ ruleArn: r1, id: 'b', arn: q, definition: '{"Id":"b"}' });
      await tx.eventTargets.put({ ruleArn: r1, id: 'a', arn: 'arn:aws:sns:us-east-1:111122223333:t', definition: '{"Id":"a"}' });
      await tx.eventTargets.put({ ruleArn: r1, id: 'a', arn: q, definition: '{"Id":"a","Input":"{}"}' });
      await tx.eventTargets.put({ ruleArn: r2, id: 'x', arn: q, definition: '{}' });
    });
    const list = await store.read((tx) => tx.eventTargets.list(r1));
    expect(list).toEqual([
      { ruleArn: r1, id: 'a', arn: q, definition: '{"Id":"a","Input":"{}"}' },
      { ruleArn: r1, id: 'b', arn: q, definition: '{"Id":"b"}' },
    ]);
    expect((await store.read((tx) => tx.eventTargets.list(r1, 'a', 5))).map((t) => t.id)).toEqual(['b']);
    expect(await store.read((tx) => tx.eventTargets.count(r1))).toBe(2);
    const prefix = 'arn:aws:events:us-east-1:111122223333:rule/';
    expect(await store.read((tx) => tx.eventTargets.rulesByTarget(q, prefix, undefined, 10))).toEqual([r1, r2]);
    expect(await store.read((tx) => tx.eventTargets.rulesByTarget(q, prefix, r1, 10))).toEqual([r2]);
    expect(await store.read((tx) => tx.eventTargets.rulesByTarget(q, 'arn:aws:events:eu-west-1:', undefined, 10))).toEqual([]);
    expect(await store.write((tx) => tx.eventTargets.remove(r1, 'a'))).toBe(true);
    expect(await store.write((tx) => tx.eventTargets.remove(r1, 'a'))).toBe(false);
    expect(await store.read((tx) => tx.eventTargets.count(r1))).toBe(1);
  });
});

contract('EventTagRepository', (open) => {
  it('sets, reads and clears tags by ARN', async () => {
    const store = await open();
    const arn = 'arn:aws:events:us-east-1:111122223333:event-bus/default';
    expect(await store.read((tx) => tx.eventTags.get(arn))).toEqual({});
    await store.write((tx) => tx.eventTags.set(arn, { a: '1' }));
    await store.write((tx) => tx.eventTags.set(arn, { a: '2', b: '3' }));
    expect(await store.read((tx) => tx.eventTags.get(arn))).toEqual({ a: '2', b: '3' });
    await store.write((tx) => tx.eventTags.set(arn, {}));
    expect(await store.read((tx) => tx.eventTags.get(arn))).toEqual({});
  });
});
