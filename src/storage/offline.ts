import { SqliteStore } from './sqlite/store.js';
import type { Store } from './ports.js';
import type { ObjectStore } from './objects/ports.js';
import { dataDirLayout } from './data-dir.js';
import { BucketStore } from './objects/local/bucket-store.js';
import { LocalObjectStore } from './objects/local/local-object-store.js';
import { openReadOnlyDb, ReadOnlySqliteStore } from './sqlite/read-only-store.js';
import { CloudTrailSql, type SqlResult } from './sqlite/sql/cloudtrail-sql.js';

export type { SqlResult };

/**
 * What offline tools (`hsmtrail events`, `hsmtrail sql`) open on a data directory, whichever engine
 * holds it: the CLI never reaches into an engine.
 */
export function openReadOnlyStore(dataDir: string): Store {
  return new ReadOnlySqliteStore(openReadOnlyDb(dataDir));
}

/** Where `hsmtrail sql` reads: the data directory's event store, or delivered log files. */
export type EventSqlSource = { kind: 'store'; dataDir: string } | { kind: 'files'; dir: string };

export interface EventSql {
  query(sql: string): Promise<SqlResult>;
  close(): Promise<void>;
}

/** SQL over CloudTrail events through a `cloudtrail` view shaped like AWS's Athena table. */
export async function openEventSql(source: EventSqlSource): Promise<EventSql> {
  if (source.kind === 'files') return CloudTrailSql.open(source);
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

/** The data directory's built-in buckets, through the object-store port (`hsmtrail sql --source files`). */
export function openLocalBuckets(dataDir: string): { store: ObjectStore; close(): void } {
  const { objects, close } = openDataDir(dataDir);
  return { store: objects, close };
}

/**
 * The data directory as the server lays it out: its store (opening it brings a data dir last served by
 * an older version to the current schema; a no-op on a current one) and its built-in buckets.
 */
export function openDataDir(dataDir: string): { storage: Store; objects: ObjectStore; close(): void } {
  const layout = dataDirLayout(dataDir);
  const storage = new SqliteStore(layout.store);
  return { storage, objects: new LocalObjectStore(new BucketStore(storage, layout.buckets)), close: () => storage.close() };
}
