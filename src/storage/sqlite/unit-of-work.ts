import type { Db } from './database.js';

/**
 * Serialises every write to the embedded store and wraps it in one transaction. SQLite has a single
 * writer anyway; holding the lock across an async handler lets a call's state change and its audit
 * event commit together (the fail-closed rule) without the callers interleaving inside one transaction.
 */
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back if it throws. Then runs after-commit hooks. */
  run<T>(fn: (afterCommit: (hook: () => void | Promise<void>) => void) => T | Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.transact(fn));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async transact<T>(fn: (afterCommit: (hook: () => void | Promise<void>) => void) => T | Promise<T>): Promise<T> {
    const hooks: Array<() => void | Promise<void>> = [];
    this.db.exec('BEGIN IMMEDIATE');
    let value: T;
    try {
      value = await fn((hook) => hooks.push(hook));
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
    for (const hook of hooks) {
      try {
        await hook();
      } catch {
        // After-commit work is best effort (cleanup); the transaction already stands.
      }
    }
    return value;
  }
}
