import type { Store } from './ports.js';
import type { Db } from './sqlite/database.js';
import { Checkpointer } from './sqlite/checkpointer.js';
import { EventCompactor, type CompactionOptions } from './sqlite/event-compaction.js';
import { SqliteStore } from './sqlite/store.js';

/** The embedded engine's connection, for tests that inspect the SQLite file itself. */
export type SqliteConnection = Db;

/** Background work an engine runs on every node that opens it (SQLite: WAL checkpoints, record compaction). */
export interface EngineWorker {
  start(): void;
  stop(): Promise<void> | void;
}

export interface OpenedStore {
  store: Store;
  workers: EngineWorker[];
  /** The SQLite writer connection (white-box tests only). */
  connection: SqliteConnection;
  close(): void;
}

/**
 * Opens the server's store: the engine is chosen here, and only here. SQLite is the embedded one;
 * every module's migrations run as it opens.
 */
export function openStore(
  path: string,
  opts: { durability?: 'normal' | 'full'; compaction?: Partial<CompactionOptions> } = {},
): OpenedStore {
  const sqlite = new SqliteStore(path, { durability: opts.durability, backgroundCheckpoints: true });
  const workers = [new Checkpointer(path), new EventCompactor(sqlite, opts.compaction)];
  return { store: sqlite, workers, connection: sqlite.db, close: () => sqlite.close() };
}
