import type { IdentityVersionRepository } from '../ports/identity.js';
import type { Db } from './database.js';

const BUMP = 'UPDATE iam_state_version SET version = version + 1 WHERE id = 1';

/** Bumps the authorization version inside the caller's transaction. */
export function bumpIdentityVersion(db: Db): void {
  db.prepare(BUMP).run();
}

/** Runs a change; when it changed rows, bumps the version in the same transaction. */
export function changing(db: Db, sql: string, ...params: unknown[]): number {
  const changes = db.prepare(sql).run(...params).changes;
  if (changes > 0) bumpIdentityVersion(db);
  return changes;
}

/** Strips SQL NULLs so absent optional fields are absent, not null. */
export function stripNulls<T extends object>(row: T): T {
  for (const k of Object.keys(row) as (keyof T)[]) if (row[k] === null) delete row[k];
  return row;
}

export class SqliteIdentityVersionRepository implements IdentityVersionRepository {
  constructor(private readonly db: Db) {}

  async current(): Promise<number> {
    return this.db.prepare('SELECT version FROM iam_state_version WHERE id = 1').pluck().get() as number;
  }

  async bump(): Promise<void> {
    bumpIdentityVersion(this.db);
  }
}
