import type { DeliveredFile, DeliveryStatus, DeliveryStatusChanges, PlannedFile } from '../../audit/deliver/delivery-state.js';
import type { DeliveryRepository } from '../ports/delivery.js';
import type { Db } from './database.js';
import { STATUS_COLUMNS, fromFileRow, type PlannedRow, type FileRow } from '../rows/delivery.js';

/** Delivery status in ct_delivery_state, plans in ct_planned_files, delivered files in ct_log_files. */
export class SqliteDeliveryRepository implements DeliveryRepository {
  constructor(private readonly db: Db) {}

  async status(trailArn: string): Promise<DeliveryStatus | undefined> {
    const row = this.db.prepare('SELECT * FROM ct_delivery_state WHERE trail_arn = ?').get(trailArn) as
      Record<string, number | string | null> | undefined;
    if (!row) return undefined;
    const status: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(STATUS_COLUMNS)) if (row[column] !== null) status[field] = row[column];
    return status as unknown as DeliveryStatus;
  }

  async updateStatus(trailArn: string, changes: DeliveryStatusChanges): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO ct_delivery_state (trail_arn) VALUES (?)').run(trailArn);
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const sets = entries.map(([field]) => `${STATUS_COLUMNS[field as keyof DeliveryStatus]} = ?`).join(', ');
    this.db.prepare(`UPDATE ct_delivery_state SET ${sets} WHERE trail_arn = ?`).run(...entries.map(([, v]) => v ?? null), trailArn);
  }

  async planned(trailArn: string): Promise<PlannedFile[]> {
    const rows = this.db.prepare('SELECT * FROM ct_planned_files WHERE trail_arn = ? ORDER BY cursor_after').all(trailArn) as PlannedRow[];
    return rows.map((r) => ({
      trailArn: r.trail_arn,
      s3Key: r.s3_key,
      region: r.region,
      s3Bucket: r.s3_bucket,
      deliveredAt: r.delivered_at,
      seqs: JSON.parse(r.seqs) as number[],
      cursorAfter: r.cursor_after,
    }));
  }

  async plan(f: PlannedFile): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO ct_planned_files (trail_arn, s3_key, region, s3_bucket, delivered_at, seqs, cursor_after) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(f.trailArn, f.s3Key, f.region, f.s3Bucket, f.deliveredAt, JSON.stringify(f.seqs), f.cursorAfter);
  }

  async recordDelivered(plan: PlannedFile, file: DeliveredFile): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO ct_log_files (trail_arn, s3_key, region, s3_bucket, sha256, oldest_event_time, newest_event_time, record_count, delivered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trail_arn, s3_key) DO NOTHING`,
      )
      .run(
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
    this.db.prepare('DELETE FROM ct_planned_files WHERE trail_arn = ? AND s3_key = ?').run(plan.trailArn, plan.s3Key);
  }

  async undigested(trailArn: string, region: string, until: number): Promise<DeliveredFile[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM ct_log_files WHERE trail_arn = ? AND region = ? AND digest_key IS NULL AND delivered_at <= ? ORDER BY delivered_at, s3_key',
      )
      .all(trailArn, region, until) as FileRow[];
    return rows.map(fromFileRow);
  }

  async regionsWithUndigested(trailArn: string): Promise<string[]> {
    return this.db
      .prepare('SELECT DISTINCT region FROM ct_log_files WHERE trail_arn = ? AND digest_key IS NULL')
      .pluck()
      .all(trailArn) as string[];
  }

  async markDigested(trailArn: string, s3Keys: string[], digestKey: string): Promise<void> {
    const mark = this.db.prepare('UPDATE ct_log_files SET digest_key = ? WHERE trail_arn = ? AND s3_key = ?');
    for (const key of s3Keys) mark.run(digestKey, trailArn, key);
  }

  async forget(trailArn: string): Promise<void> {
    this.db.prepare('DELETE FROM ct_delivery_state WHERE trail_arn = ?').run(trailArn);
    this.db.prepare('DELETE FROM ct_planned_files WHERE trail_arn = ?').run(trailArn);
  }
}
