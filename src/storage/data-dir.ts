import { join } from 'node:path';

/**
 * Where things live inside a data directory. The server and the offline tools (events, sql,
 * validate-logs) read the same layout from here.
 */
export function dataDirLayout(dataDir: string) {
  return {
    /** The SQLite store: every service's state, the event store, and the built-in bucket's metadata. */
    store: join(dataDir, 'hsmtrail.db'),
    /** The built-in bucket store's object bytes (blobs) and staged uploads. */
    buckets: join(dataDir, 'buckets'),
  };
}
