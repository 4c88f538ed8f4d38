import { expect, it } from 'vitest';
import { contract } from './engines.js';

const T0 = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

contract('LeaseRepository', (open) => {
  it('one holder at a time; the holder renews under the same token', async () => {
    const store = await open();
    const a = await store.write((tx) => tx.leases.acquire('workers', 'node-a', T0, 10_000));
    expect(a).toMatchObject({ holder: 'node-a', token: 1 });
    expect(await store.write((tx) => tx.leases.acquire('workers', 'node-b', at(5_000), 10_000))).toBeUndefined();
    const renewed = await store.write((tx) => tx.leases.acquire('workers', 'node-a', at(5_000), 10_000));
    expect(renewed).toMatchObject({ holder: 'node-a', token: 1 });
    expect(renewed!.expiresAt.getTime()).toBe(at(15_000).getTime());
  });

  it('an expired lease goes to the next taker with a larger fencing token; the old holder no longer holds it', async () => {
    const store = await open();
    await store.write((tx) => tx.leases.acquire('workers', 'node-a', T0, 10_000));
    const b = await store.write((tx) => tx.leases.acquire('workers', 'node-b', at(10_000), 10_000));
    expect(b).toMatchObject({ holder: 'node-b', token: 2 });
    expect(await store.read((tx) => tx.leases.holds('workers', 'node-a', 1, at(10_001)))).toBe(false);
    expect(await store.read((tx) => tx.leases.holds('workers', 'node-b', 2, at(10_001)))).toBe(true);
    expect(await store.read((tx) => tx.leases.holds('workers', 'node-b', 2, at(20_000)))).toBe(false);
    // The deposed holder cannot take it back while it is held.
    expect(await store.write((tx) => tx.leases.acquire('workers', 'node-a', at(12_000), 10_000))).toBeUndefined();
  });

  it('a released lease can be taken at once; leases are independent by name', async () => {
    const store = await open();
    await store.write((tx) => tx.leases.acquire('workers', 'node-a', T0, 60_000));
    await store.write((tx) => tx.leases.acquire('other', 'node-a', T0, 60_000));
    await store.write((tx) => tx.leases.release('workers', 'node-a'));
    expect(await store.write((tx) => tx.leases.acquire('workers', 'node-b', at(1), 60_000))).toMatchObject({ holder: 'node-b', token: 2 });
    expect(await store.read((tx) => tx.leases.get('other'))).toMatchObject({ holder: 'node-a', token: 1 });
    expect(await store.read((tx) => tx.leases.get('never'))).toBeUndefined();
  });

  it('of two concurrent takers exactly one wins', async () => {
    const store = await open();
    const results = await Promise.all(['a', 'b', 'c'].map((n) => store.write((tx) => tx.leases.acquire('workers', n, T0, 10_000))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
