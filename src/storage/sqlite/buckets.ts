import type { BucketRecord } from '../objects/local/types.js';
import type { BucketRepository } from '../ports/objects.js';
import type { Db } from './database.js';

interface BucketRow {
  name: string;
  region: string;
  owner_account_id: string;
  created_at: string;
}

const toRecord = (r: BucketRow): BucketRecord => ({
  name: r.name,
  region: r.region,
  ownerAccountId: r.owner_account_id,
  creationDate: new Date(r.created_at),
});

const COLUMNS = 'name, region, owner_account_id, created_at';

/** s3_buckets; the policy, lifecycle and notification documents are columns of the bucket's row. */
export class SqliteBucketRepository implements BucketRepository {
  constructor(private readonly db: Db) {}

  async insert(b: BucketRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO s3_buckets (name, region, owner_account_id, created_at) VALUES (?, ?, ?, ?)')
      .run(b.name, b.region, b.ownerAccountId, b.creationDate.toISOString());
  }

  async find(name: string): Promise<BucketRecord | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM s3_buckets WHERE name = ?`).get(name) as BucketRow | undefined;
    return row && toRecord(row);
  }

  async list(ownerAccountId?: string): Promise<BucketRecord[]> {
    const rows = (
      ownerAccountId === undefined
        ? this.db.prepare(`SELECT ${COLUMNS} FROM s3_buckets ORDER BY name`).all()
        : this.db.prepare(`SELECT ${COLUMNS} FROM s3_buckets WHERE owner_account_id = ? ORDER BY name`).all(ownerAccountId)
    ) as BucketRow[];
    return rows.map(toRecord);
  }

  async delete(name: string): Promise<void> {
    // Parts go with their uploads (ON DELETE CASCADE).
    this.db.prepare('DELETE FROM s3_multipart_uploads WHERE bucket = ?').run(name);
    this.db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
  }

  async policy(name: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT policy FROM s3_buckets WHERE name = ?').pluck().get(name) as string | null | undefined) ?? undefined;
  }

  async setPolicy(name: string, policy: string | undefined): Promise<void> {
    this.db.prepare('UPDATE s3_buckets SET policy = ? WHERE name = ?').run(policy ?? null, name);
  }

  async lifecycle(name: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT lifecycle FROM s3_buckets WHERE name = ?').pluck().get(name) as string | null | undefined) ?? undefined;
  }

  async setLifecycle(name: string, document: string | undefined): Promise<void> {
    this.db.prepare('UPDATE s3_buckets SET lifecycle = ? WHERE name = ?').run(document ?? null, name);
  }

  async lifecycles(): Promise<Array<{ bucket: string; document: string }>> {
    return this.db
      .prepare('SELECT name AS bucket, lifecycle AS document FROM s3_buckets WHERE lifecycle IS NOT NULL ORDER BY name')
      .all() as Array<{ bucket: string; document: string }>;
  }

  async notification(name: string): Promise<string | undefined> {
    return (
      (this.db.prepare('SELECT notification FROM s3_buckets WHERE name = ?').pluck().get(name) as string | null | undefined) ?? undefined
    );
  }

  async setNotification(name: string, document: string | undefined): Promise<void> {
    this.db.prepare('UPDATE s3_buckets SET notification = ? WHERE name = ?').run(document ?? null, name);
  }
}
