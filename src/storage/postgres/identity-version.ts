import type { IdentityVersionRepository } from '../ports/identity.js';
import type { Sql } from './sql.js';

const BUMP = 'UPDATE iam_state_version SET version = version + 1 WHERE id = 1';

/** Runs a change; when it changed rows, bumps the authorization version in the same transaction. */
export async function changing(sql: Sql, text: string, params: readonly unknown[] = []): Promise<number> {
  const changes = await sql.run(text, params);
  if (changes > 0) await sql.run(BUMP);
  return changes;
}

export class PgIdentityVersionRepository implements IdentityVersionRepository {
  constructor(private readonly sql: Sql) {}

  async current(): Promise<number> {
    return (await this.sql.one<{ version: number }>('SELECT version FROM iam_state_version WHERE id = 1'))!.version;
  }

  async bump(): Promise<void> {
    await this.sql.run(BUMP);
  }
}
