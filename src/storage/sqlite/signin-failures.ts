import type { SignInFailureRepository } from '../ports/identity.js';
import type { Db } from './database.js';

export class SqliteSignInFailureRepository implements SignInFailureRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<{ count: number; lastMs: number } | undefined> {
    return this.db.prepare('SELECT count, last_ms AS lastMs FROM console_signin_failures WHERE key = ?').get(key) as
      { count: number; lastMs: number } | undefined;
  }

  async put(key: string, f: { count: number; lastMs: number }): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO console_signin_failures (key, count, last_ms) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms`,
      )
      .run(key, f.count, f.lastMs);
  }

  async delete(key: string): Promise<void> {
    this.db.prepare('DELETE FROM console_signin_failures WHERE key = ?').run(key);
  }

  async purge(beforeMs: number): Promise<void> {
    this.db.prepare('DELETE FROM console_signin_failures WHERE last_ms < ?').run(beforeMs);
  }
}
