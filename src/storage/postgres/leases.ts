import type { Lease, LeaseRepository } from '../ports/leases.js';
import type { Sql } from './sql.js';

interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  expires_at_ms: number;
}

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  token: row.token,
  expiresAt: new Date(row.expires_at_ms),
});

/**
 * One upsert decides, as on SQLite: the row is taken when absent, expired, or already ours; the token
 * (the fencing token) grows only when the holder changes. ON CONFLICT DO UPDATE locks the row, and
 * writes hold the store's write lock besides, so two nodes cannot both win.
 */
const ACQUIRE = `INSERT INTO leases (name, holder, token, expires_at_ms) VALUES ($1, $2, 1, $4)
  ON CONFLICT (name) DO UPDATE SET
    token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
    holder = excluded.holder,
    expires_at_ms = excluded.expires_at_ms
  WHERE leases.holder = excluded.holder OR leases.expires_at_ms <= $3
  RETURNING name, holder, token, expires_at_ms`;

export class PgLeaseRepository implements LeaseRepository {
  constructor(private readonly sql: Sql) {}

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
    const row = await this.sql.one<LeaseRow>(ACQUIRE, [name, holder, now.getTime(), now.getTime() + ttlMs]);
    return row ? toLease(row) : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.sql.run('UPDATE leases SET expires_at_ms = 0 WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async get(name: string): Promise<Lease | undefined> {
    const row = await this.sql.one<LeaseRow>('SELECT name, holder, token, expires_at_ms FROM leases WHERE name = $1', [name]);
    return row ? toLease(row) : undefined;
  }

  async holds(name: string, holder: string, token: number, now: Date): Promise<boolean> {
    const lease = await this.get(name);
    return lease !== undefined && lease.holder === holder && lease.token === token && lease.expiresAt.getTime() > now.getTime();
  }
}
