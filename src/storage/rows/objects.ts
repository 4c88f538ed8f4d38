import type { Checksums, PartSizes } from '../objects/local/types.js';
import type { StoredObject } from '../ports/objects.js';

/** The rows both engines keep for this aggregate, and how they map to domain values (engine-neutral). */
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

export type ChecksumColumns = Pick<ObjectRow, 'checksum_crc32' | 'checksum_crc32c' | 'checksum_sha1' | 'checksum_sha256'>;

export const orUndef = <T>(v: T | null) => (v === null ? undefined : v);

export function checksumsOf(r: ChecksumColumns): Checksums {
  const c: Checksums = {};
  if (r.checksum_crc32) c.CRC32 = r.checksum_crc32;
  if (r.checksum_crc32c) c.CRC32C = r.checksum_crc32c;
  if (r.checksum_sha1) c.SHA1 = r.checksum_sha1;
  if (r.checksum_sha256) c.SHA256 = r.checksum_sha256;
  return c;
}

export const checksumValues = (c: Checksums) => [c.CRC32 ?? null, c.CRC32C ?? null, c.SHA1 ?? null, c.SHA256 ?? null];

export function toObject(r: ObjectRow): StoredObject {
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
