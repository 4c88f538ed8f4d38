/** Types of the built-in bucket engine's API (what the S3 wire service and the local adapter call). */

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'];

/** Base64 checksum values, keyed by algorithm, as S3's x-amz-checksum-* headers carry them. */
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

export interface StageOptions {
  /** Bytes beyond this fail the stage with EntityTooLarge. */
  maxBytes: number;
  /** Content-MD5 header value; a mismatch fails with BadDigest. */
  expectedMd5Base64?: string;
  /** Algorithms to compute besides MD5. */
  checksumAlgorithms?: readonly ChecksumAlgorithm[];
  /** x-amz-checksum-* values sent by the client; they are computed and compared (BadDigest). */
  expectedChecksums?: Checksums;
}

/** Bytes staged by a BlobStore, awaiting a commit step. Consumed by that commit, success or failure. */
export interface StagedBlob {
  /** The store's handle on the staged bytes (local: the tmp file's path; PostgreSQL: the chunks' blob id). */
  stagedId: string;
  size: number;
  md5Hex: string;
  checksums: Checksums;
  /** Set once promoted: discarding it then removes that blob (its commit failed). */
  promotedBlobId?: string;
}

/** The HTTP representation headers and user metadata stored with an object. */
export interface ObjectMeta {
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  /** The Expires header value, kept verbatim. */
  expires?: string;
  /** x-amz-meta-* without the prefix; names are lower-cased on write. */
  metadata?: Record<string, string>;
}

export interface ObjectRecord extends Required<Pick<ObjectMeta, 'metadata'>>, Omit<ObjectMeta, 'metadata'> {
  bucket: string;
  key: string;
  size: number;
  /** Quoted, as S3 returns it. */
  etag: string;
  lastModified: Date;
  checksums: Checksums;
  /** Set for objects created by CompleteMultipartUpload. */
  partsCount?: number;
  /** Each part's number and size, in object order (CompleteMultipartUpload objects). */
  partSizes?: PartSizes;
  storageClass: 'STANDARD';
}

/** [partNumber, size] of each part of a multipart object, in object order (the completion's part numbers). */
export type PartSizes = Array<[number, number]>;

export interface BucketRecord {
  name: string;
  region: string;
  ownerAccountId: string;
  creationDate: Date;
}

/** Blob ids that no committed row references any more; unlink them only after the transaction commits. */
export interface Garbage {
  garbage: string[];
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
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
