import { Readable } from 'node:stream';
import type { Db } from '../../sqlite/database.js';
import { MAX_KEY_BYTES, S3Errors } from '../s3-errors.js';
import type { BlobFiles } from './blobs.js';
import type { Buckets } from './buckets.js';
import { selectPart } from './parts.js';
import { resolveRange } from './range.js';
import type { ByteRange, Checksums, ObjectMeta, ObjectRecord, PartSizes, StagedBlob } from './types.js';

export interface ObjectRow {
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
  /** JSON PartSizes; null for single-PUT objects (and multipart ones stored before sizes were kept). */
  part_sizes: string | null;
}

/** S3 stores this when a PUT carries no Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

const orUndef = <T>(v: T | null) => (v === null ? undefined : v);

export function checksumsOf(r: Pick<ObjectRow, 'checksum_crc32' | 'checksum_crc32c' | 'checksum_sha1' | 'checksum_sha256'>): Checksums {
  const c: Checksums = {};
  if (r.checksum_crc32) c.CRC32 = r.checksum_crc32;
  if (r.checksum_crc32c) c.CRC32C = r.checksum_crc32c;
  if (r.checksum_sha1) c.SHA1 = r.checksum_sha1;
  if (r.checksum_sha256) c.SHA256 = r.checksum_sha256;
  return c;
}

export function toObjectRecord(r: ObjectRow): ObjectRecord {
  return {
    bucket: r.bucket,
    key: r.key,
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

/** HTTP header names are case-insensitive, so S3 keeps user metadata names lower-cased. */
export function normalizeMetadata(metadata: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v]));
}

export function assertKey(key: string): void {
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_KEY_BYTES) throw S3Errors.KeyTooLongError(bytes);
}

export interface CommitResult {
  etag: string;
  blobId: string;
  /** The blob of the object this commit replaced, to unlink after the transaction commits. */
  replacedBlobId?: string;
}

export interface OpenedObject {
  info: ObjectRecord;
  body: Readable;
  /** Set when a Range or partNumber was honoured: answer 206 with Content-Range. */
  range?: ByteRange;
  /** Set when a part of a multipart object was asked for (x-amz-mp-parts-count). */
  partsCount?: number;
}

/** What GetObject reads: one Range header value, or one part (S3 refuses both at once). */
export interface ReadSelection {
  range?: string;
  partNumber?: number;
}

/** The multipart facts an object row keeps. */
export interface MultipartFacts {
  etag: string;
  partSizes: PartSizes;
}

/** Object rows: the synchronous commit step, reads and deletes. */
export class Objects {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobFiles,
    private readonly buckets: Buckets,
  ) {}

  findRow(bucket: string, key: string): ObjectRow | undefined {
    return this.db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
  }

  /** The row or NoSuchBucket / NoSuchKey, in S3's order of checks. */
  getRow(bucket: string, key: string): ObjectRow {
    const row = this.findRow(bucket, key);
    if (row) return row;
    this.buckets.get(bucket);
    throw S3Errors.NoSuchKey(key);
  }

  /**
   * Renames the staged file into blobs/ and upserts the row. Synchronous, for the caller's
   * transaction. The staged file is consumed whether this succeeds or throws.
   */
  commit(bucket: string, key: string, staged: StagedBlob, meta: ObjectMeta, multipart?: MultipartFacts): CommitResult {
    try {
      this.buckets.get(bucket);
      assertKey(key);
    } catch (e) {
      this.blobs.discard(staged);
      throw e;
    }
    const replacedBlobId = this.findRow(bucket, key)?.blob_id;
    const blobId = this.blobs.promote(staged);
    const etag = multipart?.etag ?? `"${staged.md5Hex}"`;
    try {
      this.upsert(bucket, key, blobId, staged, etag, meta, multipart?.partSizes);
    } catch (e) {
      this.blobs.remove([blobId]);
      throw e;
    }
    return { etag, blobId, replacedBlobId };
  }

  private upsert(
    bucket: string,
    key: string,
    blobId: string,
    staged: StagedBlob,
    etag: string,
    meta: ObjectMeta,
    partSizes: PartSizes | undefined,
  ): void {
    const c = staged.checksums;
    this.db
      .prepare(
        `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, content_type, content_encoding,
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
           part_sizes = excluded.part_sizes`,
      )
      .run(
        bucket,
        key,
        blobId,
        staged.size,
        etag,
        new Date().toISOString(),
        meta.contentType ?? DEFAULT_CONTENT_TYPE,
        meta.contentEncoding ?? null,
        meta.cacheControl ?? null,
        meta.contentDisposition ?? null,
        meta.contentLanguage ?? null,
        meta.expires ?? null,
        JSON.stringify(normalizeMetadata(meta.metadata)),
        c.CRC32 ?? null,
        c.CRC32C ?? null,
        c.SHA1 ?? null,
        c.SHA256 ?? null,
        partSizes?.length ?? null,
        partSizes ? JSON.stringify(partSizes) : null,
      );
  }

  head(bucket: string, key: string): ObjectRecord {
    return toObjectRecord(this.getRow(bucket, key));
  }

  /** Opens the blob synchronously with the row lookup, then streams it (optionally one byte range or part). */
  open(bucket: string, key: string, select: ReadSelection = {}): OpenedObject {
    const row = this.getRow(bucket, key);
    const info = toObjectRecord(row);
    if (select.partNumber === undefined) {
      const range = resolveRange(select.range, row.size);
      return { info, body: this.blobs.readFd(this.blobs.openFd(row.blob_id), range), range };
    }
    const { range, partsCount } = selectPart(info, select.partNumber);
    // An empty part (or empty object) has no byte range to read.
    const body = range ? this.blobs.readFd(this.blobs.openFd(row.blob_id), range) : Readable.from([]);
    return { info, body, range, partsCount };
  }

  /** Deleting a key that does not exist succeeds, as in S3. */
  delete(bucket: string, key: string): { deleted: boolean; replacedBlobId?: string } {
    const row = this.findRow(bucket, key);
    if (!row) {
      this.buckets.get(bucket);
      return { deleted: false };
    }
    this.db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?').run(bucket, key);
    return { deleted: true, replacedBlobId: row.blob_id };
  }
}
