import pg from 'pg';
import type { NewEvent } from '../../audit/events/ports.js';
import type { AfterCommit, Store, Tx } from '../ports.js';
import { connectError } from './connect-error.js';
import { migrateAll } from './migrations/index.js';
import { pgRepositories } from './repositories.js';
import { PG_TYPES, sqlOn, type Sql } from './sql.js';
import { PgEventQueue } from './event-queue.js';
import { PgWriteQueue } from './write-queue.js';

export interface PgStoreOptions {
  /** Pooled connections (one of them writes at a time; the others serve reads). */
  max?: number;
}

/**
 * The PostgreSQL engine, for several server nodes sharing one database.
 *
 * State-changing writes are serialised across ALL nodes: every write transaction first takes one
 * transaction-scoped advisory lock, the body lock (`pg_advisory_xact_lock`, write-queue.ts). The
 * services were written against SQLite's single writer (check-then-insert uniqueness, read-modify-write
 * counters), and this keeps every one of them correct without per-service locking. The event stream
 * is ordered by a second lock, the event-order lock (event-order.ts): `events.seq` is drawn only under
 * it, and it is released only after the holder's commit is visible, so seq order is commit order and a
 * consumer's cursor can never pass an event that commits later. A write takes it at its event's
 * append, after the body lock; a read-only call's event (`appendEvents`) takes only it, in one
 * statement that is its own transaction, so reads' events never queue behind writes' bodies. On each
 * node, writes queue and share commits (group commit), as on SQLite, and so do event-only appends.
 *
 * Reads run on other pooled connections in `REPEATABLE READ READ ONLY` transactions: one snapshot for
 * the whole read, never waiting for the writer.
 */
export class PgStore implements Store {
  readonly pool: pg.Pool;
  /** Settles once the schema is migrated; every read and write waits for it. */
  readonly ready: Promise<void>;
  private readonly writes: PgWriteQueue;
  private readonly events: PgEventQueue;

  constructor(
    readonly url: string,
    opts: PgStoreOptions = {},
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      types: PG_TYPES,
      // A node that stalls inside a write (a frozen process) would hold every node's write lock: the
      // server ends such a session after a minute, which releases the lock and rolls its work back.
      idle_in_transaction_session_timeout: 60_000,
    });
    // An idle client's error (the server restarted) only drops that client; the next checkout reconnects.
    this.pool.on('error', () => {});
    // A checked-out client's connection can break too (the server restarts mid-query): its query rejects with
    // the error, and without a listener the client's 'error' event would end the process.
    this.pool.on('connect', (client) => client.on('error', () => {}));
    this.ready = migrateAll(this.pool).catch((err: unknown) => {
      throw connectError(url, err);
    });
    this.ready.catch(() => {}); // surfaced by every read and write
    this.writes = new PgWriteQueue(() => this.pool.connect());
    this.events = new PgEventQueue(this.pool);
  }

  async write<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    await this.ready;
    return this.writes.run((sql, afterCommit) => fn(this.tx(sql, afterCommit)));
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    await this.ready;
    return this.events.append(events);
  }

  async read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (err) {
      client.release(true);
      throw err;
    }
    let hooks: Array<() => void | Promise<void>> | undefined;
    let value: T;
    try {
      value = await fn(this.tx(sqlOn(client), (hook) => (hooks ??= []).push(hook)));
    } finally {
      // A read has nothing to make durable: its COMMIT (after a failed statement PostgreSQL answers it
      // with a rollback) only ends the snapshot, so the caller does not wait for it.
      void client.query('COMMIT').then(
        () => client.release(),
        () => client.release(true),
      );
    }
    // A read has nothing to commit: its after-commit hooks run once `fn` is done.
    for (const hook of hooks ?? []) await hook();
    return value;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {});
    await this.pool.end();
  }

  private tx(sql: Sql, afterCommit: AfterCommit): Tx {
    return { ...pgRepositories(sql), afterCommit };
  }
}
