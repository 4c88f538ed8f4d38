import type { ConsoleSessionRepository } from '../ports/identity.js';
import type { Sql } from './sql.js';

export class PgConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(private readonly sql: Sql) {}

  async put(idSha256: string, sealed: string, expiresMs: number): Promise<void> {
    await this.sql.run('INSERT INTO console_sessions (id_sha256, sealed, expires_ms) VALUES ($1, $2, $3)', [idSha256, sealed, expiresMs]);
  }

  get(idSha256: string): Promise<{ sealed: string; expiresMs: number } | undefined> {
    return this.sql.one('SELECT sealed, expires_ms AS "expiresMs" FROM console_sessions WHERE id_sha256 = $1', [idSha256]);
  }

  async delete(idSha256: string): Promise<void> {
    await this.sql.run('DELETE FROM console_sessions WHERE id_sha256 = $1', [idSha256]);
  }

  /** Drops expired sessions, then the soonest-expiring ones beyond `max`. */
  async prune(nowMs: number, max: number): Promise<void> {
    await this.sql.run('DELETE FROM console_sessions WHERE expires_ms <= $1', [nowMs]);
    await this.sql.run(
      `DELETE FROM console_sessions WHERE id_sha256 IN
         (SELECT id_sha256 FROM console_sessions ORDER BY expires_ms
          LIMIT GREATEST(0, (SELECT COUNT(*) FROM console_sessions) - $1::bigint))`,
      [max],
    );
  }
}
