import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function fileStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-store-'));
  dirs.push(dir);
  return new SqliteStore(join(dir, 'store.db'));
}

const tick = () => new Promise((r) => setImmediate(r));

describe.each([
  ['file', fileStore],
  ['memory', () => new SqliteStore(':memory:')],
])('SqliteStore (%s)', (_kind, open) => {
  it('a read never sees rows of a write that has not committed', async () => {
    const store = open();
    store.db.exec('CREATE TABLE t (v INTEGER)');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const write = store.write(async (tx) => {
      tx.db.prepare('INSERT INTO t VALUES (1)').run();
      await held;
    });
    await tick();
    const count = (tx: { db: SqliteStore['db'] }) => (tx.db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    const during = store.read(count);
    if (_kind === 'file') expect(await during).toBe(0);
    release();
    await write;
    // On one connection the read waits for the batch to end, then sees only what it committed.
    expect(await during).toBe(_kind === 'file' ? 0 : 1);
    expect(await store.read(count)).toBe(1);
    store.close();
  });

  it('concurrent reads each get a whole snapshot, and a failing read does not poison the next', async () => {
    const store = open();
    store.db.exec('CREATE TABLE t (v INTEGER)');
    await store.write((tx) => tx.db.prepare('INSERT INTO t VALUES (1), (2)').run());
    const sum = async (tx: { db: SqliteStore['db'] }) => {
      await tick();
      return (tx.db.prepare('SELECT sum(v) AS s FROM t').get() as { s: number }).s;
    };
    await expect(store.read(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await Promise.all([store.read(sum), store.read(sum), store.read(sum)])).toEqual([3, 3, 3]);
    store.close();
  });

  it('refuses writes through a read transaction', async () => {
    const store = open();
    store.db.exec('CREATE TABLE t (v INTEGER)');
    if (_kind === 'file')
      await expect(store.read((tx) => tx.db.prepare('INSERT INTO t VALUES (1)').run())).rejects.toThrow(/readonly|query_only/i);
    store.close();
  });
});
