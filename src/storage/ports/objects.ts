/**
 * The built-in S3's metadata: buckets (with their policy and lifecycle documents), objects, and
 * multipart uploads with their parts. The bytes are blob files under the data dir's buckets/
 * (storage/objects/local/blobs.ts); these rows only name them by `blobId`. Keys compare in UTF-8
 * byte order, S3's listing order (S3 User Guide, "Listing object keys programmatically").
 */
import type { BucketRecord, MultipartUpload, ObjectRecord, PartRecord } from '../objects/local/types.js';

/** An object's row: what HeadObject answers, and the blob that holds its bytes. */
export interface StoredObject extends ObjectRecord {
  blobId: string;
}

/** A part's row, and its blob. */
export interface StoredPart extends PartRecord {
  blobId: string;
}

export interface BucketRepository {
  /** Adds a bucket; rejects when the name is taken (bucket names are unique across accounts). */
  insert(bucket: BucketRecord): Promise<void>;
  find(name: string): Promise<BucketRecord | undefined>;
  /** All buckets, or one account's, in name order. */
  list(ownerAccountId?: string): Promise<BucketRecord[]>;
  /** Removes the bucket with its pending multipart uploads and their parts (the caller checked it is empty). */
  delete(name: string): Promise<void>;
  /** The policy document as written, or undefined (none, or no such bucket). */
  policy(name: string): Promise<string | undefined>;
  /** Sets (or with undefined, removes) the policy document. */
  setPolicy(name: string, policy: string | undefined): Promise<void>;
  /** The lifecycle configuration document (JSON), or undefined. */
  lifecycle(name: string): Promise<string | undefined>;
  setLifecycle(name: string, document: string | undefined): Promise<void>;
  /** Every bucket that has a lifecycle configuration, in name order. */
  lifecycles(): Promise<Array<{ bucket: string; document: string }>>;
  /** The event notification configuration document (JSON), or undefined (none, or no such bucket). */
  notification(name: string): Promise<string | undefined>;
  /** Sets (or with undefined, removes) the notification configuration document. */
  setNotification(name: string, document: string | undefined): Promise<void>;
}

/** Where a key range scan starts and ends: keys in [from, below), or (from, below) when exclusive. */
export interface KeyRange {
  from: string;
  inclusive: boolean;
  /** Exclusive upper bound; unbounded when absent. */
  below?: string;
}

/** Which objects a lifecycle rule applies to (its Filter, already validated). */
export interface LifecycleSelection {
  prefix: string;
  /** ObjectSizeGreaterThan: sizes strictly above this. */
  sizeAbove?: number;
  /** ObjectSizeLessThan: sizes strictly below this. */
  sizeBelow?: number;
  /** A Tag filter: objects here carry no tags, so such a rule selects nothing. */
  tags?: boolean;
}

export interface ObjectRepository {
  find(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Inserts or replaces the object at (bucket, key): one version per key. */
  put(object: StoredObject): Promise<void>;
  /** True when a row was deleted. */
  delete(bucket: string, key: string): Promise<boolean>;
  /** Does the bucket hold any object? */
  any(bucket: string): Promise<boolean>;
  /** Up to `limit` of a bucket's objects in `range`, in key (UTF-8 byte) order. */
  scan(bucket: string, range: KeyRange, limit: number): Promise<StoredObject[]>;
  /** Up to `limit` objects `selection` applies to, last modified before `before`, oldest first. */
  expired(bucket: string, selection: LifecycleSelection, before: Date, limit: number): Promise<Array<{ key: string; blobId: string }>>;
  /** Every blob id an object row names (crash recovery keeps exactly these and the parts'). */
  blobIds(): Promise<string[]>;
}

/** A position in ListMultipartUploads order (key, initiated, uploadId); without `initiated`, after every upload of `key`. */
export interface UploadCursor {
  key: string;
  initiated?: Date;
  uploadId?: string;
}

/** What a completed upload answered, kept for retried CompleteMultipartUpload calls. */
export interface CompletedUpload {
  uploadId: string;
  bucket: string;
  key: string;
  etag: string;
  /** The requested part list, as a canonical string. */
  parts: string;
  completedAt: Date;
}

export interface MultipartUploadRepository {
  create(upload: MultipartUpload): Promise<void>;
  /** The upload, only when it belongs to this bucket and key. */
  find(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined>;
  /** Removes the upload and its parts. */
  delete(uploadId: string): Promise<void>;
  /**
   * A bucket's uploads under `prefix`, after `after` (or from the start), ordered by key, initiation
   * time, upload id; at most `limit`.
   */
  scan(bucket: string, opts: { prefix: string; after?: UploadCursor; limit: number }): Promise<MultipartUpload[]>;
  /** Up to `limit` uploads under `prefix` initiated before `before`, oldest first. */
  expired(bucket: string, prefix: string, before: Date, limit: number): Promise<Array<{ uploadId: string; key: string }>>;
  /** Inserts or replaces part `partNumber` of the upload. */
  putPart(uploadId: string, part: StoredPart): Promise<void>;
  findPart(uploadId: string, partNumber: number): Promise<StoredPart | undefined>;
  /** Up to `limit` parts numbered above `afterPartNumber`, in part-number order. */
  parts(uploadId: string, afterPartNumber: number, limit: number): Promise<StoredPart[]>;
  /** The blobs of every part of the upload, or (with a bucket) of every upload in the bucket. */
  partBlobIds(of: { uploadId: string } | { bucket: string }): Promise<string[]>;
  /** Every blob id a part row names. */
  blobIds(): Promise<string[]>;
  /** The completion of `uploadId` recorded at or after `since`, or undefined. */
  completed(uploadId: string, since: Date): Promise<CompletedUpload | undefined>;
  /** Records a completion; completions recorded before `forgetBefore` are dropped on the way. */
  rememberCompleted(completion: CompletedUpload, forgetBefore: Date): Promise<void>;
}
