/** Bucket lifecycle documents and the expiration queries behind them. */
import type { Db } from '../../sqlite/database.js';
import { S3Errors } from '../s3-errors.js';
import type { Buckets } from './buckets.js';

/** Which objects a lifecycle rule applies to (its Filter, already validated). */
export interface LifecycleSelection {
  prefix: string;
  /** ObjectSizeGreaterThan: sizes strictly above this. */
  sizeAbove?: number;
  /** ObjectSizeLessThan: sizes strictly below this. */
  sizeBelow?: number;
  /** A Tag filter: objects here carry no tags, so such a rule selects nothing. */
  tags?: boolean;
}

export interface ExpiredObject {
  key: string;
  blobId: string;
}

export interface ExpiredUpload {
  uploadId: string;
  key: string;
}

/** The lifecycle column of s3_buckets, and the age-ordered queries the expiration worker runs. */
export class Lifecycles {
  constructor(
    private readonly db: Db,
    private readonly buckets: Buckets,
  ) {}

  put(bucket: string, document: string): void {
    this.buckets.get(bucket);
    this.db.prepare('UPDATE s3_buckets SET lifecycle = ? WHERE name = ?').run(document, bucket);
  }

  /** The stored document, or NoSuchLifecycleConfiguration. */
  get(bucket: string): string {
    this.buckets.get(bucket);
    const row = this.db.prepare('SELECT lifecycle FROM s3_buckets WHERE name = ?').get(bucket) as { lifecycle: string | null };
    if (row.lifecycle === null) throw S3Errors.NoSuchLifecycleConfiguration(bucket);
    return row.lifecycle;
  }

  /** Deleting a configuration that does not exist succeeds, as in S3. */
  delete(bucket: string): void {
    this.buckets.get(bucket);
    this.db.prepare('UPDATE s3_buckets SET lifecycle = NULL WHERE name = ?').run(bucket);
  }

  /** Every bucket that has a configuration, with its document. */
  all(): Array<{ bucket: string; document: string }> {
    return this.db
      .prepare('SELECT name AS bucket, lifecycle AS document FROM s3_buckets WHERE lifecycle IS NOT NULL ORDER BY name')
      .all() as Array<{
      bucket: string;
      document: string;
    }>;
  }

  /** Up to `limit` objects last modified before `before` that `selection` applies to, oldest first. */
  expiredObjects(bucket: string, selection: LifecycleSelection, before: Date, limit: number): ExpiredObject[] {
    if (selection.tags) return [];
    return this.db
      .prepare(
        `SELECT key, blob_id AS blobId FROM s3_objects INDEXED BY s3_objects_by_age
         WHERE bucket = ? AND last_modified < ? AND substr(key, 1, length(?)) = ? AND size > ? AND size < ?
         ORDER BY last_modified LIMIT ?`,
      )
      .all(
        bucket,
        before.toISOString(),
        selection.prefix,
        selection.prefix,
        selection.sizeAbove ?? -1,
        selection.sizeBelow ?? Number.MAX_SAFE_INTEGER,
        limit,
      ) as ExpiredObject[];
  }

  /** Up to `limit` multipart uploads initiated before `before` under `prefix`. */
  expiredUploads(bucket: string, prefix: string, before: Date, limit: number): ExpiredUpload[] {
    return this.db
      .prepare(
        `SELECT upload_id AS uploadId, key FROM s3_multipart_uploads
         WHERE bucket = ? AND initiated < ? AND substr(key, 1, length(?)) = ? ORDER BY initiated LIMIT ?`,
      )
      .all(bucket, before.toISOString(), prefix, prefix, limit) as ExpiredUpload[];
  }
}
