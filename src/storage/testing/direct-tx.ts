import type { Db } from '../sqlite/database.js';
import type { Tx } from '../ports.js';
import { sqliteRepositories } from '../sqlite/repositories.js';

/**
 * The store parts of a CallContext for unit tests that drive a service on one connection without a
 * Store: `tx`, `read` and `afterCommit` all act directly on `db`. Transitional, like `Tx.db`.
 */
export function directTx(db: Db): { tx: Tx; read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>; db: Db; afterCommit(): void } {
  const tx: Tx = { ...sqliteRepositories(db), db, afterCommit: () => undefined };
  return { tx, read: async (fn) => fn(tx), db, afterCommit: () => undefined };
}
