import type { SignInFailureRepository } from '../ports/identity.js';
import type { Sql } from './sql.js';

export class PgSignInFailureRepository implements SignInFailureRepository {
  constructor(private readonly sql: Sql) {}

  get(key: string): Promise<{ count: number; lastMs: number } | undefined> {
    return this.sql.one('SELECT count, last_ms AS "lastMs" FROM console_signin_failures WHERE key = $1', [key]);
  }

  async put(key: string, f: { count: number; lastMs: number }): Promise<void> {
    await this.sql.run(
      `INSERT INTO console_signin_failures (key, count, last_ms) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms`,
      [key, f.count, f.lastMs],
    );
  }

  async delete(key: string): Promise<void> {
    await this.sql.run('DELETE FROM console_signin_failures WHERE key = $1', [key]);
  }

  async purge(beforeMs: number): Promise<void> {
    await this.sql.run('DELETE FROM console_signin_failures WHERE last_ms < $1', [beforeMs]);
  }
}
