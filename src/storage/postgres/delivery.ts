import type { DeliveredFile, DeliveryStatus, DeliveryStatusChanges, PlannedFile } from '../../audit/deliver/delivery-state.js';
import type { DeliveryRepository } from '../ports/delivery.js';
import type { Sql } from './sql.js';
import { STATUS_COLUMNS, fromFileRow, type PlannedRow, type FileRow } from '../rows/delivery.js';

/** Delivery status in ct_delivery_state, plans in ct_planned_files, delivered files in ct_log_files. */
export class PgDeliveryRepository implements DeliveryRepository {
  constructor(private readonly sql: Sql) {}

  async status(trailArn: string): Promise<DeliveryStatus | undefined> {
    const row = await this.sql.one<Record<string, number | string | null>>('SELECT * FROM ct_delivery_state WHERE trail_arn = $1', [
      trailArn,
    ]);
    if (!row) return undefined;
    const status: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(STATUS_COLUMNS)) if (row[column] !== null) status[field] = row[column];
    return status as unknown as DeliveryStatus;
  }

  async updateStatus(trailArn: string, changes: DeliveryStatusChanges): Promise<void> {
    await this.sql.run('INSERT INTO ct_delivery_state (trail_arn) VALUES ($1) ON CONFLICT (trail_arn) DO NOTHING', [trailArn]);
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const sets = entries.map(([field], i) => `${STATUS_COLUMNS[field as keyof DeliveryStatus]} = $${i + 2}`).join(', ');
    await this.sql.run(`UPDATE ct_delivery_state SET ${sets} WHERE trail_arn = $1`, [trailArn, ...entries.map(([, v]) => v ?? null)]);
  }

  async planned(trailArn: string): Promise<PlannedFile[]> {
    const rows = await this.sql.all<PlannedRow>('SELECT * FROM ct_planned_files WHERE trail_arn = $1 ORDER BY cursor_after', [trailArn]);
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
    await this.sql.run(
      `INSERT INTO ct_planned_files (trail_arn, s3_key, region, s3_bucket, delivered_at, seqs, cursor_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [f.trailArn, f.s3Key, f.region, f.s3Bucket, f.deliveredAt, JSON.stringify(f.seqs), f.cursorAfter],
    );
  }

  async recordDelivered(plan: PlannedFile, file: DeliveredFile): Promise<void> {
    await this.sql.run(
      `INSERT INTO ct_log_files (trail_arn, s3_key, region, s3_bucket, sha256, oldest_event_time, newest_event_time, record_count, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (trail_arn, s3_key) DO NOTHING`,
      [
        file.trailArn,
        file.s3Key,
        file.region,
        file.s3Bucket,
        file.sha256,
        file.oldestEventTime,
        file.newestEventTime,
        file.recordCount,
        file.deliveredAt,
      ],
    );
    await this.sql.run('DELETE FROM ct_planned_files WHERE trail_arn = $1 AND s3_key = $2', [plan.trailArn, plan.s3Key]);
  }

  async undigested(trailArn: string, region: string, until: number): Promise<DeliveredFile[]> {
    const rows = await this.sql.all<FileRow>(
      `SELECT * FROM ct_log_files WHERE trail_arn = $1 AND region = $2 AND digest_key IS NULL AND delivered_at <= $3
       ORDER BY delivered_at, s3_key`,
      [trailArn, region, until],
    );
    return rows.map(fromFileRow);
  }

  async regionsWithUndigested(trailArn: string): Promise<string[]> {
    const rows = await this.sql.all<{ region: string }>(
      'SELECT DISTINCT region FROM ct_log_files WHERE trail_arn = $1 AND digest_key IS NULL ORDER BY region',
      [trailArn],
    );
    return rows.map((r) => r.region);
  }

  async markDigested(trailArn: string, s3Keys: string[], digestKey: string): Promise<void> {
    if (s3Keys.length === 0) return;
    await this.sql.run('UPDATE ct_log_files SET digest_key = $1 WHERE trail_arn = $2 AND s3_key = ANY($3)', [digestKey, trailArn, s3Keys]);
  }

  async forget(trailArn: string): Promise<void> {
    await this.sql.run('DELETE FROM ct_delivery_state WHERE trail_arn = $1', [trailArn]);
    await this.sql.run('DELETE FROM ct_planned_files WHERE trail_arn = $1', [trailArn]);
  }
}
