import type { Db } from '../sqlite/database.js';
import type { Tx } from '../ports.js';
import type { SqliteTx } from '../sqlite/store.js';
import { sqliteRepositories } from '../sqlite/repositories.js';

/**
 * The store parts of a CallContext for unit tests that drive a service on one bare connection
 * without a Store: `tx`, `read` and `afterCommit` all act directly on `db`.
 */
export function directTx(db: Db): { tx: SqliteTx; read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>; afterCommit(): void } {
  const tx: SqliteTx = { ...sqliteRepositories(db), db, afterCommit: () => undefined };
  return { tx, read: async (fn) => fn(tx), afterCommit: () => undefined };
}
