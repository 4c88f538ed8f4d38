import type { Readable } from 'node:stream';

/**
 * The object-store port trail delivery, digests and validate-logs use. Two adapters implement it:
 * the built-in bucket store (local) and any external S3-compatible endpoint (s3).
 * Errors: adapters throw ServiceError with S3's codes (NoSuchBucket, NoSuchKey, AccessDenied, ...)
 * so callers can branch on `code` whichever adapter is behind the port.
 */
export interface PutObjectOptions {
  contentType?: string;
  contentEncoding?: string;
  /** User metadata without the x-amz-meta- prefix; names are stored lower-cased. */
  metadata?: Record<string, string>;
}

export interface ObjectInfo {
  key: string;
  size: number;
  etag: string; // quoted, as S3 returns it
  lastModified: Date;
  contentType?: string;
  contentEncoding?: string;
  metadata: Record<string, string>;
}

export interface ListObjectsOptions {
  prefix?: string;
  startAfter?: string;
  continuationToken?: string;
  maxKeys?: number;
}

export interface ListObjectsPage {
  objects: Array<Pick<ObjectInfo, 'key' | 'size' | 'etag' | 'lastModified'>>;
  nextContinuationToken?: string;
}

export interface ObjectStore {
  /** Which adapter this is, for status and error messages. */
  readonly kind: 'local' | 's3';
  bucketExists(bucket: string): Promise<boolean>;
  putObject(bucket: string, key: string, body: Buffer, opts?: PutObjectOptions): Promise<{ etag: string }>;
  getObject(bucket: string, key: string): Promise<ObjectInfo & { body: Readable }>;
  headObject(bucket: string, key: string): Promise<ObjectInfo>;
  deleteObject(bucket: string, key: string): Promise<void>;
  listObjects(bucket: string, opts?: ListObjectsOptions): Promise<ListObjectsPage>;
}
