import { Readable } from 'node:stream';
import type { StoredObject } from '../../ports/objects.js';
import type { S3Tx } from './s3-tx.js';
import { MAX_KEY_BYTES, S3Errors } from '../s3-errors.js';
import type { BlobStore } from '../blob-store.js';
import type { Buckets } from './buckets.js';
import { selectPart } from './parts.js';
import { resolveRange } from './range.js';
import type { ByteRange, ObjectMeta, ObjectRecord, PartSizes, StagedBlob } from './types.js';

/** S3 stores this when a PUT carries no Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

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

/** Object rules over the object repository: the commit step, reads and deletes. */
export class Objects {
  constructor(
    private readonly blobs: BlobStore,
    private readonly buckets: Buckets,
  ) {}

  /** The object or NoSuchBucket / NoSuchKey, in S3's order of checks. */
  async getStored(tx: S3Tx, bucket: string, key: string): Promise<StoredObject> {
    const found = await tx.objects.find(bucket, key);
    if (found) return found;
    await this.buckets.get(tx, bucket);
    throw S3Errors.NoSuchKey(key);
  }

  /**
   * Promotes the staged bytes and upserts the row, in the caller's transaction. The
   * staged bytes are consumed whether this succeeds or throws.
   */
  async commit(
    tx: S3Tx,
    bucket: string,
    key: string,
    staged: StagedBlob,
    meta: ObjectMeta,
    multipart?: MultipartFacts,
  ): Promise<CommitResult> {
    let replacedBlobId: string | undefined;
    try {
      await this.buckets.get(tx, bucket);
      assertKey(key);
      replacedBlobId = (await tx.objects.find(bucket, key))?.blobId;
    } catch (e) {
      await this.blobs.discard(staged);
      throw e;
    }
    const blobId = this.blobs.promote(staged);
    const etag = multipart?.etag ?? `"${staged.md5Hex}"`;
    try {
      await tx.objects.put(storedObject(bucket, key, blobId, staged, etag, meta, multipart?.partSizes));
    } catch (e) {
      await this.blobs.remove([blobId]);
      throw e;
    }
    return { etag, blobId, replacedBlobId };
  }

  async head(tx: S3Tx, bucket: string, key: string): Promise<ObjectRecord> {
    return withoutBlob(await this.getStored(tx, bucket, key));
  }

  /** Opens the blob right after the row lookup (in the same snapshot), then streams it (optionally one byte range or part). */
  async open(tx: S3Tx, bucket: string, key: string, select: ReadSelection = {}): Promise<OpenedObject> {
    const stored = await this.getStored(tx, bucket, key);
    const info = withoutBlob(stored);
    if (select.partNumber === undefined) {
      const range = resolveRange(select.range, stored.size);
      return { info, body: this.blobs.open(stored.blobId, stored.size, range), range };
    }
    const { range, partsCount } = selectPart(info, select.partNumber);
    // An empty part (or empty object) has no byte range to read.
    const body = range ? this.blobs.open(stored.blobId, stored.size, range) : Readable.from([]);
    return { info, body, range, partsCount };
  }

  /** Deleting a key that does not exist succeeds, as in S3. */
  async delete(tx: S3Tx, bucket: string, key: string): Promise<{ deleted: boolean; replacedBlobId?: string }> {
    const found = await tx.objects.find(bucket, key);
    if (!found) {
      await this.buckets.get(tx, bucket);
      return { deleted: false };
    }
    await tx.objects.delete(bucket, key);
    return { deleted: true, replacedBlobId: found.blobId };
  }
}

function storedObject(
  bucket: string,
  key: string,
  blobId: string,
  staged: StagedBlob,
  etag: string,
  meta: ObjectMeta,
  partSizes: PartSizes | undefined,
): StoredObject {
  return {
    bucket,
    key,
    blobId,
    size: staged.size,
    etag,
    lastModified: new Date(),
    contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE,
    contentEncoding: meta.contentEncoding,
    cacheControl: meta.cacheControl,
    contentDisposition: meta.contentDisposition,
    contentLanguage: meta.contentLanguage,
    expires: meta.expires,
    metadata: normalizeMetadata(meta.metadata),
    checksums: staged.checksums,
    partsCount: partSizes?.length,
    partSizes,
    storageClass: 'STANDARD',
  };
}

/** The object as the API sees it: the blob id stays inside the engine. */
export function withoutBlob({ blobId: _blobId, ...info }: StoredObject): ObjectRecord {
  return info;
}
