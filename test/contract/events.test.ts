import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { StoredEvent } from '../../src/audit/events/ports.js';
import type { Repositories, Store } from '../../src/storage/ports.js';

const event = (n: number): Omit<StoredEvent, 'seq'> => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  eventTime: new Date(Date.UTC(2026, 11, 1, 0, 0, n)),
  region: 'us-east-1',
  eventSource: 'cloudhsm.amazonaws.com',
  eventName: 'DescribeClusters',
  readOnly: true,
  eventCategory: 'Management',
  record: JSON.stringify({ eventID: n }),
  lookup: { username: 'alice', resources: [{ resourceType: 'AWS::CloudHSM::Cluster', resourceName: 'cluster-abc' }] },
});

contract('EventRepository', (open) => {
  it('assigns increasing sequence numbers in commit order and reads them back after a cursor', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.events.lastSeq())).toBe(0);
    const seqs = await Promise.all([1, 2, 3].map((n) => store.write((tx) => tx.events.append(event(n)))));
    expect(seqs[0]).toBeLessThan(seqs[1]!);
    expect(seqs[1]).toBeLessThan(seqs[2]!);
    const after = await store.read((tx) => tx.events.readAfter(seqs[0]!, 10));
    expect(after.map((e) => e.record)).toEqual([event(2).record, event(3).record]);
    expect(after[0]).toMatchObject({ eventName: 'DescribeClusters', readOnly: true, eventCategory: 'Management' });
    expect(after[0]!.eventTime.toISOString()).toBe('2026-12-01T00:00:02.000Z');
    expect(await store.read((tx) => tx.events.lastSeq())).toBe(seqs[2]);
  });

  it('an event appended in a write that fails is not stored', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.events.append(event(1));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.events.readAfter(0, 10))).toEqual([]);
  });

  it('appendEvents stores events alone, in order after earlier writes, with their lookup resources', async () => {
    const store = await open();
    const first = await store.write((tx) => tx.events.append(event(1)));
    await store.appendEvents([event(2), { ...event(3), lookup: { resources: [] } }, event(4)]);
    await store.appendEvents([]);
    const stored = await store.read((tx) => tx.events.readAfter(0, 10));
    expect(stored.map((e) => e.record)).toEqual([1, 2, 3, 4].map((n) => event(n).record));
    expect(stored[0]!.seq).toBe(first);
    expect(stored.map((e) => e.seq)).toEqual([...stored.map((e) => e.seq)].sort((x, y) => x - y));
    const found = await store.read((tx) =>
      tx.events.lookup({
        region: 'us-east-1',
        attribute: { key: 'ResourceName', value: 'cluster-abc' },
        from: new Date(0),
        to: new Date(Date.UTC(2027, 0, 1)),
        limit: 10,
      }),
    );
    expect(found.map((e) => e.eventId).sort()).toEqual([1, 2, 4].map((n) => event(n).eventId));
  });

  it('appendEvents with a duplicate eventId stores none of its events', async () => {
    const store = await open();
    await store.appendEvents([event(1)]);
    await expect(store.appendEvents([event(2), event(1)])).rejects.toThrow();
    expect((await store.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([event(1).record]);
  });

  it("nextSeq is the seq the write's own append then gets, also after a rolled-back append", async () => {
    const store = await open();
    await store.write((tx) => tx.events.append(event(1)));
    await store
      .write(async (tx) => {
        await tx.events.append(event(2));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const [next, own] = await store.write(async (tx) => [await tx.events.nextSeq(), await tx.events.append(event(3))]);
    expect(own).toBe(next);
  });

  it('a duplicate eventId is refused', async () => {
    const store = await open();
    await store.write((tx) => tx.events.append(event(1)));
    await expect(store.write((tx) => tx.events.append(event(1)))).rejects.toThrow();
    expect(await store.read((tx) => tx.events.readAfter(0, 10))).toHaveLength(1);
  });
});

const T0 = Date.UTC(2026, 11, 1);

/** A varied event: every lookup attribute settable, `at` seconds after T0. */
function varied(n: number, over: Partial<Omit<StoredEvent, 'seq'>> & { at?: number; lookup?: StoredEvent['lookup'] } = {}) {
  const { at = n, ...rest } = over;
  return {
    ...event(n),
    eventTime: new Date(T0 + at * 1000),
    ...rest,
  } satisfies Omit<StoredEvent, 'seq'>;
}

const ids = (events: { eventId: string }[]) => events.map((e) => e.eventId);
const FAR = { from: new Date(0), to: new Date(T0 + 86_400_000) };

contract('EventRepository lookups', (open) => {
  async function seeded() {
    const store = await open();
    const list = [
      varied(1, { eventName: 'CreateHsm', readOnly: false, lookup: { username: 'alice', accessKeyId: 'AKIA1', resources: [] } }),
      varied(2, { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', lookup: { username: 'bob', resources: [] } }),
      varied(3, {
        lookup: {
          username: 'root',
          resources: [
            { resourceType: 'AWS::CloudHSM::Cluster', resourceName: 'cluster-1' },
            { resourceType: 'AWS::CloudHSM::Backup', resourceName: 'cluster-1' },
          ],
        },
      }),
      varied(4, { region: 'eu-west-1', lookup: { username: 'alice', resources: [] } }),
      varied(5, { eventCategory: 'Data', lookup: { username: 'alice', resources: [] } }),
      varied(6, { at: 6, lookup: { username: 'alice', accessKeyId: 'AKIA1', resources: [{ resourceName: 'untyped' }] } }),
      varied(7, { at: 6, eventName: 'CreateHsm', readOnly: false, lookup: { username: 'carol', resources: [] } }),
    ];
    const seqs: number[] = [];
    for (const e of list) seqs.push(await store.write((tx) => tx.events.append(e)));
    return { store, list, seqs };
  }

  it('lists management events of one region newest first, ties by the later seq first', async () => {
    const { store, list } = await seeded();
    const page = await store.read((tx) => tx.events.lookup({ region: 'us-east-1', ...FAR, limit: 50 }));
    expect(ids(page)).toEqual(ids([list[6]!, list[5]!, list[2]!, list[1]!, list[0]!]));
    const eu = await store.read((tx) => tx.events.lookup({ region: 'eu-west-1', ...FAR, limit: 50 }));
    expect(ids(eu)).toEqual([list[3]!.eventId]);
  });

  it.each([
    [{ key: 'EventId', value: '00000000-0000-4000-8000-000000000002' }, [2]],
    [{ key: 'EventName', value: 'CreateHsm' }, [7, 1]],
    [{ key: 'Username', value: 'alice' }, [6, 1]],
    [{ key: 'EventSource', value: 'sts.amazonaws.com' }, [2]],
    [{ key: 'AccessKeyId', value: 'AKIA1' }, [6, 1]],
    [{ key: 'ReadOnly', value: false }, [7, 1]],
    [{ key: 'ReadOnly', value: true }, [6, 3, 2]],
    [{ key: 'ResourceType', value: 'AWS::CloudHSM::Backup' }, [3]],
    [{ key: 'ResourceName', value: 'cluster-1' }, [3]], // two resources of that name: listed once
    [{ key: 'ResourceName', value: 'untyped' }, [6]],
  ] as const)('filters by %j', async (attribute, expected) => {
    const { store, list } = await seeded();
    const page = await store.read((tx) => tx.events.lookup({ region: 'us-east-1', attribute, ...FAR, limit: 50 }));
    expect(ids(page)).toEqual(expected.map((n) => list[n - 1]!.eventId));
  });

  it('returns the indexed resources and the lookup columns of each event', async () => {
    const { store, list, seqs } = await seeded();
    const [e3] = await store.read((tx) =>
      tx.events.lookup({ region: 'us-east-1', attribute: { key: 'EventId', value: list[2]!.eventId }, ...FAR, limit: 1 }),
    );
    expect(e3).toEqual({
      seq: seqs[2],
      eventId: list[2]!.eventId,
      eventTime: list[2]!.eventTime,
      eventName: 'DescribeClusters',
      eventSource: 'cloudhsm.amazonaws.com',
      readOnly: true,
      username: 'root',
      resources: [
        { resourceType: 'AWS::CloudHSM::Cluster', resourceName: 'cluster-1' },
        { resourceType: 'AWS::CloudHSM::Backup', resourceName: 'cluster-1' },
      ],
      record: list[2]!.record,
    });
  });

  it('keeps to an inclusive time range', async () => {
    const { store, list } = await seeded();
    const page = await store.read((tx) =>
      tx.events.lookup({ region: 'us-east-1', from: new Date(T0 + 2000), to: new Date(T0 + 3000), limit: 50 }),
    );
    expect(ids(page)).toEqual(ids([list[2]!, list[1]!]));
  });

  it('pages on (time, seq) and stays stable while newer events are appended', async () => {
    const { store, list } = await seeded();
    const first = await store.read((tx) => tx.events.lookup({ region: 'us-east-1', ...FAR, limit: 2 }));
    expect(ids(first)).toEqual(ids([list[6]!, list[5]!])); // both at T0+6: the cursor must split the tie by seq
    await Promise.all([10, 11].map((n) => store.write((tx) => tx.events.append(varied(n, { at: 100 + n })))));
    const last = first.at(-1)!;
    const after = { timeMs: last.eventTime.getTime(), seq: last.seq };
    const rest = await store.read((tx) => tx.events.lookup({ region: 'us-east-1', ...FAR, after, limit: 50 }));
    expect(ids(rest)).toEqual(ids([list[2]!, list[1]!, list[0]!]));
  });
});

contract('EventRepository search', (open) => {
  it('combines filters, orders newest first or follows the log by seq', async () => {
    const store = await open();
    const list = [
      varied(1, { lookup: { username: 'alice', sourceIp: '10.0.0.1', resources: [{ resourceName: 'cluster-1' }] } }),
      varied(2, { lookup: { username: 'bob', sourceIp: '10.0.1.1', errorCode: 'AccessDenied', resources: [] } }),
      varied(3, { eventName: 'DeleteHsm', readOnly: false, lookup: { username: 'alice', sourceIp: '192.168.0.1', resources: [] } }),
    ];
    const seqs: number[] = [];
    for (const e of list) seqs.push(await store.write((tx) => tx.events.append(e)));
    const search = (
      f: Parameters<Repositories['events']['search']>[0],
      p: Parameters<Repositories['events']['search']>[1] = { limit: 10 },
    ) => store.read((tx) => tx.events.search(f, p));
    expect((await search({})).map((e) => e.seq)).toEqual([...seqs].reverse());
    expect((await search({ users: ['alice'] })).map((e) => e.seq)).toEqual([seqs[2], seqs[0]]);
    expect((await search({ users: ['alice'], readOnly: true })).map((e) => e.seq)).toEqual([seqs[0]]);
    expect((await search({ errorsOnly: true })).map((e) => e.seq)).toEqual([seqs[1]]);
    expect((await search({ errorCode: 'AccessDenied', users: ['alice'] })).map((e) => e.seq)).toEqual([]);
    expect((await search({ eventName: 'Delete*' })).map((e) => e.seq)).toEqual([seqs[2]]);
    expect((await search({ resourceName: 'cluster-1' })).map((e) => e.seq)).toEqual([seqs[0]]);
    expect((await search({ sourceIp: { address: '10.0.1.1' } })).map((e) => e.seq)).toEqual([seqs[1]]);
    const in10 = { cidr: '10.0.0.0/16', contains: (ip: string) => ip.startsWith('10.0.') };
    expect((await search({ sourceIp: in10 })).map((e) => e.seq)).toEqual([seqs[1], seqs[0]]);
    expect((await search({ since: new Date(T0 + 2000), until: new Date(T0 + 2000) })).map((e) => e.seq)).toEqual([seqs[1]]);
    const follow = await search({}, { limit: 10, order: 'oldest', afterSeq: seqs[0], throughSeq: seqs[1] });
    expect(follow).toEqual([{ seq: seqs[1], record: list[1]!.record }]);
    expect(await search({}, { limit: 1 })).toHaveLength(1);
  });
});

contract('EventRepository retention', (open) => {
  async function aged(n: number) {
    const store = await open();
    const seqs: number[] = [];
    for (let i = 1; i <= n; i++) {
      seqs.push(await store.write((tx) => tx.events.append(varied(i, { lookup: { resources: [{ resourceName: `r-${i}` }] } }))));
    }
    return { store, seqs };
  }
  const lookupResource = (store: Store, name: string) =>
    store.read((tx) => tx.events.lookup({ region: 'us-east-1', attribute: { key: 'ResourceName', value: name }, ...FAR, limit: 5 }));

  it('purges in bounded batches, oldest first, with the events’ resource index', async () => {
    const { store, seqs } = await aged(10);
    const before = new Date(T0 + 100_000);
    expect(await store.write((tx) => tx.events.purgeBatch(before, Infinity, 3))).toBe(3);
    expect((await store.read((tx) => tx.events.readAfter(0, 100)))[0]!.seq).toBe(seqs[3]);
    expect(await lookupResource(store, 'r-1')).toEqual([]);
    expect(await lookupResource(store, 'r-4')).toHaveLength(1);
  });

  it('never purges past the floor seq, nor events recorded from the cutoff on, nor the newest event', async () => {
    const { store, seqs } = await aged(10);
    expect(await store.write((tx) => tx.events.purgeBatch(new Date(T0 + 100_000), seqs[1]!, 100))).toBe(2);
    expect(await store.write((tx) => tx.events.purgeBatch(new Date(T0 + 5000), Infinity, 100))).toBe(2); // seqs 3, 4: 5 is at the cutoff
    expect(await store.read((tx) => tx.events.countOlder(new Date(T0 + 100_000)))).toBe(5); // 5..9; 10 is the newest
    expect(await store.read((tx) => tx.events.hasOlderAbove(new Date(T0 + 100_000), seqs[8]!))).toBe(false);
    expect(await store.read((tx) => tx.events.hasOlderAbove(new Date(T0 + 100_000), seqs[7]!))).toBe(true);
    expect(await store.write((tx) => tx.events.purgeBatch(new Date(T0 + 100_000), Infinity, 100))).toBe(5);
    expect((await store.read((tx) => tx.events.readAfter(0, 100))).map((e) => e.seq)).toEqual([seqs[9]]);
    expect(await store.read((tx) => tx.events.lastSeq())).toBe(seqs[9]);
  });

  it('a purge that fails with its transaction deletes nothing', async () => {
    const { store } = await aged(4);
    await expect(
      store.write(async (tx) => {
        await tx.events.purgeBatch(new Date(T0 + 100_000), Infinity, 100);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.read((tx) => tx.events.readAfter(0, 100))).toHaveLength(4);
  });

  it('reports counts, reclaimable space and (without trails) no delivery holds', async () => {
    const { store, seqs } = await aged(3);
    expect(await store.read((tx) => tx.events.stats())).toEqual({ count: 3, lastSeq: seqs[2], oldest: new Date(T0 + 1000) });
    expect(await store.read((tx) => tx.events.deliveryHolds())).toEqual([]);
    await store.write((tx) => tx.events.purgeBatch(new Date(T0 + 100_000), Infinity, 100));
    const free = await store.write((tx) => tx.events.reclaimable());
    expect(free).toBeGreaterThanOrEqual(0);
    expect(await store.write((tx) => tx.events.reclaim(1_000_000))).toBeLessThanOrEqual(free);
  });
});
