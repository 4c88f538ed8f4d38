import { expect, it } from 'vitest';
import { contract } from './engines.js';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1) + ms);

contract('ThrottleRepository', (open) => {
  it('allows a full burst, refuses the next, and refills at the rate', async () => {
    const store = await open();
    const take = (ms: number, key = 'k') => store.write((tx) => tx.throttles.take(key, at(ms), 2, 2));
    expect(await take(0)).toBe(true);
    expect(await take(0)).toBe(true);
    expect(await take(0)).toBe(false);
    expect(await take(100)).toBe(false); // 0.2 tokens
    expect(await take(500)).toBe(true); // 1 token by now: the refused takes took nothing
    expect(await take(500)).toBe(false);
    expect(await take(10_000)).toBe(true); // refills to the burst, not beyond
    expect(await take(10_000)).toBe(true);
    expect(await take(10_000)).toBe(false);
  });

  it('keeps one bucket per key, shared by every connection of the store', async () => {
    const store = await open();
    expect(await store.write((tx) => tx.throttles.take('a', at(0), 1, 1))).toBe(true);
    expect(await store.write((tx) => tx.throttles.take('a', at(0), 1, 1))).toBe(false);
    expect(await store.write((tx) => tx.throttles.take('b', at(0), 1, 1))).toBe(true);
  });

  it('a clock that steps back refills nothing', async () => {
    const store = await open();
    expect(await store.write((tx) => tx.throttles.take('k', at(5000), 1, 1))).toBe(true);
    expect(await store.write((tx) => tx.throttles.take('k', at(0), 1, 1))).toBe(false);
    expect(await store.write((tx) => tx.throttles.take('k', at(5999), 1, 1))).toBe(false);
    expect(await store.write((tx) => tx.throttles.take('k', at(6000), 1, 1))).toBe(true);
  });

  it('a take in a failed write is rolled back', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.throttles.take('k', at(0), 1, 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.write((tx) => tx.throttles.take('k', at(0), 1, 1))).toBe(true);
  });
});
