import type { Checksums, PartSizes } from '../objects/local/types.js';
import type { KeyRange, LifecycleSelection, ObjectRepository, StoredObject } from '../ports/objects.js';
import type { Sql } from './sql.js';

interface ObjectRow {
  bucket: string;
  key: string;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: string;
  content_type: string | null;
  content_encoding: string | null;
  cache_control: string | null;
  content_disposition: string | null;
  content_language: string | null;
  expires: string | null;
  metadata: string;
  checksum_crc32: string | null;
  checksum_crc32c: string | null;
  checksum_sha1: string | null;
  checksum_sha256: string | null;
  parts_count: number | null;
  /** JSON PartSizes; null for single-PUT objects. */
  part_sizes: string | null;
}

type ChecksumColumns = Pick<ObjectRow, 'checksum_crc32' | 'checksum_crc32c' | 'checksum_sha1' | 'checksum_sha256'>;

const orUndef = <T>(v: T | null) => (v === null ? undefined : v);

/** The checksum columns objects and parts share. */
export function checksumsOf(r: ChecksumColumns): Checksums {
  const c: Checksums = {};
  if (r.checksum_crc32) c.CRC32 = r.checksum_crc32;
  if (r.checksum_crc32c) c.CRC32C = r.checksum_crc32c;
  if (r.checksum_sha1) c.SHA1 = r.checksum_sha1;
  if (r.checksum_sha256) c.SHA256 = r.checksum_sha256;
  return c;
}

export const checksumValues = (c: Checksums) => [c.CRC32 ?? null, c.CRC32C ?? null, c.SHA1 ?? null, c.SHA256 ?? null];

function toObject(r: ObjectRow): StoredObject {
  return {
    bucket: r.bucket,
    key: r.key,
    blobId: r.blob_id,
    size: r.size,
    etag: r.etag,
    lastModified: new Date(r.last_modified),
    contentType: orUndef(r.content_type),
    contentEncoding: orUndef(r.content_encoding),
    cacheControl: orUndef(r.cache_control),
    contentDisposition: orUndef(r.content_disposition),
    contentLanguage: orUndef(r.content_language),
    expires: orUndef(r.expires),
    metadata: JSON.parse(r.metadata) as Record<string, string>,
    checksums: checksumsOf(r),
    partsCount: orUndef(r.parts_count),
    partSizes: r.part_sizes === null ? undefined : (JSON.parse(r.part_sizes) as PartSizes),
    storageClass: 'STANDARD',
  };
}

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
