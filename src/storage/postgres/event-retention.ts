import type { TrailHold } from '../ports/events.js';
import type { Sql } from './sql.js';

/** The retention purge's statements, as SQLite's event-retention.ts (which says what each one keeps). */

/** "The newest event aside": MAX(seq) is where new trails and followers start, so it is never purged. */
const NOT_NEWEST = 'seq < (SELECT MAX(seq) FROM events)';

/** The oldest events by seq, up to `limit`, with seq <= `maxSeq`, as long as each was recorded before `beforeMs`. */
export async function purgeBatch(sql: Sql, beforeMs: number, maxSeq: number, limit: number): Promise<number> {
  const rows = await sql.all<{ seq: number; t: number }>(
    `SELECT seq, event_time_ms AS t FROM events WHERE seq <= $1 AND ${NOT_NEWEST} ORDER BY seq LIMIT $2`,
    [bigint(maxSeq), bigint(limit)],
  );
  const young = rows.findIndex((r) => r.t >= beforeMs);
  const seqs = (young < 0 ? rows : rows.slice(0, young)).map((r) => r.seq);
  if (seqs.length === 0) return 0;
  await sql.run('DELETE FROM event_resources WHERE seq = ANY($1::bigint[])', [seqs]);
  return sql.run('DELETE FROM events WHERE seq = ANY($1::bigint[])', [seqs]);
}

/** Callers pass Infinity for "no bound"; BIGINT has no infinity. */
const bigint = (n: number): number => (Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER);

export async function countOlder(sql: Sql, beforeMs: number): Promise<number> {
  return (await sql.one<{ n: number }>(`SELECT COUNT(*) AS n FROM events WHERE event_time_ms < $1 AND ${NOT_NEWEST}`, [beforeMs]))!.n;
}

export async function hasOlderAbove(sql: Sql, beforeMs: number, seq: number): Promise<boolean> {
  const q = `SELECT EXISTS (SELECT 1 FROM events WHERE event_time_ms < $1 AND seq > $2 AND ${NOT_NEWEST}) AS found`;
  return (await sql.one<{ found: boolean }>(q, [beforeMs, bigint(seq)]))!.found;
}

interface HoldRow {
  arn: string;
  is_logging: boolean;
  delivered: number;
  open_intervals: number;
  last_stop_seq: number | null;
  unbounded_stops: number;
  failing: boolean;
  undigested_since: string | null;
}

/**
 * A trail's delivered point is the lowest of its scan position and its region cursors (see SQLite's
 * event-retention.ts for the reasoning); region cursors are `trail:<arn>@<region>`.
 */
export async function deliveryHolds(sql: Sql): Promise<TrailHold[]> {
  const rows = await sql.all<HoldRow>(
    `SELECT t.arn, t.is_logging,
       LEAST(COALESCE((SELECT seq FROM consumer_cursors c WHERE c.name = 'trail:' || t.arn), t.origin_seq),
             COALESCE((SELECT MIN(seq) FROM consumer_cursors c WHERE starts_with(c.name, 'trail:' || t.arn || '@')), 1e18::bigint)) AS delivered,
       (SELECT COUNT(*) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn AND i.stopped_at IS NULL) AS open_intervals,
       (SELECT MAX(stop_seq) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn) AS last_stop_seq,
       (SELECT COUNT(*) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn AND i.stopped_at IS NOT NULL AND i.stop_seq IS NULL) AS unbounded_stops,
       s.latest_delivery_error IS NOT NULL AS failing,
       CASE WHEN t.log_validation THEN (SELECT MIN(oldest_event_time) FROM ct_log_files f WHERE f.trail_arn = t.arn AND f.digest_key IS NULL) END AS undigested_since
     FROM ct_trails t LEFT JOIN ct_delivery_state s ON s.trail_arn = t.arn ORDER BY t.arn`,
  );
  return rows.map(toHold);
}

function toHold(r: HoldRow): TrailHold {
  const logging = r.is_logging || r.open_intervals > 0;
  const backlog = r.unbounded_stops > 0 || (r.last_stop_seq !== null && r.delivered < r.last_stop_seq);
  return {
    trailArn: r.arn,
    deliveredSeq: r.delivered,
    holds: logging || backlog,
    failing: r.failing === true,
    ...(r.undigested_since !== null ? { undigestedSinceMs: Date.parse(r.undigested_since) } : {}),
  };
}
