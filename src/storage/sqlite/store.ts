import type { NewEvent } from '../../audit/events/ports.js';
import type { AfterCommit, Repositories, Store, Tx } from '../ports.js';
import { sqliteRepositories } from './repositories.js';
import { appendEvent } from './events.js';
import { migrateAll } from './migrations/index.js';
import { openDatabase, openReader, type Db } from './database.js';
import { UnitOfWork } from './unit-of-work.js';

/** A SQLite transaction: the repositories, plus its connection for white-box tests. */
export interface SqliteTx extends Tx {
  readonly db: Db;
}

export interface SqliteStoreOptions {
  durability?: 'normal' | 'full';
  backgroundCheckpoints?: boolean;
}

/**
 * Reader connections of a file store. One thread runs every call, so more readers add no parallelism;
 * they let snapshots overlap, so a snapshot that awaits (an async port, a long answer) holds up no
 * other call's authentication, each of which opens one.
 */
const READERS = 4;

/**
 * The embedded engine. Writes queue on one connection (SQLite has one writer) with group commit
 * (unit-of-work.ts). A file store reads on its own connections: in WAL mode a reader's transaction
 * sees the last commit before it began and never waits for the writer ("Write-Ahead Logging",
 * concurrency), so reads never queue behind writes. `:memory:` has one connection; its reads run
 * between write batches.
 */
export class SqliteStore implements Store {
  /** The writer connection. Transitional: for code not yet behind a repository. */
  readonly db: Db;
  /** The write queue. Transitional, like `db`. */
  readonly uow: UnitOfWork;
  /** Reader connections (none for `:memory:`), and the idle ones; reads waiting for one, first come first served. */
  private readonly readers: Db[] = [];
  private readonly idle: Db[] = [];
  private readonly waiting: Array<(reader: Db) => void> = [];
  private readonly repositories = new Map<Db, Repositories>();

  constructor(
    readonly path: string,
    opts: SqliteStoreOptions = {},
  ) {
    this.db = openDatabase(path, opts);
    migrateAll(this.db);
    this.uow = new UnitOfWork(this.db);
    if (path !== ':memory:') for (let i = 0; i < READERS; i++) this.readers.push(openReader(path));
    this.idle.push(...this.readers);
  }

  write<T>(fn: (tx: SqliteTx) => T | Promise<T>): Promise<T> {
    return this.uow.run((afterCommit) => fn(this.tx(this.db, afterCommit)));
  }

  /** One writer: an event-only unit queues with the others and shares their commit. */
  appendEvents(events: readonly NewEvent[]): Promise<void> {
    return this.uow.run(() => {
      for (const e of events) appendEvent(this.db, e);
    });
  }

  async read<T>(fn: (tx: SqliteTx) => T | Promise<T>): Promise<T> {
    if (this.readers.length === 0) return this.uow.between(() => withHooks((afterCommit) => fn(this.tx(this.db, afterCommit))));
    // A connection holds one transaction at a time, so reads take turns on the pool; an idle one is
    // taken at once (the common case), without queueing behind a resolved promise.
    const reader = this.idle.pop() ?? (await new Promise<Db>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.snapshot(reader, fn);
    } finally {
      const next = this.waiting.shift();
      if (next) next(reader);
      else this.idle.push(reader);
    }
  }

  close(): void {
    for (const reader of this.readers) reader.close();
    this.db.close();
  }

  private async snapshot<T>(reader: Db, fn: (tx: SqliteTx) => T | Promise<T>): Promise<T> {
    reader.exec('BEGIN');
    try {
      return await withHooks((afterCommit) => fn(this.tx(reader, afterCommit)));
    } finally {
      if (reader.inTransaction) reader.exec('COMMIT');
    }
  }

  private tx(db: Db, afterCommit: AfterCommit): SqliteTx {
    let repositories = this.repositories.get(db);
    if (!repositories) this.repositories.set(db, (repositories = sqliteRepositories(db)));
    // The repositories are the prototype: a transaction costs two fields, however many aggregates there are.
    return Object.create(repositories, { db: { value: db }, afterCommit: { value: afterCommit } }) as SqliteTx;
  }
}

/** A read has nothing to commit: its after-commit hooks run once `fn` is done. */
async function withHooks<T>(fn: (afterCommit: AfterCommit) => T | Promise<T>): Promise<T> {
  let hooks: Array<() => void | Promise<void>> | undefined;
  const value = await fn((hook) => (hooks ??= []).push(hook));
  for (const hook of hooks ?? []) await hook();
  return value;
}
