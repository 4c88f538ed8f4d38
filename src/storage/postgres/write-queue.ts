import type pg from 'pg';
import type { AfterCommit } from '../ports.js';
import { sqlOn, type Sql } from './sql.js';

/**
 * The body lock: the advisory lock key every state-changing write transaction takes first
 * (`pg_advisory_xact_lock`), on every node that shares the database: "hsmt" in ASCII. See PgStore for
 * why writes are serialised. Event-only transactions do not take it (event-queue.ts); a write's event
 * append takes the event-order lock after it (event-order.ts).
 */
export const WRITE_LOCK_KEY = 0x68736d74;

interface Job {
  fn: (sql: Sql, afterCommit: AfterCommit) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Done {
  job: Job;
  ok: boolean;
  value?: unknown;
  error?: unknown;
  hooks: Array<() => void | Promise<void>>;
}

/**
 * How many units share one commit at most (group commit). Below 64: a backend caches that many
 * subtransaction ids (one per writing savepoint); past it, every other session's snapshots overflow
 * to pg_subtrans lookups.
 */
const MAX_BATCH = 48;

/**
 * This node's write queue, as the SQLite UnitOfWork: units that queue while a transaction is open join
 * it, each in its own SAVEPOINT (a failing unit rolls back only itself), one COMMIT covers them all, and
 * a unit's promise settles only after that COMMIT (fail-closed). Every node's writes are serialised
 * by the advisory lock anyway, so one write connection per node loses no parallelism.
 */
export class PgWriteQueue {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly connect: () => Promise<pg.PoolClient>) {}

  run<T>(fn: (sql: Sql, afterCommit: AfterCommit) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.batch();
    } finally {
      this.draining = false;
    }
  }

  private async batch(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.connect();
      // One round trip: the lock is the transaction's first statement, so every row it reads is current.
      // A call is answered only once its event is durable (fail-closed), whatever the server's default:
      // with synchronous_commit off, PostgreSQL reports success before the commit's WAL is written, and
      // a database crash loses such transactions (PostgreSQL docs, "Asynchronous Commit").
      await client.query(`BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    } catch (err) {
      client?.release(true);
      for (const job of this.queue.splice(0)) job.reject(err);
      return;
    }
    const { done, abort } = await this.units(client);
    let commitError: unknown = abort?.batchError;
    let healthy = true;
    try {
      if (abort) throw abort.batchError;
      // COMMIT of a transaction PostgreSQL has aborted answers ROLLBACK, not an error: never report that as durable.
      const result = await client.query('COMMIT');
      if (result.command !== 'COMMIT') throw new Error('the transaction was aborted by the database');
    } catch (err) {
      if (!abort) commitError = err;
      healthy = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
    }
    client.release(healthy ? undefined : true);
    for (const d of done) await settle(d, commitError);
  }

  /**
   * Runs queued units in the open transaction. The first unit runs without a savepoint (the usual
   * batch of one costs no extra round trip): when it fails the batch ends there and rolls back, and
   * the queue goes on in a new transaction. Later units each run in a SAVEPOINT. `abort.batchError`
   * is set when a failure could not be contained and fails the batch-mates too.
   */
  private async units(client: pg.PoolClient): Promise<{ done: Done[]; abort?: { batchError?: unknown } }> {
    const done: Done[] = [];
    for (;;) {
      while (this.queue.length > 0 && done.length < MAX_BATCH) {
        const first = done.length === 0;
        const d = await unit(client, this.queue.shift()!, first);
        done.push(d);
        if (!d.ok && first) return { done, abort: {} };
        if (d.broken) return { done, abort: { batchError: d.error } };
      }
      if (done.length >= MAX_BATCH) return { done };
      // Let requests whose sockets are ready reach the queue and share this commit.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.queue.length === 0) return { done };
    }
  }
}

/** A unit that caught a failed statement itself and went on: PostgreSQL has aborted its transaction. */
const abortedInside = () => new Error('a statement failed inside this write and PostgreSQL aborted its transaction');

async function unit(client: pg.PoolClient, job: Job, first: boolean): Promise<Done & { broken?: boolean }> {
  const hooks: Done['hooks'] = [];
  // Any failed statement aborts a PostgreSQL transaction (unlike SQLite, which undoes just that
  // statement), so a unit that caught one and went on has not done its work: it fails.
  let failed = false;
  const sql = sqlOn(client, () => (failed = true));
  if (!first) {
    try {
      await client.query('SAVEPOINT unit');
    } catch (error) {
      // Without its savepoint a unit cannot be undone alone (the connection is gone): the batch fails.
      return { job, ok: false, error, hooks: [], broken: true };
    }
  }
  try {
    const value = await job.fn(sql, (hook) => hooks.push(hook));
    // No RELEASE: COMMIT covers every savepoint, and ROLLBACK TO names the newest one, this unit's.
    if (failed) throw abortedInside();
    return { job, ok: true, value, hooks };
  } catch (error) {
    if (first) return { job, ok: false, error, hooks: [] };
    // A failed statement aborts the transaction up to the savepoint; rolling back to it recovers the
    // others' work. When even that fails (the connection is gone), every unit in the batch fails.
    const recovered = await client.query('ROLLBACK TO SAVEPOINT unit').then(
      () => true,
      () => false,
    );
    return { job, ok: false, error, hooks: [], broken: !recovered };
  }
}

async function settle(d: Done, commitError: unknown): Promise<void> {
  if (!d.ok || commitError !== undefined) {
    d.job.reject(d.ok ? commitError : d.error);
    return;
  }
  d.job.resolve(d.value);
  for (const hook of d.hooks) {
    try {
      await hook();
    } catch {
      // After-commit work is best effort (cleanup); the transaction already stands.
    }
  }
}
