import type { Db } from '../../sqlite/database.js';
import { prefixEnd } from './listing.js';
import { toUpload, type MultipartUpload } from './multipart.js';

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

/**
 * ListMultipartUploads: uploads ordered by key, then initiation time. Without uploadIdMarker the
 * listing resumes after every upload of keyMarker; with it, after that one upload.
 */
export function listUploads(db: Db, bucket: string, opts: ListUploadsOptions): ListUploadsResult {
  const prefix = opts.prefix ?? '';
  const max = Math.min(Math.max(opts.maxUploads ?? 1000, 0), 1000);
  const result: ListUploadsResult = { uploads: [], commonPrefixes: [], isTruncated: false };
  if (max === 0) return result;
  const upper = prefixEnd(prefix);
  const after = markerBound(db, bucket, opts);
  const sql = `SELECT * FROM s3_multipart_uploads WHERE bucket = ? AND key >= ?${upper === undefined ? '' : ' AND key < ?'}
    AND (key, initiated, upload_id) > (?, ?, ?) ORDER BY key, initiated, upload_id`;
  const args = [bucket, prefix, ...(upper === undefined ? [] : [upper]), ...after];
  let count = 0;
  for (const row of db.prepare(sql).iterate(...args) as Iterable<Parameters<typeof toUpload>[0]>) {
    const cut = opts.delimiter ? row.key.indexOf(opts.delimiter, prefix.length) : -1;
    const commonPrefix = cut < 0 ? undefined : row.key.slice(0, cut + opts.delimiter!.length);
    if (commonPrefix !== undefined && (commonPrefix === result.commonPrefixes.at(-1) || commonPrefix <= (opts.keyMarker ?? ''))) continue;
    if (count === max) {
      result.isTruncated = true;
      break;
    }
    count++;
    if (commonPrefix !== undefined) {
      result.commonPrefixes.push(commonPrefix);
      result.nextKeyMarker = commonPrefix;
      result.nextUploadIdMarker = undefined;
    } else {
      const upload = toUpload(row);
      result.uploads.push(upload);
      result.nextKeyMarker = upload.key;
      result.nextUploadIdMarker = upload.uploadId;
    }
  }
  return result;
}

/** (key, initiated, upload_id) strictly after which the listing starts. */
function markerBound(db: Db, bucket: string, opts: ListUploadsOptions): [string, string, string] {
  if (opts.keyMarker === undefined) return ['', '', ''];
  if (opts.uploadIdMarker !== undefined) {
    const marker = db
      .prepare('SELECT initiated FROM s3_multipart_uploads WHERE bucket = ? AND key = ? AND upload_id = ?')
      .get(bucket, opts.keyMarker, opts.uploadIdMarker) as { initiated: string } | undefined;
    if (marker) return [opts.keyMarker, marker.initiated, opts.uploadIdMarker];
  }
  // '\uffff' sorts after any ISO timestamp, so every upload of keyMarker is skipped.
  return [opts.keyMarker, '\uffff', ''];
}
