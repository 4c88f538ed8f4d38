import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { StoredEvent } from '../../src/audit/events/ports.js';

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

  it('a duplicate eventId is refused', async () => {
    const store = await open();
    await store.write((tx) => tx.events.append(event(1)));
    await expect(store.write((tx) => tx.events.append(event(1)))).rejects.toThrow();
    expect(await store.read((tx) => tx.events.readAfter(0, 10))).toHaveLength(1);
  });
});
