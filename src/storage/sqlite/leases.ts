import type { Lease, LeaseRepository } from '../ports/leases.js';
import type { Db } from './database.js';

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
 * One UPSERT decides: the row is taken when absent, expired, or already ours; the token grows only
 * when the holder changes. SQLite serialises writers, so two takers cannot both win.
 */
const ACQUIRE = `INSERT INTO leases (name, holder, token, expires_at_ms) VALUES (@name, @holder, 1, @until)
  ON CONFLICT (name) DO UPDATE SET
    token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
    holder = excluded.holder,
    expires_at_ms = excluded.expires_at_ms
  WHERE leases.holder = excluded.holder OR leases.expires_at_ms <= @now
  RETURNING name, holder, token, expires_at_ms`;

export class SqliteLeaseRepository implements LeaseRepository {
  constructor(private readonly db: Db) {}

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
    const row = this.db.prepare(ACQUIRE).get({ name, holder, now: now.getTime(), until: now.getTime() + ttlMs }) as LeaseRow | undefined;
    return row ? toLease(row) : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    this.db.prepare('UPDATE leases SET expires_at_ms = 0 WHERE name = ? AND holder = ?').run(name, holder);
  }

  async get(name: string): Promise<Lease | undefined> {
    const row = this.db.prepare('SELECT name, holder, token, expires_at_ms FROM leases WHERE name = ?').get(name) as LeaseRow | undefined;
    return row ? toLease(row) : undefined;
  }

  async holds(name: string, holder: string, token: number, now: Date): Promise<boolean> {
    const lease = await this.get(name);
    return lease !== undefined && lease.holder === holder && lease.token === token && lease.expiresAt.getTime() > now.getTime();
  }
}
