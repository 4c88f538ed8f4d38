import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_SIZE_LIMIT, openDatabase } from './database.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-av-'));
  dirs.push(dir);
  return join(dir, 'store.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDatabase: space is handed back', () => {
  it('creates new stores with incremental auto-vacuum and a bounded WAL', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(JOURNAL_SIZE_LIMIT);
    db.close();
  });

  it('switches an existing store once (one VACUUM), keeping its rows, and frees pages on incremental_vacuum', () => {
    const path = tempDb();
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x TEXT)');
    const insert = old.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`row ${i} ${'x'.repeat(1000)}`);
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(500);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.exec('DELETE FROM t');
    expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(pages / 2);
    db.pragma('incremental_vacuum(100000)');
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(db.pragma('page_count', { simple: true })).toBeLessThan(pages / 2);
    db.close();
  });
});
