import { createHash, randomBytes } from 'node:crypto';
import type { StoredPart } from '../../ports/objects.js';
import type { S3Tx } from './s3-tx.js';
import { MIN_PART_SIZE, S3Errors } from '../s3-errors.js';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../blob-store.js';
import type { Buckets } from './buckets.js';
import { assertKey, normalizeMetadata, type CommitResult, type Objects } from './objects.js';
import type { ChecksumAlgorithm, MultipartUpload, ObjectMeta, PartRecord, PartSizes, StagedBlob } from './types.js';

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

export type { MultipartUpload, PartRecord } from './types.js';

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

/** Multipart rules over the upload repository; the upload listing lives in uploads-listing.ts. */
export class Multipart {
  constructor(
    private readonly blobs: BlobStore,
    private readonly buckets: Buckets,
    private readonly objects: Objects,
  ) {}

  async create(tx: S3Tx, bucket: string, key: string, meta: ObjectMeta, checksumAlgorithm?: ChecksumAlgorithm): Promise<MultipartUpload> {
    await this.buckets.get(tx, bucket);
    assertKey(key);
    const upload: MultipartUpload = { uploadId: newUploadId(), bucket, key, initiated: new Date(), checksumAlgorithm, meta };
    await tx.multipartUploads.create({ ...upload, meta: { ...meta, metadata: normalizeMetadata(meta.metadata) } });
    return upload;
  }

  /** The upload or NoSuchBucket / NoSuchUpload; an upload id only counts for its own bucket and key. */
  async get(tx: S3Tx, bucket: string, key: string, uploadId: string): Promise<MultipartUpload> {
    await this.buckets.get(tx, bucket);
    const upload = await tx.multipartUploads.find(bucket, key, uploadId);
    if (!upload) throw S3Errors.NoSuchUpload(uploadId);
    return upload;
  }

  /** Commit step of UploadPart; re-uploading a part number replaces it. Consumes `staged`. */
  async commitPart(tx: S3Tx, bucket: string, key: string, uploadId: string, partNumber: number, staged: StagedBlob): Promise<CommitResult> {
    let previous: string | undefined;
    try {
      assertPartNumber(partNumber);
      await this.get(tx, bucket, key, uploadId);
      previous = (await tx.multipartUploads.findPart(uploadId, partNumber))?.blobId;
    } catch (e) {
      await this.blobs.discard(staged);
      throw e;
    }
    const blobId = this.blobs.promote(staged);
    const etag = `"${staged.md5Hex}"`;
    const part = { partNumber, blobId, size: staged.size, etag, lastModified: new Date(), checksums: staged.checksums };
    try {
      await tx.multipartUploads.putPart(uploadId, part);
    } catch (e) {
      await this.blobs.remove([blobId]);
      throw e;
    }
    return { etag, blobId, replacedBlobId: previous };
  }

  async listParts(
    tx: S3Tx,
    uploadId: string,
    partNumberMarker: number,
    maxParts: number,
  ): Promise<{ parts: PartRecord[]; isTruncated: boolean }> {
    const rows = await tx.multipartUploads.parts(uploadId, partNumberMarker, maxParts + 1);
    return { parts: rows.slice(0, maxParts).map(({ blobId: _blobId, ...part }) => part), isTruncated: rows.length > maxParts };
  }

  async abort(tx: S3Tx, bucket: string, key: string, uploadId: string): Promise<{ garbage: string[] }> {
    await this.get(tx, bucket, key, uploadId);
    const garbage = await tx.multipartUploads.partBlobIds({ uploadId });
    await tx.multipartUploads.delete(uploadId);
    return { garbage };
  }

  /**
   * Validates a CompleteMultipartUpload part list the way S3 does (order, existence and ETag, the
   * 5 MiB minimum for all but the last part) and opens the part blobs (in this snapshot) for concatenation.
   */
  async planCompletion(tx: S3Tx, bucket: string, key: string, uploadId: string, requested: RequestedPart[]) {
    await this.get(tx, bucket, key, uploadId);
    if (requested.length === 0) throw S3Errors.MalformedXML();
    requested.forEach((p, i) => {
      if (i > 0 && p.PartNumber <= requested[i - 1]!.PartNumber) throw S3Errors.InvalidPartOrder();
    });
    const rows: StoredPart[] = [];
    for (const p of requested) {
      const part = await tx.multipartUploads.findPart(uploadId, p.PartNumber);
      if (!part || unquote(part.etag) !== unquote(p.ETag)) throw S3Errors.InvalidPart(uploadId, p.PartNumber, p.ETag);
      rows.push(part);
    }
    rows.forEach((r, i) => {
      if (i < rows.length - 1 && r.size < MIN_PART_SIZE) throw S3Errors.EntityTooSmall(r.size, r.partNumber, r.etag);
    });
    const streams: Readable[] = [];
    try {
      for (const r of rows) streams.push(this.blobs.open(r.blobId, r.size));
    } catch (e) {
      streams.forEach((s) => s.destroy());
      throw e;
    }
    return {
      streams,
      etag: multipartEtag(rows.map((r) => r.etag)),
      parts: rows.map((r) => ({ partNumber: r.partNumber, blobId: r.blobId, size: r.size })),
      size: rows.reduce((n, r) => n + r.size, 0),
    };
  }

  /**
   * The ETag an upload completed (within the retention window) with exactly this part list answered,
   * or undefined. A retried CompleteMultipartUpload gets that answer again, as from S3.
   */
  async completedEtag(tx: S3Tx, bucket: string, key: string, uploadId: string, requested: RequestedPart[]): Promise<string | undefined> {
    const done = await tx.multipartUploads.completed(uploadId, new Date(Date.now() - COMPLETED_UPLOAD_RETENTION_MS));
    return done && done.bucket === bucket && done.key === key && done.parts === partListKey(requested) ? done.etag : undefined;
  }

  /**
   * Commit step of CompleteMultipartUpload: fails with NoSuchUpload / InvalidPart if the upload was
   * aborted or had a part replaced since staging, or was completed with other parts. Consumes `c.staged`.
   */
  async commitCompletion(tx: S3Tx, c: StagedCompletion): Promise<CompletionResult> {
    if (!c.staged) return { etag: c.etag, garbage: [] };
    const staged = c.staged;
    let upload: MultipartUpload;
    try {
      upload = await this.get(tx, c.bucket, c.key, c.uploadId);
      for (const p of c.parts) {
        const part = await tx.multipartUploads.findPart(c.uploadId, p.partNumber);
        if (part?.blobId !== p.blobId) throw S3Errors.InvalidPart(c.uploadId, p.partNumber, part?.etag ?? '');
      }
    } catch (e) {
      await this.blobs.discard(staged);
      // A concurrent completion with the same parts committed first: this one answers as it did.
      const etag =
        (e as { code?: string }).code === 'NoSuchUpload'
          ? await this.completedEtag(tx, c.bucket, c.key, c.uploadId, c.requested)
          : undefined;
      if (etag !== undefined) return { etag, garbage: [] };
      throw e;
    }
    const garbage = await tx.multipartUploads.partBlobIds({ uploadId: c.uploadId });
    const partSizes: PartSizes = c.parts.map((p) => [p.partNumber, p.size]);
    const result = await this.objects.commit(tx, c.bucket, c.key, staged, upload.meta, { etag: c.etag, partSizes });
    await tx.multipartUploads.delete(c.uploadId);
    await this.rememberCompletion(tx, c);
    if (result.replacedBlobId) garbage.push(result.replacedBlobId);
    return { ...result, garbage };
  }

  /** Keeps the answer for retries; entries past the retention window are dropped on the way. */
  private rememberCompletion(tx: S3Tx, c: StagedCompletion): Promise<void> {
    const now = new Date();
    const completion = {
      uploadId: c.uploadId,
      bucket: c.bucket,
      key: c.key,
      etag: c.etag,
      parts: partListKey(c.requested),
      completedAt: now,
    };
    return tx.multipartUploads.rememberCompleted(completion, new Date(now.getTime() - COMPLETED_UPLOAD_RETENTION_MS));
  }
}
