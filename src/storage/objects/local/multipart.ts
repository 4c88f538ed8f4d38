import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../sqlite/database.js';
import { MIN_PART_SIZE, S3Errors } from '../s3-errors.js';
import type { BlobFiles } from './blobs.js';
import type { Buckets } from './buckets.js';
import { assertKey, checksumsOf, normalizeMetadata, type CommitResult, type Objects } from './objects.js';
import type { ChecksumAlgorithm, Checksums, ObjectMeta, PartSizes, StagedBlob } from './types.js';

export const MAX_PART_NUMBER = 10_000;

/**
 * How long a completed upload still answers a retried CompleteMultipartUpload (SDKs retry when the
 * response is lost). S3 does not publish its window; a day covers any client's retry policy.
 */
export const COMPLETED_UPLOAD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A CompleteMultipartUpload part list entry, as the request names it. */
export interface RequestedPart {
  PartNumber: number;
  ETag: string;
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  checksumAlgorithm?: ChecksumAlgorithm;
  meta: ObjectMeta;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
  checksums: Checksums;
}

/**
 * A completion whose concatenated bytes are staged; commitCompleteMultipartUpload makes it the object.
 * `staged` is absent when the request repeats an already completed upload: it only gets that answer again.
 */
export interface StagedCompletion {
  bucket: string;
  key: string;
  uploadId: string;
  staged?: StagedBlob;
  etag: string;
  parts: Array<{ partNumber: number; blobId: string; size: number }>;
  requested: RequestedPart[];
}

/** What a completion commit did; a replayed completion promotes and releases nothing. */
export interface CompletionResult {
  etag: string;
  blobId?: string;
  replacedBlobId?: string;
  garbage: string[];
}

interface CompletedRow {
  etag: string;
  parts: string;
}

interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: string;
  checksum_algorithm: string | null;
  content_type: string | null;
  content_encoding: string | null;
  cache_control: string | null;
  content_disposition: string | null;
  content_language: string | null;
  expires: string | null;
  metadata: string;
}

interface PartRow {
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: string;
  checksum_crc32: string | null;
  checksum_crc32c: string | null;
  checksum_sha1: string | null;
  checksum_sha256: string | null;
}

export const toUpload = (r: UploadRow): MultipartUpload => ({
  uploadId: r.upload_id,
  bucket: r.bucket,
  key: r.key,
  initiated: new Date(r.initiated),
  checksumAlgorithm: (r.checksum_algorithm ?? undefined) as ChecksumAlgorithm | undefined,
  meta: {
    contentType: r.content_type ?? undefined,
    contentEncoding: r.content_encoding ?? undefined,
    cacheControl: r.cache_control ?? undefined,
    contentDisposition: r.content_disposition ?? undefined,
    contentLanguage: r.content_language ?? undefined,
    expires: r.expires ?? undefined,
    metadata: JSON.parse(r.metadata) as Record<string, string>,
  },
});

const toPart = (r: PartRow): PartRecord => ({
  partNumber: r.part_number,
  etag: r.etag,
  size: r.size,
  lastModified: new Date(r.last_modified),
  checksums: checksumsOf(r),
});

const unquote = (etag: string) => etag.replace(/^"|"$/g, '');

const partListKey = (parts: RequestedPart[]) => JSON.stringify(parts.map((p) => [p.PartNumber, unquote(p.ETag)]));

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-<part count>". */
export function multipartEtag(partEtags: string[]): string {
  const md5 = createHash('md5');
  for (const e of partEtags) md5.update(Buffer.from(unquote(e), 'hex'));
  return `"${md5.digest('hex')}-${partEtags.length}"`;
}

/** A leading '-' would make `aws s3api ... --upload-id <id>` read the id as an option: ids start alphanumeric. */
function newUploadId(): string {
  for (;;) {
    const id = randomBytes(24).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw S3Errors.InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber));
  }
}

/** Multipart upload and part rows; the part listing lives in uploads-listing.ts. */
export class Multipart {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobFiles,
    private readonly buckets: Buckets,
    private readonly objects: Objects,
  ) {}

  create(bucket: string, key: string, meta: ObjectMeta, checksumAlgorithm?: ChecksumAlgorithm): MultipartUpload {
    this.buckets.get(bucket);
    assertKey(key);
    const upload: MultipartUpload = { uploadId: newUploadId(), bucket, key, initiated: new Date(), checksumAlgorithm, meta };
    this.db
      .prepare(
        `INSERT INTO s3_multipart_uploads (upload_id, bucket, key, initiated, checksum_algorithm, content_type, content_encoding,
           cache_control, content_disposition, content_language, expires, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        upload.uploadId,
        bucket,
        key,
        upload.initiated.toISOString(),
        checksumAlgorithm ?? null,
        meta.contentType ?? null,
        meta.contentEncoding ?? null,
        meta.cacheControl ?? null,
        meta.contentDisposition ?? null,
        meta.contentLanguage ?? null,
        meta.expires ?? null,
        JSON.stringify(normalizeMetadata(meta.metadata)),
      );
    return upload;
  }

  /** The upload or NoSuchBucket / NoSuchUpload; an upload id only counts for its own bucket and key. */
  get(bucket: string, key: string, uploadId: string): MultipartUpload {
    this.buckets.get(bucket);
    const row = this.db
      .prepare('SELECT * FROM s3_multipart_uploads WHERE upload_id = ? AND bucket = ? AND key = ?')
      .get(uploadId, bucket, key) as UploadRow | undefined;
    if (!row) throw S3Errors.NoSuchUpload(uploadId);
    return toUpload(row);
  }

  /** Synchronous commit step of UploadPart; re-uploading a part number replaces it. Consumes `staged`. */
  commitPart(bucket: string, key: string, uploadId: string, partNumber: number, staged: StagedBlob): CommitResult {
    try {
      assertPartNumber(partNumber);
      this.get(bucket, key, uploadId);
    } catch (e) {
      this.blobs.discard(staged);
      throw e;
    }
    const previous = this.partRow(uploadId, partNumber)?.blob_id;
    const blobId = this.blobs.promote(staged);
    const etag = `"${staged.md5Hex}"`;
    const c = staged.checksums;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO s3_multipart_parts (upload_id, part_number, blob_id, size, etag, last_modified,
           checksum_crc32, checksum_crc32c, checksum_sha1, checksum_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        uploadId,
        partNumber,
        blobId,
        staged.size,
        etag,
        new Date().toISOString(),
        c.CRC32 ?? null,
        c.CRC32C ?? null,
        c.SHA1 ?? null,
        c.SHA256 ?? null,
      );
    return { etag, blobId, replacedBlobId: previous };
  }

  listParts(uploadId: string, partNumberMarker: number, maxParts: number): { parts: PartRecord[]; isTruncated: boolean } {
    const rows = this.db
      .prepare('SELECT * FROM s3_multipart_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?')
      .all(uploadId, partNumberMarker, maxParts + 1) as PartRow[];
    return { parts: rows.slice(0, maxParts).map(toPart), isTruncated: rows.length > maxParts };
  }

  abort(bucket: string, key: string, uploadId: string): { garbage: string[] } {
    this.get(bucket, key, uploadId);
    const garbage = this.partBlobIds(uploadId);
    this.db.prepare('DELETE FROM s3_multipart_uploads WHERE upload_id = ?').run(uploadId);
    return { garbage };
  }

  /**
   * Validates a CompleteMultipartUpload part list the way S3 does (order, existence and ETag, the
   * 5 MiB minimum for all but the last part) and opens the part blobs for concatenation.
   */
  planCompletion(bucket: string, key: string, uploadId: string, requested: RequestedPart[]) {
    this.get(bucket, key, uploadId);
    if (requested.length === 0) throw S3Errors.MalformedXML();
    requested.forEach((p, i) => {
      if (i > 0 && p.PartNumber <= requested[i - 1]!.PartNumber) throw S3Errors.InvalidPartOrder();
    });
    const rows = requested.map((p) => {
      const row = this.partRow(uploadId, p.PartNumber);
      if (!row || unquote(row.etag) !== unquote(p.ETag)) throw S3Errors.InvalidPart(uploadId, p.PartNumber, p.ETag);
      return row;
    });
    rows.forEach((r, i) => {
      if (i < rows.length - 1 && r.size < MIN_PART_SIZE) throw S3Errors.EntityTooSmall(r.size, r.part_number, r.etag);
    });
    const fds: number[] = [];
    try {
      for (const r of rows) fds.push(this.blobs.openFd(r.blob_id));
    } catch (e) {
      fds.forEach((fd) => this.blobs.closeFd(fd));
      throw e;
    }
    return {
      fds,
      etag: multipartEtag(rows.map((r) => r.etag)),
      parts: rows.map((r) => ({ partNumber: r.part_number, blobId: r.blob_id, size: r.size })),
      size: rows.reduce((n, r) => n + r.size, 0),
    };
  }

  /**
   * The ETag an upload completed (within the retention window) with exactly this part list answered,
   * or undefined. A retried CompleteMultipartUpload gets that answer again, as from S3.
   */
  completedEtag(bucket: string, key: string, uploadId: string, requested: RequestedPart[]): string | undefined {
    const cutoff = new Date(Date.now() - COMPLETED_UPLOAD_RETENTION_MS).toISOString();
    const row = this.db
      .prepare('SELECT etag, parts FROM s3_completed_uploads WHERE upload_id = ? AND bucket = ? AND key = ? AND completed_at >= ?')
      .get(uploadId, bucket, key, cutoff) as CompletedRow | undefined;
    return row && row.parts === partListKey(requested) ? row.etag : undefined;
  }

  /**
   * Synchronous commit step of CompleteMultipartUpload: fails with NoSuchUpload / InvalidPart if the
   * upload was aborted or had a part replaced since staging, or was completed with other parts.
   * Consumes `c.staged`.
   */
  commitCompletion(c: StagedCompletion): CompletionResult {
    if (!c.staged) return { etag: c.etag, garbage: [] };
    const staged = c.staged;
    let upload: MultipartUpload;
    try {
      upload = this.get(c.bucket, c.key, c.uploadId);
      for (const p of c.parts) {
        const row = this.partRow(c.uploadId, p.partNumber);
        if (row?.blob_id !== p.blobId) throw S3Errors.InvalidPart(c.uploadId, p.partNumber, row?.etag ?? '');
      }
    } catch (e) {
      this.blobs.discard(staged);
      // A concurrent completion with the same parts committed first: this one answers as it did.
      const etag =
        (e as { code?: string }).code === 'NoSuchUpload' ? this.completedEtag(c.bucket, c.key, c.uploadId, c.requested) : undefined;
      if (etag !== undefined) return { etag, garbage: [] };
      throw e;
    }
    const garbage = this.partBlobIds(c.uploadId);
    const partSizes: PartSizes = c.parts.map((p) => [p.partNumber, p.size]);
    const result = this.objects.commit(c.bucket, c.key, staged, upload.meta, { etag: c.etag, partSizes });
    this.db.prepare('DELETE FROM s3_multipart_uploads WHERE upload_id = ?').run(c.uploadId);
    this.rememberCompletion(c);
    if (result.replacedBlobId) garbage.push(result.replacedBlobId);
    return { ...result, garbage };
  }

  /** Keeps the answer for retries; entries past the retention window are dropped on the way. */
  private rememberCompletion(c: StagedCompletion): void {
    const now = new Date();
    this.db
      .prepare('DELETE FROM s3_completed_uploads WHERE completed_at < ?')
      .run(new Date(now.getTime() - COMPLETED_UPLOAD_RETENTION_MS).toISOString());
    this.db
      .prepare('INSERT OR REPLACE INTO s3_completed_uploads (upload_id, bucket, key, etag, parts, completed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.uploadId, c.bucket, c.key, c.etag, partListKey(c.requested), now.toISOString());
  }

  private partRow(uploadId: string, partNumber: number): PartRow | undefined {
    return this.db.prepare('SELECT * FROM s3_multipart_parts WHERE upload_id = ? AND part_number = ?').get(uploadId, partNumber) as
      PartRow | undefined;
  }

  private partBlobIds(uploadId: string): string[] {
    return (this.db.prepare('SELECT blob_id FROM s3_multipart_parts WHERE upload_id = ?').all(uploadId) as { blob_id: string }[]).map(
      (r) => r.blob_id,
    );
  }
}
