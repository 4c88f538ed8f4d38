import { expect, it } from 'vitest';
import { contract } from './engines.js';

const R = 'cluster-aaaaaaaaaaa';

contract('CloudHsmTagRepository', (open) => {
  it('puts tags (an existing key takes the new value) and reads them by key', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.cloudhsmTags.of(R))).toEqual([]);
    await store.write((tx) =>
      tx.cloudhsmTags.put(R, [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'prod' },
      ]),
    );
    await store.write((tx) => tx.cloudhsmTags.put(R, [{ Key: 'env', Value: 'dev' }]));
    expect(await store.read((tx) => tx.cloudhsmTags.of(R))).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'a' },
    ]);
  });

  it('pages by key, reads many resources at once, removes keys and drops a resource’s tags', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cloudhsmTags.put(
        R,
        ['c', 'a', 'b'].map((k) => ({ Key: k, Value: k.toUpperCase() })),
      );
      await tx.cloudhsmTags.put('backup-aaaaaaaaaaa', [{ Key: 'x', Value: '1' }]);
    });
    expect(await store.read((tx) => tx.cloudhsmTags.page(R, undefined, 2))).toEqual([
      { Key: 'a', Value: 'A' },
      { Key: 'b', Value: 'B' },
    ]);
    expect(await store.read((tx) => tx.cloudhsmTags.page(R, 'b', 2))).toEqual([{ Key: 'c', Value: 'C' }]);
    const many = await store.read((tx) => tx.cloudhsmTags.ofMany([R, 'backup-aaaaaaaaaaa', 'backup-bbbbbbbbbbb']));
    expect(many.get('backup-aaaaaaaaaaa')).toEqual([{ Key: 'x', Value: '1' }]);
    expect(many.get(R)!.map((t) => t.Key)).toEqual(['a', 'b', 'c']);
    expect(many.has('backup-bbbbbbbbbbb')).toBe(false);
    await store.write((tx) => tx.cloudhsmTags.remove(R, ['a', 'missing']));
    expect((await store.read((tx) => tx.cloudhsmTags.of(R))).map((t) => t.Key)).toEqual(['b', 'c']);
    await store.write((tx) => tx.cloudhsmTags.drop(R));
    expect(await store.read((tx) => tx.cloudhsmTags.of(R))).toEqual([]);
    expect(await store.read((tx) => tx.cloudhsmTags.of('backup-aaaaaaaaaaa'))).toHaveLength(1);
  });

  it('a failed write leaves the tags as they were', async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmTags.put(R, [{ Key: 'env', Value: 'prod' }]));
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmTags.put(R, [{ Key: 'env', Value: 'dev' }]);
        await tx.cloudhsmTags.put(R, [{ Key: 'new', Value: '1' }]);
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.cloudhsmTags.of(R))).toEqual([{ Key: 'env', Value: 'prod' }]);
  });
});
