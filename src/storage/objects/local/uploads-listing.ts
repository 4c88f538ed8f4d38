import type { UploadCursor } from '../../ports/objects.js';
import type { S3Tx } from './s3-tx.js';
import type { MultipartUpload } from './types.js';
export interface ListUploadsOptions {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  maxUploads?: number;
}

export interface ListUploadsResult {
  uploads: MultipartUpload[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}

/** Uploads read per scan. */
const BATCH = 1000;

/**
 * ListMultipartUploads: uploads ordered by key, then initiation time. Without uploadIdMarker the
 * listing resumes after every upload of keyMarker; with it, after that one upload.
 */
export async function listUploads(tx: S3Tx, bucket: string, opts: ListUploadsOptions): Promise<ListUploadsResult> {
  const prefix = opts.prefix ?? '';
  const max = Math.min(Math.max(opts.maxUploads ?? 1000, 0), 1000);
  const result: ListUploadsResult = { uploads: [], commonPrefixes: [], isTruncated: false };
  if (max === 0) return result;
  let after = await markerCursor(tx, bucket, opts);
  let count = 0;
  for (;;) {
    const batch = await tx.multipartUploads.scan(bucket, { prefix, after, limit: BATCH });
    for (const upload of batch) {
      const cut = opts.delimiter ? upload.key.indexOf(opts.delimiter, prefix.length) : -1;
      const commonPrefix = cut < 0 ? undefined : upload.key.slice(0, cut + opts.delimiter!.length);
      if (commonPrefix !== undefined && (commonPrefix === result.commonPrefixes.at(-1) || commonPrefix <= (opts.keyMarker ?? ''))) continue;
      if (count === max) {
        result.isTruncated = true;
        return result;
      }
      count++;
      if (commonPrefix !== undefined) {
        result.commonPrefixes.push(commonPrefix);
        result.nextKeyMarker = commonPrefix;
        result.nextUploadIdMarker = undefined;
      } else {
        result.uploads.push(upload);
        result.nextKeyMarker = upload.key;
        result.nextUploadIdMarker = upload.uploadId;
      }
    }
    if (batch.length < BATCH) return result;
    const last = batch.at(-1)!;
    after = { key: last.key, initiated: last.initiated, uploadId: last.uploadId };
  }
}

/** The (key, initiated, uploadId) position strictly after which the listing starts. */
async function markerCursor(tx: S3Tx, bucket: string, opts: ListUploadsOptions): Promise<UploadCursor | undefined> {
  if (opts.keyMarker === undefined) return undefined;
  if (opts.uploadIdMarker !== undefined) {
    const marker = await tx.multipartUploads.find(bucket, opts.keyMarker, opts.uploadIdMarker);
    if (marker) return { key: marker.key, initiated: marker.initiated, uploadId: marker.uploadId };
  }
  return { key: opts.keyMarker };
}
