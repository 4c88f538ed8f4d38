import type { Store } from '../ports.js';
import { SqliteStore } from '../sqlite/store.js';

/**
 * A fresh in-memory store for fixtures outside src/storage/, with its raw connection for tests that
 * inspect rows directly (tests only).
 */
export function memoryStore(): { store: Store; db: SqliteStore['db'] } {
  const store = new SqliteStore(':memory:');
  return { store, db: store.db };
}
