import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dataDirLayout } from '../data-dir.js';
import type { Repositories, Store, Tx } from '../ports.js';
import type { Db } from './database.js';
import { sqliteRepositories } from './repositories.js';

/**
 * Opens a data directory's store file read-only, for offline tools. WAL mode lets this reader run
 * next to a live server without blocking it.
 */
export function openReadOnlyDb(dataDir: string): Db {
  const path = dataDirLayout(dataDir).store;
  if (!existsSync(path))
    throw new Error(
      `no event store at '${path}': start the server once with 'hsmtrail serve' (or pass --data-dir; for a server on PostgreSQL, --database)`,
    );
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
  if (!hasEvents) {
    db.close();
    throw new Error(`'${path}' holds no events yet`);
  }
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event_records'").get()) {
    db.close();
    throw new Error(`'${path}' was last served by an older version: start 'hsmtrail serve' on it once to upgrade it`);
  }
  return db;
}

/** A Store over a read-only connection: each `read` is one snapshot transaction; `write` is refused. */
export class ReadOnlySqliteStore implements Store {
  private readonly repositories: Repositories;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db) {
    this.repositories = sqliteRepositories(db);
  }

  write<T>(): Promise<T> {
    return Promise.reject(new Error('this store is open read-only'));
  }

  appendEvents(): Promise<void> {
    return this.write();
  }

  read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    // One connection holds one transaction at a time, so reads take turns on it.
    const run = this.tail.then(() => this.snapshot(fn));
    this.tail = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.db.close();
  }

  /** A read has nothing to commit: its after-commit hooks run once `fn` is done. */
  private async snapshot<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    const hooks: Array<() => void | Promise<void>> = [];
    this.db.exec('BEGIN');
    let value: T;
    try {
      value = await fn({ ...this.repositories, afterCommit: (hook) => hooks.push(hook) });
    } finally {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    }
    for (const hook of hooks) await hook();
    return value;
  }
}
