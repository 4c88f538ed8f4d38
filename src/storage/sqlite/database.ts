import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { makePrivateDir, touchPrivateFile } from '../data-dir.js';

export type Db = Database.Database;

/** One versioned schema change owned by one module (identity, s3, cloudhsmv2, audit, ...). */
export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Db) => void);
}

/**
 * Opens the embedded store. WAL with synchronous=NORMAL: a committed transaction survives
 * kill -9 of the process (the fail-closed guarantee); `durability: 'full'` also survives power loss.
 */
export function openDatabase(path: string, opts: { durability?: 'normal' | 'full'; backgroundCheckpoints?: boolean } = {}): Db {
  if (path !== ':memory:') {
    makePrivateDir(dirname(path));
    // SQLite creates -wal and -shm with the database file's mode, so a 0600 file keeps all three private.
    touchPrivateFile(path);
  }
  const db = new CachingDatabase(path);
  useIncrementalVacuum(db);
  db.pragma('journal_mode = WAL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  db.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // With a Checkpointer running, checkpoints happen off the request path (see checkpointer.ts).
  if (opts.backgroundCheckpoints) db.pragma('wal_autocheckpoint = 0');
  return db;
}

/**
 * A second connection to a file store for reads: `query_only` refuses writes through it, and its
 * transactions read WAL snapshots without waiting for the writer.
 */
export function openReader(path: string): Db {
  const db = new CachingDatabase(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = ON');
  return db;
}

/**
 * After a complete checkpoint the next writer rewinds the WAL; this truncates it back to this size
 * then, so a burst does not leave a large file behind ("PRAGMA journal_size_limit").
 */
export const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024;

/**
 * Deleted rows leave free pages that SQLite reuses but never returns; with auto_vacuum = INCREMENTAL
 * `PRAGMA incremental_vacuum(N)` hands them back (the retention purge does, src/audit/retention/).
 * A new file takes the mode at once; an existing one needs a single VACUUM to switch ("PRAGMA
 * auto_vacuum"), which rewrites the whole file once: time in proportion to its size and up to twice
 * its size on disk while it runs. Later opens find the mode set and skip it.
 */
function useIncrementalVacuum(db: Db): void {
  const INCREMENTAL = 2;
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL || db.readonly) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if ((db.pragma('page_count', { simple: true }) as number) > 0) db.exec('VACUUM');
}

/** Statements prepared per connection; bounded because a few callers build SQL dynamically. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * A connection whose `prepare(sql)` hands out a cached statement, so repositories write `db.prepare(...)`
 * at the point of use without re-compiling SQL on every request: the one statement cache. A cached
 * statement's pluck/expand/raw modes are reset on each hand-out, so one caller's `.pluck()` never leaks
 * into another's.
 */
class CachingDatabase extends Database {
  private readonly statements = new Map<string, Database.Statement>();

  override prepare<BindParameters extends unknown[] | object = unknown[], Result = unknown>(
    sql: string,
  ): Database.Statement<BindParameters, Result> {
    let stmt = this.statements.get(sql);
    if (stmt) {
      this.statements.delete(sql);
      if (stmt.reader) stmt.pluck(false).expand(false).raw(false);
    } else {
      stmt = super.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, stmt);
    return stmt as Database.Statement<BindParameters, Result>;
  }
}

/**
 * Applies each module's migrations in version order, once. Modules keep separate version
 * sequences so that they evolve independently: (module, version) is the key.
 */
export function migrate(db: Db, module: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version))`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations WHERE module = ?').all(module) as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(module, m.version, m.name, new Date().toISOString());
    })();
  }
}
