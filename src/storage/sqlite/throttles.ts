import type { ThrottleRepository } from '../ports/throttles.js';
import type { Db } from './database.js';

/** The bucket after refilling it for the time since its last take (never above the burst). */
const REFILL = 'MIN(:burst, tokens + MAX(0, :now - updated_ms) / 1000.0 * :rate)';

/**
 * One statement per take: the upsert refills and takes in one step, and RETURNING says whether a
 * token was there (SET expressions all see the row as it was, so `allowed` and `tokens` agree).
 */
const TAKE = `INSERT INTO throttles (key, tokens, updated_ms, allowed) VALUES (:key, :burst - 1, :now, :burst >= 1)
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${REFILL} >= 1 THEN ${REFILL} - 1 ELSE ${REFILL} END,
    updated_ms = MAX(updated_ms, :now),
    allowed = ${REFILL} >= 1
  RETURNING allowed`;

export class SqliteThrottleRepository implements ThrottleRepository {
  constructor(private readonly db: Db) {}

  async take(key: string, now: Date, ratePerSecond: number, burst: number): Promise<boolean> {
    const allowed = this.db.prepare(TAKE).pluck().get({ key, now: now.getTime(), rate: ratePerSecond, burst });
    return allowed === 1;
  }
}
