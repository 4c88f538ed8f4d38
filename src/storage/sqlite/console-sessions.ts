import type { ConsoleSessionRepository } from '../ports/identity.js';
import type { Db } from './database.js';

export class SqliteConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(private readonly db: Db) {}

  async put(idSha256: string, sealed: string, expiresMs: number): Promise<void> {
    this.db.prepare('INSERT INTO console_sessions (id_sha256, sealed, expires_ms) VALUES (?, ?, ?)').run(idSha256, sealed, expiresMs);
  }

  async get(idSha256: string): Promise<{ sealed: string; expiresMs: number } | undefined> {
    return this.db.prepare('SELECT sealed, expires_ms AS expiresMs FROM console_sessions WHERE id_sha256 = ?').get(idSha256) as
      { sealed: string; expiresMs: number } | undefined;
  }

  async delete(idSha256: string): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE id_sha256 = ?').run(idSha256);
  }

  async prune(nowMs: number, max: number): Promise<void> {
    this.db.prepare('DELETE FROM console_sessions WHERE expires_ms <= ?').run(nowMs);
    this.db
      .prepare(
        `DELETE FROM console_sessions WHERE id_sha256 IN
           (SELECT id_sha256 FROM console_sessions ORDER BY expires_ms LIMIT max(0, (SELECT COUNT(*) FROM console_sessions) - ?))`,
      )
      .run(max);
  }
}
