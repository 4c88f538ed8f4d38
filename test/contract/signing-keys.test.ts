import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { SealedSigningKey } from '../../src/audit/digest/signing-key.js';

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 2, 1);

const key = (region: string, fingerprint: string, startDay: number, days = 30): SealedSigningKey => ({
  region,
  fingerprint,
  publicKeyDer: Buffer.from(`der-${fingerprint}`),
  privateKeySealed: `v1:sealed-${fingerprint}`,
  validityStart: new Date(T0 + startDay * DAY),
  validityEnd: new Date(T0 + (startDay + days) * DAY),
});

contract('SigningKeyRepository', (open) => {
  it('validAt: the newest key whose window holds the instant (end exclusive), per region', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.signingKeys.insert(key('us-east-1', 'a', 0));
      await tx.signingKeys.insert(key('us-east-1', 'b', 20));
      await tx.signingKeys.insert(key('eu-west-1', 'c', 0));
    });
    const at = (day: number, region = 'us-east-1') => store.read((tx) => tx.signingKeys.validAt(region, new Date(T0 + day * DAY)));
    expect((await at(10))?.fingerprint).toBe('a');
    expect((await at(25))?.fingerprint).toBe('b');
    expect(await at(50)).toBeUndefined();
    expect(await at(-1)).toBeUndefined();
    expect(await store.read((tx) => tx.signingKeys.validAt('us-east-1', new Date(T0 + 30 * DAY)))).toMatchObject({ fingerprint: 'b' });
    expect(await at(10, 'ap-south-1')).toBeUndefined();
    const found = (await at(10))!;
    expect(found).toEqual(key('us-east-1', 'a', 0));
  });

  it('list: keys overlapping [start, end], oldest first, without the private half', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.signingKeys.insert(key('us-east-1', 'b', 30));
      await tx.signingKeys.insert(key('us-east-1', 'a', 0));
      await tx.signingKeys.insert(key('us-east-1', 'c', 90));
    });
    const listed = await store.read((tx) => tx.signingKeys.list('us-east-1', new Date(T0 + 10 * DAY), new Date(T0 + 40 * DAY)));
    expect(listed.map((k) => k.fingerprint)).toEqual(['a', 'b']);
    expect(listed[0]).not.toHaveProperty('privateKeySealed');
    expect(Buffer.from(listed[0]!.publicKeyDer).toString()).toBe('der-a');
  });

  it('a second key with the same fingerprint in a region is refused', async () => {
    const store = await open();
    await store.write((tx) => tx.signingKeys.insert(key('us-east-1', 'a', 0)));
    await expect(store.write((tx) => tx.signingKeys.insert(key('us-east-1', 'a', 5)))).rejects.toThrow();
  });

  it('a fresh store has no legacy clear keys; a key inserted in a failed write is not kept', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.signingKeys.legacyClear())).toEqual([]);
    await expect(
      store.write(async (tx) => {
        await tx.signingKeys.insert(key('us-east-1', 'a', 0));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.read((tx) => tx.signingKeys.list('us-east-1', new Date(0), new Date(T0 + 100 * DAY)))).toEqual([]);
  });
});
