import type { Db } from './database.js';

type AfterCommit = (hook: () => void | Promise<void>) => void;

interface Job {
  /** A read runs between batches, outside any transaction (the one-connection in-memory store). */
  read?: boolean;
  fn: (afterCommit: AfterCommit) => unknown;
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

/** How many units share one commit at most (group commit). */
const MAX_BATCH = 128;

/**
 * Serialises every write to the embedded store and gives each unit its own atomic scope. SQLite has a
 * single writer, and every request writes at least its audit event, so units queue here.
 *
 * Group commit: units that queue while a transaction is open join it, each inside its own SAVEPOINT
 * (a failing unit rolls back only itself), and one COMMIT covers them all. A unit's promise settles
 * only after that COMMIT, so a caller never answers before its change and its event are durable — the
 * fail-closed rule — while a busy server pays for one commit per batch instead of one per request.
 */
export class UnitOfWork {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly db: Db) {}

  /** Runs `fn` atomically; resolves after the commit that covers it, then runs its after-commit hooks. */
  run<T>(fn: (afterCommit: AfterCommit) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Runs `fn` between batches, never inside an open transaction, so it sees only committed rows. For a
   * store with one connection (`:memory:`); a file store reads on its own connection instead.
   */
  between<T>(fn: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ read: true, fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        if (this.queue[0]!.read) await this.outside(this.queue.shift()!);
        else await this.batch();
      }
    } finally {
      this.draining = false;
    }
  }

  private async batch(): Promise<void> {
    const done: Done[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      for (const job of this.writesAtHead()) job.reject(err);
      return;
    }
    for (;;) {
      while (this.queue.length > 0 && !this.queue[0]!.read && done.length < MAX_BATCH && this.db.inTransaction) {
        done.push(await this.unit(this.queue.shift()!));
      }
      if (done.length >= MAX_BATCH || !this.db.inTransaction) break;
      // Let requests whose sockets are ready reach the queue and share this commit.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.queue.length === 0 || this.queue[0]!.read) break;
    }
    let commitError: unknown;
    try {
      // A unit whose error (disk full, I/O) aborted the transaction fails its batch-mates with that error.
      if (!this.db.inTransaction) throw done.find((d) => !d.ok)?.error ?? new Error('the transaction was aborted by the database');
      this.db.exec('COMMIT');
    } catch (err) {
      commitError = err;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
    for (const d of done) await this.settle(d, commitError);
  }

  private writesAtHead(): Job[] {
    const n = this.queue.findIndex((j) => j.read);
    return this.queue.splice(0, n === -1 ? this.queue.length : n);
  }

  private async outside(job: Job): Promise<void> {
    try {
      job.resolve(await job.fn(() => {}));
    } catch (err) {
      job.reject(err);
    }
  }

  private async unit(job: Job): Promise<Done> {
    const hooks: Done['hooks'] = [];
    this.db.exec('SAVEPOINT unit');
    try {
      const value = await job.fn((hook) => hooks.push(hook));
      this.db.exec('RELEASE unit');
      return { job, ok: true, value, hooks };
    } catch (error) {
      // Some errors (disk full, I/O) abort the whole transaction; then every unit in it fails.
      if (this.db.inTransaction) this.db.exec('ROLLBACK TO unit; RELEASE unit');
      return { job, ok: false, error, hooks: [] };
    }
  }

  private async settle(d: Done, commitError: unknown): Promise<void> {
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
}
