import type { BucketRecord } from '../objects/local/types.js';
import type { BucketRepository } from '../ports/objects.js';
import type { Sql } from './sql.js';

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
export class PgBucketRepository implements BucketRepository {
  constructor(private readonly sql: Sql) {}

  async insert(b: BucketRecord): Promise<void> {
    await this.sql.run('INSERT INTO s3_buckets (name, region, owner_account_id, created_at) VALUES ($1, $2, $3, $4)', [
      b.name,
      b.region,
      b.ownerAccountId,
      b.creationDate.toISOString(),
    ]);
  }

  async find(name: string): Promise<BucketRecord | undefined> {
    const row = await this.sql.one<BucketRow>(`SELECT ${COLUMNS} FROM s3_buckets WHERE name = $1`, [name]);
    return row && toRecord(row);
  }

  async list(ownerAccountId?: string): Promise<BucketRecord[]> {
    const rows =
      ownerAccountId === undefined
        ? await this.sql.all<BucketRow>(`SELECT ${COLUMNS} FROM s3_buckets ORDER BY name`)
        : await this.sql.all<BucketRow>(`SELECT ${COLUMNS} FROM s3_buckets WHERE owner_account_id = $1 ORDER BY name`, [ownerAccountId]);
    return rows.map(toRecord);
  }

  async delete(name: string): Promise<void> {
    // Parts go with their uploads (ON DELETE CASCADE).
    await this.sql.run('DELETE FROM s3_multipart_uploads WHERE bucket = $1', [name]);
    await this.sql.run('DELETE FROM s3_buckets WHERE name = $1', [name]);
  }

  async policy(name: string): Promise<string | undefined> {
    return (await this.sql.one<{ d: string | null }>('SELECT policy AS d FROM s3_buckets WHERE name = $1', [name]))?.d ?? undefined;
  }

  async setPolicy(name: string, policy: string | undefined): Promise<void> {
    await this.sql.run('UPDATE s3_buckets SET policy = $1 WHERE name = $2', [policy ?? null, name]);
  }

  async lifecycle(name: string): Promise<string | undefined> {
    return (await this.sql.one<{ d: string | null }>('SELECT lifecycle AS d FROM s3_buckets WHERE name = $1', [name]))?.d ?? undefined;
  }

  async setLifecycle(name: string, document: string | undefined): Promise<void> {
    await this.sql.run('UPDATE s3_buckets SET lifecycle = $1 WHERE name = $2', [document ?? null, name]);
  }

  async lifecycles(): Promise<Array<{ bucket: string; document: string }>> {
    return this.sql.all('SELECT name AS bucket, lifecycle AS document FROM s3_buckets WHERE lifecycle IS NOT NULL ORDER BY name');
  }

  async notification(name: string): Promise<string | undefined> {
    return (await this.sql.one<{ d: string | null }>('SELECT notification AS d FROM s3_buckets WHERE name = $1', [name]))?.d ?? undefined;
  }

  async setNotification(name: string, document: string | undefined): Promise<void> {
    await this.sql.run('UPDATE s3_buckets SET notification = $1 WHERE name = $2', [document ?? null, name]);
  }
}
