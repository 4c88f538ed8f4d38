import type { ThrottleRepository } from '../ports/throttles.js';
import type { Sql } from './sql.js';

/** The bucket after refilling it for the time since its last take (never above the burst). $2 now, $3 rate, $4 burst. */
const REFILL = 'LEAST($4::float8, throttles.tokens + GREATEST(0, $2::bigint - throttles.updated_ms) / 1000.0 * $3::float8)';

/**
 * One statement per take: the upsert refills and takes in one step, and RETURNING says whether a
 * token was there (SET expressions all see the row as it was, so `allowed` and `tokens` agree).
 */
const TAKE = `INSERT INTO throttles (key, tokens, updated_ms, allowed) VALUES ($1, $4::float8 - 1, $2, $4::float8 >= 1)
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${REFILL} >= 1 THEN ${REFILL} - 1 ELSE ${REFILL} END,
    updated_ms = GREATEST(throttles.updated_ms, $2::bigint),
    allowed = ${REFILL} >= 1
  RETURNING allowed`;

export class PgThrottleRepository implements ThrottleRepository {
  constructor(private readonly sql: Sql) {}

  async take(key: string, now: Date, ratePerSecond: number, burst: number): Promise<boolean> {
    const row = await this.sql.one<{ allowed: boolean }>(TAKE, [key, now.getTime(), ratePerSecond, burst]);
    return row!.allowed;
  }
}
