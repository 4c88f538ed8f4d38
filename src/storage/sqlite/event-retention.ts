import type { TrailHold } from '../ports/events.js';
import type { Db } from './database.js';

/**
 * The retention purge's statements: deletes from the event store (events and its per-event tables
 * event_resources, event_records, event_records_z) and reads what the trails still need (ct_trails, ct_delivery_state, the trails'
 * consumer_cursors, ct_logging_intervals, ct_log_files).
 */

/** "The newest event aside": MAX(seq) is where new trails and followers start, so it is never purged. */
const NOT_NEWEST = 'seq < (SELECT MAX(seq) FROM events)';

/**
 * The oldest events by seq, up to `limit`, with seq <= `maxSeq`, as long as each was recorded before
 * `beforeMs`: the scan stops at the first younger one, so a batch costs `limit` rows at most however
 * many events are held (seqs follow commit order, and so time; an event stamped earlier than its
 * predecessor waits for them).
 */
export function purgeBatch(db: Db, beforeMs: number, maxSeq: number, limit: number): number {
  const rows = db
    .prepare(`SELECT seq, event_time_ms AS t FROM events WHERE seq <= ? AND ${NOT_NEWEST} ORDER BY seq LIMIT ?`)
    .all(maxSeq, limit) as Array<{ seq: number; t: number }>;
  const young = rows.findIndex((r) => r.t >= beforeMs);
  const seqs = (young < 0 ? rows : rows.slice(0, young)).map((r) => r.seq);
  if (seqs.length === 0) return 0;
  const list = JSON.stringify(seqs);
  db.prepare('DELETE FROM event_resources WHERE seq IN (SELECT value FROM json_each(?))').run(list);
  db.prepare('DELETE FROM event_records WHERE seq IN (SELECT value FROM json_each(?))').run(list);
  db.prepare('DELETE FROM event_records_z WHERE seq IN (SELECT value FROM json_each(?))').run(list);
  return db.prepare('DELETE FROM events WHERE seq IN (SELECT value FROM json_each(?))').run(list).changes;
}

export function countOlder(db: Db, beforeMs: number): number {
  return db.prepare(`SELECT COUNT(*) FROM events WHERE event_time_ms < ? AND ${NOT_NEWEST}`).pluck().get(beforeMs) as number;
}

export function hasOlderAbove(db: Db, beforeMs: number, seq: number): boolean {
  const sql = `SELECT EXISTS (SELECT 1 FROM events WHERE event_time_ms < ? AND seq > ? AND ${NOT_NEWEST})`;
  return db.prepare(sql).pluck().get(beforeMs, seq) === 1;
}

/** Free pages in the file, which incremental vacuum hands back to the filesystem. */
export function freelistCount(db: Db): number {
  return db.pragma('freelist_count', { simple: true }) as number;
}

/** Returns up to `pages` free pages to the filesystem (auto_vacuum = INCREMENTAL; see database.ts). */
export function incrementalVacuum(db: Db, pages: number): number {
  db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
  return freelistCount(db);
}

interface HoldRow {
  arn: string;
  is_logging: number;
  delivered: number;
  open_intervals: number;
  last_stop_seq: number | null;
  unbounded_stops: number;
  failing: number;
  undigested_since: string | null;
}

/**
 * A trail's delivered point is the lowest of its scan position and its region cursors: a region's
 * cursor only moves once the file holding its events is stored (audit/trails/cursors.ts). A stopped trail
 * has nothing to deliver after its last StopLogging, so it holds only while its cursor is below that
 * (an interval stopped before stop seqs were recorded is treated as still holding). A store without
 * the trail tables has no trails.
 */
export function deliveryHolds(db: Db): TrailHold[] {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ct_trails'").get()) return [];
  const rows = db
    .prepare(
      `SELECT t.arn, t.is_logging,
         MIN(COALESCE((SELECT seq FROM consumer_cursors c WHERE c.name = 'trail:' || t.arn), t.origin_seq),
             COALESCE((SELECT MIN(seq) FROM consumer_cursors c
                       WHERE substr(c.name, 1, length('trail:' || t.arn || '@')) = 'trail:' || t.arn || '@'), 1e18)) AS delivered,
         (SELECT COUNT(*) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn AND i.stopped_at IS NULL) AS open_intervals,
         (SELECT MAX(stop_seq) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn) AS last_stop_seq,
         (SELECT COUNT(*) FROM ct_logging_intervals i WHERE i.trail_arn = t.arn AND i.stopped_at IS NOT NULL AND i.stop_seq IS NULL) AS unbounded_stops,
         COALESCE(s.latest_delivery_error IS NOT NULL, 0) AS failing,
         CASE WHEN t.log_validation = 1 THEN (SELECT MIN(oldest_event_time) FROM ct_log_files f WHERE f.trail_arn = t.arn AND f.digest_key IS NULL) END AS undigested_since
       FROM ct_trails t LEFT JOIN ct_delivery_state s ON s.trail_arn = t.arn ORDER BY t.arn`,
    )
    .all() as HoldRow[];
  return rows.map(toHold);
}

function toHold(r: HoldRow): TrailHold {
  const logging = r.is_logging === 1 || r.open_intervals > 0;
  const backlog = r.unbounded_stops > 0 || (r.last_stop_seq !== null && r.delivered < r.last_stop_seq);
  return {
    trailArn: r.arn,
    deliveredSeq: r.delivered,
    holds: logging || backlog,
    failing: r.failing === 1,
    ...(r.undigested_since !== null ? { undigestedSinceMs: Date.parse(r.undigested_since) } : {}),
  };
}
