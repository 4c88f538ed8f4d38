import type { Store } from './ports.js';
import type { Db } from './sqlite/database.js';
import { Checkpointer } from './sqlite/checkpointer.js';
import { EventCompactor, type CompactionOptions } from './sqlite/event-compaction.js';
import { SqliteStore } from './sqlite/store.js';
import { PgStore } from './postgres/store.js';
import { PgBlobStore } from './postgres/blob-chunks.js';
import type { BlobStore } from './objects/blob-store.js';
import { BlobFiles } from './objects/local/blobs.js';

/** The embedded engine's connection, for tests that inspect the SQLite file itself. */
export type SqliteConnection = Db;

/** Background work an engine runs on every node that opens it (SQLite: WAL checkpoints, record compaction). */
export interface EngineWorker {
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface OpenedStore {
  store: Store;
  workers: EngineWorker[];
  /** The SQLite writer connection (white-box tests only); reading it on another engine throws. */
  readonly connection: SqliteConnection;
  close(): void | Promise<void>;
}

export interface OpenOptions {
  durability?: 'normal' | 'full';
  /** A postgres:// URL: the store lives in that PostgreSQL database, shared by every node given it. */
  database?: string;
  /** SQLite: the background pass that compresses older event records. */
  compaction?: Partial<CompactionOptions>;
}

/**
 * Opens the server's store: the engine is chosen here, and only here. SQLite (the file at `path`) is
 * the embedded default; `database` selects PostgreSQL. Every module's migrations run as it opens.
 */
export function openStore(path: string, opts: OpenOptions = {}): OpenedStore {
  if (opts.database) return openPostgres(opts.database);
  const sqlite = new SqliteStore(path, { durability: opts.durability, backgroundCheckpoints: true });
  const workers = [new Checkpointer(path), new EventCompactor(sqlite, opts.compaction)];
  return { store: sqlite, workers, connection: sqlite.db, close: () => sqlite.close() };
}

/**
 * PostgreSQL: no engine chores (it checkpoints and vacuums by itself). Its one worker waits for the
 * connection and the migrations at start, so an unreachable server stops `serve` with a clear error.
 */
function openPostgres(url: string): OpenedStore {
  const pg = new PgStore(url);
  return {
    store: pg,
    workers: [{ start: () => pg.ready, stop: () => {} }],
    get connection(): SqliteConnection {
      throw new Error('this store is PostgreSQL: there is no SQLite connection to inspect');
    },
    close: () => pg.close(),
  };
}

/**
 * Where the built-in S3 keeps object bytes, chosen with the engine: on PostgreSQL in the database
 * (every node serves every object, losing a node loses none); otherwise files under `dataDir`.
 */
export function blobStoreFor(store: Store, dataDir: string): BlobStore {
  return store instanceof PgStore ? new PgBlobStore(store.pool, store.ready) : new BlobFiles(dataDir);
}
