import type { KeyRange, LifecycleSelection, ObjectRepository, StoredObject } from '../ports/objects.js';
import type { Sql } from './sql.js';
import { checksumValues, toObject, type ObjectRow } from '../rows/objects.js';

const UPSERT = `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, content_type, content_encoding,
   cache_control, content_disposition, content_language, expires, metadata,
   checksum_crc32, checksum_crc32c, checksum_sha1, checksum_sha256, parts_count, part_sizes)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
 ON CONFLICT (bucket, key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,
   last_modified = excluded.last_modified, content_type = excluded.content_type,
   content_encoding = excluded.content_encoding, cache_control = excluded.cache_control,
   content_disposition = excluded.content_disposition, content_language = excluded.content_language,
   expires = excluded.expires, metadata = excluded.metadata, checksum_crc32 = excluded.checksum_crc32,
   checksum_crc32c = excluded.checksum_crc32c, checksum_sha1 = excluded.checksum_sha1,
   checksum_sha256 = excluded.checksum_sha256, parts_count = excluded.parts_count,
   part_sizes = excluded.part_sizes`;

/**
 * s3_objects. Keys are TEXT COLLATE "C" (byte order over UTF-8, S3's listing order), so a key range
 * is a range scan of the primary key. The bytes stay in the blob files the rows name (see the port).
 */
export class PgObjectRepository implements ObjectRepository {
  constructor(private readonly sql: Sql) {}

  async find(bucket: string, key: string): Promise<StoredObject | undefined> {
    const row = await this.sql.one<ObjectRow>('SELECT * FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key]);
    return row && toObject(row);
  }

  async put(o: StoredObject): Promise<void> {
    await this.sql.run(UPSERT, [
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
    ]);
  }

  async delete(bucket: string, key: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key])) > 0;
  }

  async any(bucket: string): Promise<boolean> {
    return (await this.sql.one('SELECT 1 FROM s3_objects WHERE bucket = $1 LIMIT 1', [bucket])) !== undefined;
  }

  async scan(bucket: string, range: KeyRange, limit: number): Promise<StoredObject[]> {
    const below = range.below === undefined ? '' : ' AND key < $4';
    const text = `SELECT * FROM s3_objects WHERE bucket = $1 AND key ${range.inclusive ? '>=' : '>'} $2${below} ORDER BY key LIMIT $3`;
    const params = range.below === undefined ? [bucket, range.from, limit] : [bucket, range.from, limit, range.below];
    return (await this.sql.all<ObjectRow>(text, params)).map(toObject);
  }

  async expired(
    bucket: string,
    selection: LifecycleSelection,
    before: Date,
    limit: number,
  ): Promise<Array<{ key: string; blobId: string }>> {
    if (selection.tags) return [];
    return this.sql.all(
      `SELECT key, blob_id AS "blobId" FROM s3_objects
       WHERE bucket = $1 AND last_modified < $2 AND starts_with(key, $3) AND size > $4 AND size < $5
       ORDER BY last_modified LIMIT $6`,
      [bucket, before.toISOString(), selection.prefix, selection.sizeAbove ?? -1, selection.sizeBelow ?? Number.MAX_SAFE_INTEGER, limit],
    );
  }

  async blobIds(): Promise<string[]> {
    return (await this.sql.all<{ blob_id: string }>('SELECT blob_id FROM s3_objects')).map((r) => r.blob_id);
  }
}
