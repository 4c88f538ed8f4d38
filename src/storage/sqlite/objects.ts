import type { KeyRange, LifecycleSelection, ObjectRepository, StoredObject } from '../ports/objects.js';
import type { Db } from './database.js';
import { checksumValues, toObject, type ObjectRow } from '../rows/objects.js';

// SQLite's upsert; PostgreSQL spells it the same (ON CONFLICT ... DO UPDATE).
const UPSERT = `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, content_type, content_encoding,
   cache_control, content_disposition, content_language, expires, metadata,
   checksum_crc32, checksum_crc32c, checksum_sha1, checksum_sha256, parts_count, part_sizes)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
 ON CONFLICT (bucket, key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,
   last_modified = excluded.last_modified, content_type = excluded.content_type,
   content_encoding = excluded.content_encoding, cache_control = excluded.cache_control,
   content_disposition = excluded.content_disposition, content_language = excluded.content_language,
   expires = excluded.expires, metadata = excluded.metadata, checksum_crc32 = excluded.checksum_crc32,
   checksum_crc32c = excluded.checksum_crc32c, checksum_sha1 = excluded.checksum_sha1,
   checksum_sha256 = excluded.checksum_sha256, parts_count = excluded.parts_count,
   part_sizes = excluded.part_sizes`;

/**
 * s3_objects. Keys are TEXT with BINARY collation: SQLite compares them with memcmp over UTF-8,
 * which is S3's listing order, so a key range is an index range scan.
 */
export class SqliteObjectRepository implements ObjectRepository {
  constructor(private readonly db: Db) {}

  async find(bucket: string, key: string): Promise<StoredObject | undefined> {
    const row = this.db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
    return row && toObject(row);
  }

  async put(o: StoredObject): Promise<void> {
    this.db
      .prepare(UPSERT)
      .run(
        o.bucket,
        o.key,
        o.blobId,
        o.size,
        o.etag,
        o.lastModified.toISOString(),
        o.contentType ?? null,
        o.contentEncoding ?? null,
        o.cacheControl ?? null,
        o.contentDisposition ?? null,
        o.contentLanguage ?? null,
        o.expires ?? null,
        JSON.stringify(o.metadata),
        ...checksumValues(o.checksums),
        o.partsCount ?? o.partSizes?.length ?? null,
        o.partSizes ? JSON.stringify(o.partSizes) : null,
      );
  }

  async delete(bucket: string, key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?').run(bucket, key).changes > 0;
  }

  async any(bucket: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(bucket) !== undefined;
  }

  async scan(bucket: string, range: KeyRange, limit: number): Promise<StoredObject[]> {
    const sql = `SELECT * FROM s3_objects WHERE bucket = ? AND key ${range.inclusive ? '>=' : '>'} ?${
      range.below === undefined ? '' : ' AND key < ?'
    } ORDER BY key LIMIT ?`;
    const args = range.below === undefined ? [bucket, range.from, limit] : [bucket, range.from, range.below, limit];
    return (this.db.prepare(sql).all(...args) as ObjectRow[]).map(toObject);
  }

  async expired(
    bucket: string,
    selection: LifecycleSelection,
    before: Date,
    limit: number,
  ): Promise<Array<{ key: string; blobId: string }>> {
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
      ) as Array<{ key: string; blobId: string }>;
  }

  async blobIds(): Promise<string[]> {
    return this.db.prepare('SELECT blob_id FROM s3_objects').pluck().all() as string[];
  }
}
