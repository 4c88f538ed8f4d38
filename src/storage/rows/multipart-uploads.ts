import type { ChecksumAlgorithm, MultipartUpload } from '../objects/local/types.js';
import type { StoredPart } from '../ports/objects.js';
import { checksumsOf } from './objects.js';

/** The rows both engines keep for this aggregate, and how they map to domain values (engine-neutral). */
export interface UploadRow {
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

export interface PartRow {
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

export const toPart = (r: PartRow): StoredPart => ({
  partNumber: r.part_number,
  blobId: r.blob_id,
  etag: r.etag,
  size: r.size,
  lastModified: new Date(r.last_modified),
  checksums: checksumsOf(r),
});
