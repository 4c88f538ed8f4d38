import type { Db } from '../../storage/sqlite/database.js';

/** A log file decided on (key, events, cursor move) before its put, so a retry writes the very same object. */
export interface PlannedFile {
  trailArn: string;
  s3Key: string;
  region: string;
  s3Bucket: string;
  deliveredAt: number;
  seqs: number[];
  /** The region cursor once this file is delivered. */
  cursorAfter: number;
}

export interface DeliveredFile {
  trailArn: string;
  s3Key: string;
  region: string;
  s3Bucket: string;
  sha256: string;
  oldestEventTime: string;
  newestEventTime: string;
  recordCount: number;
  deliveredAt: number;
}

export interface DeliveryStatus {
  scannedSeq: number;
  latestDeliveryTime?: number;
  latestDeliveryError?: string;
  latestDeliveryAttemptTime?: number;
  latestDeliveryAttemptSucceeded?: number;
  latestDigestDeliveryTime?: number;
  latestDigestDeliveryError?: string;
  failures: number;
  nextAttemptAt: number;
}

const STATUS_COLUMNS: Record<keyof DeliveryStatus, string> = {
  scannedSeq: 'scanned_seq',
  latestDeliveryTime: 'latest_delivery_time',
  latestDeliveryError: 'latest_delivery_error',
  latestDeliveryAttemptTime: 'latest_delivery_attempt_time',
  latestDeliveryAttemptSucceeded: 'latest_delivery_attempt_succeeded',
  latestDigestDeliveryTime: 'latest_digest_delivery_time',
  latestDigestDeliveryError: 'latest_digest_delivery_error',
  failures: 'failures',
  nextAttemptAt: 'next_attempt_at',
};

/** SQL over the delivery tables; callers run these inside a UnitOfWork transaction. */
export const deliveryState = {
  status(db: Db, trailArn: string): DeliveryStatus | undefined {
    const row = db.prepare('SELECT * FROM ct_delivery_state WHERE trail_arn = ?').get(trailArn) as
      Record<string, number | string | null> | undefined;
    if (!row) return undefined;
    const status: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(STATUS_COLUMNS)) if (row[column] !== null) status[field] = row[column];
    return status as unknown as DeliveryStatus;
  },

  /** Creates the row (scan starting at `originSeq`) and applies `changes`; `null` clears a member. */
  updateStatus(db: Db, trailArn: string, originSeq: number, changes: { [K in keyof DeliveryStatus]?: DeliveryStatus[K] | null }): void {
    db.prepare('INSERT OR IGNORE INTO ct_delivery_state (trail_arn, scanned_seq) VALUES (?, ?)').run(trailArn, originSeq);
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const sets = entries.map(([field]) => `${STATUS_COLUMNS[field as keyof DeliveryStatus]} = ?`).join(', ');
    db.prepare(`UPDATE ct_delivery_state SET ${sets} WHERE trail_arn = ?`).run(...entries.map(([, v]) => v ?? null), trailArn);
  },

  cursors(db: Db, trailArn: string): Map<string, number> {
    const rows = db.prepare('SELECT region, last_seq FROM ct_delivery_cursors WHERE trail_arn = ?').all(trailArn) as Array<{
      region: string;
      last_seq: number;
    }>;
    return new Map(rows.map((r) => [r.region, r.last_seq]));
  },

  setCursor(db: Db, trailArn: string, region: string, lastSeq: number): void {
    db.prepare(
      'INSERT INTO ct_delivery_cursors VALUES (?, ?, ?) ON CONFLICT (trail_arn, region) DO UPDATE SET last_seq = excluded.last_seq',
    ).run(trailArn, region, lastSeq);
  },

  planned(db: Db, trailArn: string): PlannedFile[] {
    const rows = db.prepare('SELECT * FROM ct_planned_files WHERE trail_arn = ? ORDER BY cursor_after').all(trailArn) as Array<
      Record<string, never>
    >;
    return rows.map((r) => ({
      trailArn: r['trail_arn'],
      s3Key: r['s3_key'],
      region: r['region'],
      s3Bucket: r['s3_bucket'],
      deliveredAt: r['delivered_at'],
      seqs: JSON.parse(r['seqs']) as number[],
      cursorAfter: r['cursor_after'],
    }));
  },

  plan(db: Db, f: PlannedFile): void {
    db.prepare('INSERT INTO ct_planned_files VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      f.trailArn,
      f.s3Key,
      f.region,
      f.s3Bucket,
      f.deliveredAt,
      JSON.stringify(f.seqs),
      f.cursorAfter,
    );
  },

  /** The commit after a put: the file is recorded, the plan dropped and the region cursor moved, together. */
  recordDelivered(db: Db, plan: PlannedFile, file: DeliveredFile): void {
    db.prepare(
      `INSERT INTO ct_log_files (trail_arn, s3_key, region, s3_bucket, sha256, oldest_event_time, newest_event_time, record_count, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trail_arn, s3_key) DO NOTHING`,
    ).run(
      file.trailArn,
      file.s3Key,
      file.region,
      file.s3Bucket,
      file.sha256,
      file.oldestEventTime,
      file.newestEventTime,
      file.recordCount,
      file.deliveredAt,
    );
    db.prepare('DELETE FROM ct_planned_files WHERE trail_arn = ? AND s3_key = ?').run(plan.trailArn, plan.s3Key);
    deliveryState.setCursor(db, plan.trailArn, plan.region, plan.cursorAfter);
  },

  /** Files of a trail/region not yet covered by a digest, delivered at or before `until`. */
  undigested(db: Db, trailArn: string, region: string, until: number): DeliveredFile[] {
    const rows = db
      .prepare(
        'SELECT * FROM ct_log_files WHERE trail_arn = ? AND region = ? AND digest_key IS NULL AND delivered_at <= ? ORDER BY delivered_at, s3_key',
      )
      .all(trailArn, region, until) as Array<Record<string, never>>;
    return rows.map((r) => ({
      trailArn: r['trail_arn'],
      s3Key: r['s3_key'],
      region: r['region'],
      s3Bucket: r['s3_bucket'],
      sha256: r['sha256'],
      oldestEventTime: r['oldest_event_time'],
      newestEventTime: r['newest_event_time'],
      recordCount: r['record_count'],
      deliveredAt: r['delivered_at'],
    }));
  },

  regionsWithUndigested(db: Db, trailArn: string): string[] {
    return (
      db.prepare('SELECT DISTINCT region FROM ct_log_files WHERE trail_arn = ? AND digest_key IS NULL').all(trailArn) as Array<{
        region: string;
      }>
    ).map((r) => r.region);
  },

  markDigested(db: Db, trailArn: string, keys: string[], digestKey: string): void {
    const stmt = db.prepare('UPDATE ct_log_files SET digest_key = ? WHERE trail_arn = ? AND s3_key = ?');
    for (const key of keys) stmt.run(digestKey, trailArn, key);
  },
};
