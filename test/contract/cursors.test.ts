import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../src/storage/sqlite/store.js';
import { contract } from './engines.js';

contract('ConsumerCursorRepository', (open) => {
  it('a new consumer has no position; advance sets it and only ever moves it forward', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.cursors.get('trail:a'))).toBeUndefined();
    await store.write((tx) => tx.cursors.advance('trail:a', 5));
    expect(await store.read((tx) => tx.cursors.get('trail:a'))).toBe(5);
    await store.write((tx) => tx.cursors.advance('trail:a', 3));
    expect(await store.read((tx) => tx.cursors.get('trail:a'))).toBe(5);
    await store.write((tx) => tx.cursors.advance('trail:a', 9));
    expect(await store.read((tx) => tx.cursors.get('trail:a'))).toBe(9);
  });

  it('consumers are independent; list by prefix (literally, `_` is no wildcard), delete one', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cursors.advance('trail:x_y@us-east-1', 1);
      await tx.cursors.advance('trail:x_y@eu-west-1', 2);
      await tx.cursors.advance('trail:xzy@us-east-1', 3);
      await tx.cursors.advance('trail:x_y', 4);
    });
    expect([...(await store.read((tx) => tx.cursors.list('trail:x_y@')))]).toEqual([
      ['trail:x_y@eu-west-1', 2],
      ['trail:x_y@us-east-1', 1],
    ]);
    await store.write((tx) => tx.cursors.delete('trail:x_y@eu-west-1'));
    expect([...(await store.read((tx) => tx.cursors.list('trail:x_y@'))).keys()]).toEqual(['trail:x_y@us-east-1']);
    expect(await store.read((tx) => tx.cursors.get('trail:xzy@us-east-1'))).toBe(3);
    expect(await store.read((tx) => tx.cursors.get('trail:x_y'))).toBe(4);
  });

  it('an advance in a failed write is rolled back', async () => {
    const store = await open();
    await store.write((tx) => tx.cursors.advance('c', 1));
    await expect(
      store.write(async (tx) => {
        await tx.cursors.advance('c', 10);
        throw new Error('put failed');
      }),
    ).rejects.toThrow('put failed');
    expect(await store.read((tx) => tx.cursors.get('c'))).toBe(1);
  });
});

it('a consumer cursor survives reopening a file store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-cursors-'));
  try {
    const first = new SqliteStore(join(dir, 'store.db'));
    await first.write((tx) => tx.cursors.advance('trail:a', 12));
    first.close();
    const second = new SqliteStore(join(dir, 'store.db'));
    expect(await second.read((tx) => tx.cursors.get('trail:a'))).toBe(12);
    second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
