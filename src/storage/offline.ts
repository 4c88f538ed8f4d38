import { SqliteStore } from './sqlite/store.js';
import { PgStore } from './postgres/store.js';
import type { Store } from './ports.js';
import type { ObjectStore } from './objects/ports.js';
import { dataDirLayout } from './data-dir.js';
import { BucketStore } from './objects/local/bucket-store.js';
import { LocalObjectStore } from './objects/local/local-object-store.js';
import { openReadOnlyDb, ReadOnlySqliteStore } from './sqlite/read-only-store.js';
import { CloudTrailSql, type SqlResult } from './sqlite/sql/cloudtrail-sql.js';

export type { SqlResult };

/**
 * Where a server keeps its state, as offline tools are told it: the data directory (account, master
 * key, and with SQLite the store and the buckets' bytes) and, with PostgreSQL, the database's URL.
 */
export interface StoreLocation {
  dataDir: string;
  /** A postgres:// URL: the store of every node that shares it. */
  database?: string;
}

/** A store an offline tool opened: closing a PostgreSQL one ends its connections. */
export type OfflineStore = Store & { close(): void | Promise<void> };

/**
 * What offline tools (`hsmtrail events`, `hsmtrail sql`) open, whichever engine holds the store: the
 * CLI never reaches into an engine. SQLite is opened read-only; PostgreSQL is read through snapshots
 * (its `read`), next to the running nodes, so every node's events are there.
 */
export function openReadOnlyStore(at: StoreLocation): OfflineStore {
  if (at.database) return new PgStore(at.database, { max: 2 });
  return new ReadOnlySqliteStore(openReadOnlyDb(at.dataDir));
}

/** Where `hsmtrail sql` reads: the server's event store, or delivered log files. */
export type EventSqlSource = ({ kind: 'store' } & StoreLocation) | { kind: 'files'; dir: string };

export interface EventSql {
  query(sql: string): Promise<SqlResult>;
  close(): Promise<void>;
}

/** SQL over CloudTrail events through a `cloudtrail` view shaped like AWS's Athena table. */
export async function openEventSql(source: EventSqlSource): Promise<EventSql> {
  if (source.kind === 'files') return CloudTrailSql.open(source);
  if (source.database) return pgEventSql(source.database);
  const db = openReadOnlyDb(source.dataDir);
  try {
    const sql = await CloudTrailSql.open({ kind: 'store', db });
    return {
      query: (text) => sql.query(text),
      close: async () => {
        await sql.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** PostgreSQL has no file for DuckDB to export: the records are read through the store port instead. */
async function pgEventSql(database: string): Promise<EventSql> {
  const store = new PgStore(database, { max: 2 });
  try {
    const sql = await CloudTrailSql.open({ kind: 'records', records: storedRecords(store) });
    return { query: (text) => sql.query(text), close: () => sql.close().finally(() => store.close()) };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Every stored record, oldest first, page by page (each its own snapshot), up to the end seen at the start. */
async function* storedRecords(store: Store, pageSize = 5_000): AsyncIterable<string> {
  const end = await store.read((tx) => tx.events.lastSeq());
  for (let after = 0; after < end;) {
    const page = await store.read((tx) => tx.events.readAfter(after, pageSize));
    if (page.length === 0) return;
    for (const e of page) if (e.seq <= end) yield e.record;
    after = page[page.length - 1]!.seq;
  }
}

/** The server's built-in buckets, through the object-store port (`hsmtrail sql --source files`). */
export function openLocalBuckets(at: StoreLocation): { store: ObjectStore; close(): void | Promise<void> } {
  const { objects, close } = openDataDir(at);
  return { store: objects, close };
}

/**
 * The server's state as it lays it out: its store (opening it brings a store last served by an older
 * version to the current schema; a no-op on a current one) and its built-in buckets (with PostgreSQL,
 * their bytes are in the database too).
 */
export function openDataDir(at: StoreLocation): { storage: Store; objects: ObjectStore; close(): void | Promise<void> } {
  const layout = dataDirLayout(at.dataDir);
  const storage = at.database ? new PgStore(at.database, { max: 2 }) : new SqliteStore(layout.store);
  return { storage, objects: new LocalObjectStore(new BucketStore(storage, layout.buckets)), close: () => storage.close() };
}
