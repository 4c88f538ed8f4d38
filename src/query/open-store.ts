import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dataDirLayout } from '../storage/data-dir.js';
import type { Db } from '../storage/sqlite/database.js';

/** The store file inside a data directory (the server's composeApp opens the same). */
export function storePath(dataDir: string): string {
  return dataDirLayout(dataDir).store;
}

/**
 * Opens a data directory's store read-only, for offline tools. WAL mode lets this reader run next
 * to a live server without blocking it.
 */
export function openStoreReadOnly(dataDir: string): Db {
  const path = storePath(dataDir);
  if (!existsSync(path)) throw new Error(`no event store at '${path}': start the server once with 'hsmtrail serve' (or pass --data-dir)`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
  if (!hasEvents) {
    db.close();
    throw new Error(`'${path}' holds no events yet`);
  }
  return db;
}
