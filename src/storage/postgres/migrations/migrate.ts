import type pg from 'pg';
import { sqlOn, type Sql } from '../sql.js';

/** One versioned schema change owned by one module, as in SQLite's schema_migrations. */
export interface PgMigration {
  version: number;
  name: string;
  up: string | ((sql: Sql) => Promise<void>);
}

/**
 * Text compared byte by byte, as SQLite's default BINARY collation does (S3 key order, ARNs, names):
 * independent of the database's locale.
 */
export const TEXT = 'TEXT COLLATE "C"';

/** The session-level advisory lock migrations run under: "hsmm" in ASCII. */
export const MIGRATE_LOCK_KEY = 0x68736d6d;

/**
 * Applies each module's migrations in version order, once. Nodes starting together take turns on a
 * session advisory lock, so exactly one applies each migration and the others find it recorded.
 */
export async function migrateModules(
  pool: pg.Pool,
  schema: ReadonlyArray<{ module: string; migrations: readonly PgMigration[] }>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
        PRIMARY KEY (module, version))`);
      for (const { module, migrations } of schema) await migrate(client, module, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function migrate(client: pg.PoolClient, module: string, migrations: readonly PgMigration[]): Promise<void> {
  const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations WHERE module = $1', [module]);
  const applied = new Set(rows.rows.map((r) => r.version));
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await client.query('BEGIN');
    try {
      if (typeof m.up === 'string') await client.query(m.up);
      else await m.up(sqlOn(client));
      await client.query('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES ($1, $2, $3, $4)', [
        module,
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
}
