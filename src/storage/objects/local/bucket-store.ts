import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { migrate, openDatabase, type Db } from '../../sqlite/database.js';
import { MAX_OBJECT_SIZE, MAX_PUT_SIZE, S3Errors } from '../s3-errors.js';
import { BlobFiles, type BlobSource } from './blobs.js';
import { Buckets } from './buckets.js';
import {
  Lister,
  listObjectsV1,
  listObjectsV2,
  type ListObjectsV1Options,
  type ListObjectsV1Result,
  type ListObjectsV2Options,
  type ListObjectsV2Result,
} from './listing.js';
import { Lifecycles, type ExpiredObject, type LifecycleSelection } from './lifecycle.js';
import { S3_MIGRATIONS, S3_MODULE } from './migrations.js';
import {
  Multipart,
  assertPartNumber,
  type CompletionResult,
  type MultipartUpload,
  type PartRecord,
  type RequestedPart,
  type StagedCompletion,
} from './multipart.js';
import { Objects, type CommitResult, type OpenedObject, type ReadSelection } from './objects.js';
import { listUploads, type ListUploadsOptions, type ListUploadsResult } from './uploads-listing.js';
import type { BucketRecord, ObjectMeta, ObjectRecord, StagedBlob, StageOptions } from './types.js';

export interface RecoveryReport {
  removedTmpFiles: number;
  removedOrphanBlobs: number;
}

/** Blobs promoted and released inside one BucketStore.transaction, settled when it ends. */
interface Ledger {
  promoted: string[];
  garbage: string[];
}

/**
 * The built-in bucket engine. Every mutation is split in two: an async stage step that streams
 * bytes to tmp/ outside any transaction, and a synchronous commit step that the caller runs inside
 * the same SQLite transaction as its audit event (fail-closed). Commit steps return the blob ids
 * they made unreferenced; unlink them after commit with removeBlobs(), or wrap the work in
 * transaction(), which does that (and unlinks promoted blobs on rollback).
 */
export class BucketStore {
  readonly db: Db;
  private readonly blobs: BlobFiles;
  private readonly buckets: Buckets;
  private readonly objects: Objects;
  private readonly multipart: Multipart;
  private readonly lister: Lister;
  private readonly lifecycles: Lifecycles;
  private ledger: Ledger | undefined;

  constructor(db: Db, dataDir: string) {
    this.db = db;
    migrate(db, S3_MODULE, S3_MIGRATIONS);
    this.blobs = new BlobFiles(dataDir);
    this.buckets = new Buckets(db);
    this.objects = new Objects(db, this.blobs, this.buckets);
    this.multipart = new Multipart(db, this.blobs, this.buckets, this.objects);
    this.lister = new Lister(db);
    this.lifecycles = new Lifecycles(db, this.buckets);
  }

  /**
   * A standalone engine rooted at `rootDir` (its own database by default), migrated and recovered from
   * any crash. The server instead builds `new BucketStore(db, dataDirLayout(dataDir).buckets)` on its
   * one database (src/services/s3/service.ts); offline tools must do the same, never this.
   */
  static open(dataDir: string, db: Db = openDatabase(join(dataDir, 's3.sqlite'))): BucketStore {
    const store = new BucketStore(db, dataDir);
    store.recover();
    return store;
  }

  /**
   * Deletes tmp files (uploads that never committed) and blobs no row references (promoted by a
   * transaction that never committed). Call only when no upload is in flight, i.e. at start-up.
   */
  recover(): RecoveryReport {
    const removedTmpFiles = this.blobs.clearTmp();
    const referenced = new Set(
      this.db.prepare('SELECT blob_id FROM s3_objects UNION ALL SELECT blob_id FROM s3_multipart_parts').pluck().all() as string[],
    );
    const orphans = this.blobs.listBlobIds().filter((id) => !referenced.has(id));
    this.blobs.remove(orphans);
    return { removedTmpFiles, removedOrphanBlobs: orphans.length };
  }

  /**
   * Runs fn in one database transaction (the caller adds its audit write inside fn). After commit,
   * blobs the commit steps replaced are unlinked; after rollback, blobs they promoted are.
   */
  transaction<T>(fn: () => T): T {
    if (this.ledger) return fn();
    if (this.db.inTransaction) throw new Error('BucketStore.transaction must not be nested in another transaction');
    const ledger: Ledger = (this.ledger = { promoted: [], garbage: [] });
    try {
      const result = this.db.transaction(fn)();
      this.blobs.remove(ledger.garbage);
      return result;
    } catch (e) {
      this.blobs.remove(ledger.promoted);
      throw e;
    } finally {
      this.ledger = undefined;
    }
  }

  /** Unlinks blobs returned as garbage by commit steps run outside transaction(). Only after commit. */
  removeBlobs(blobIds: Iterable<string>): void {
    this.blobs.remove(blobIds);
  }

  /** removeBlobs without blocking the event loop; same rule: only after commit. */
  removeBlobsAsync(blobIds: readonly string[]): Promise<void> {
    return this.blobs.removeAsync(blobIds);
  }

  private track<T extends { blobId?: string; replacedBlobId?: string; garbage?: string[] }>(r: T): T & { garbage: string[] } {
    const garbage = [...(r.garbage ?? []), ...(r.replacedBlobId && !r.garbage ? [r.replacedBlobId] : [])];
    if (this.ledger) {
      if (r.blobId) this.ledger.promoted.push(r.blobId);
      this.ledger.garbage.push(...garbage);
    }
    return { ...r, garbage };
  }

  // Buckets

  createBucket(name: string, region: string, ownerAccountId: string): BucketRecord {
    return this.buckets.create(name, region, ownerAccountId);
  }

  deleteBucket(name: string): { garbage: string[] } {
    return this.track(this.buckets.delete(name));
  }

  /** The bucket, or undefined. */
  getBucket(name: string): BucketRecord | undefined {
    return this.buckets.find(name);
  }

  listBuckets(ownerAccountId?: string): BucketRecord[] {
    return this.buckets.list(ownerAccountId);
  }

  putBucketPolicy(name: string, policy: string): void {
    this.buckets.putPolicy(name, policy);
  }

  getBucketPolicy(name: string): string {
    return this.buckets.getPolicy(name);
  }

  deleteBucketPolicy(name: string): void {
    this.buckets.deletePolicy(name);
  }

  /** Stores a validated lifecycle configuration document (JSON), replacing any previous one. */
  putBucketLifecycle(name: string, document: string): void {
    this.lifecycles.put(name, document);
  }

  /** The stored document, or NoSuchLifecycleConfiguration. */
  getBucketLifecycle(name: string): string {
    return this.lifecycles.get(name);
  }

  deleteBucketLifecycle(name: string): void {
    this.lifecycles.delete(name);
  }

  /** Every bucket with a lifecycle configuration, and its document. */
  listBucketLifecycles(): Array<{ bucket: string; document: string }> {
    return this.lifecycles.all();
  }

  /**
   * Commit step of a lifecycle expiration: deletes up to `limit` objects that `selection` applies to
   * and that were last modified before `before`, oldest first. Run it inside a transaction.
   */
  expireObjects(
    bucket: string,
    selection: LifecycleSelection,
    before: Date,
    limit: number,
  ): { expired: ExpiredObject[]; garbage: string[] } {
    const expired = this.lifecycles.expiredObjects(bucket, selection, before, limit);
    const garbage = expired.flatMap((o) => this.deleteObject(bucket, o.key).garbage);
    return { expired, garbage };
  }

  /** Commit step of AbortIncompleteMultipartUpload: aborts up to `limit` uploads initiated before `before`. */
  abortExpiredUploads(bucket: string, prefix: string, before: Date, limit: number): { aborted: number; garbage: string[] } {
    const uploads = this.lifecycles.expiredUploads(bucket, prefix, before, limit);
    const garbage = uploads.flatMap((u) => this.abortMultipartUpload(bucket, u.key, u.uploadId).garbage);
    return { aborted: uploads.length, garbage };
  }

  // Objects

  /** Stage step of PutObject / UploadPart: streams to tmp/, hashing and size-limiting on the way. */
  stageBlob(body: BlobSource, opts: Partial<StageOptions> = {}): Promise<StagedBlob> {
    return this.blobs.stage(body, { ...opts, maxBytes: opts.maxBytes ?? MAX_PUT_SIZE });
  }

  /** Throws a staged blob away (the request failed between stage and commit). */
  discardStaged(staged: StagedBlob): void {
    this.blobs.discard(staged);
  }

  /** Commit step of PutObject / CopyObject. Synchronous; consumes `staged` whether it succeeds or not. */
  commitObject(bucket: string, key: string, staged: StagedBlob, meta: ObjectMeta = {}): CommitResult & { garbage: string[] } {
    return this.track(this.objects.commit(bucket, key, staged, meta));
  }

  headObject(bucket: string, key: string): ObjectRecord {
    return this.objects.head(bucket, key);
  }

  /** Streams the object, or the one byte range `range` (a Range header value) or part `partNumber` selects. */
  getObject(bucket: string, key: string, opts: ReadSelection = {}): OpenedObject {
    return this.objects.open(bucket, key, opts);
  }

  deleteObject(bucket: string, key: string): { garbage: string[] } {
    return this.track(this.objects.delete(bucket, key));
  }

  /** DeleteObjects: keys that do not exist count as deleted, as in S3. */
  deleteObjects(bucket: string, keys: string[]): { deleted: string[]; garbage: string[] } {
    this.buckets.get(bucket);
    const garbage = keys.flatMap((k) => this.deleteObject(bucket, k).garbage);
    return { deleted: keys, garbage };
  }

  /** Stage step of CopyObject: copies the source blob's bytes (or one range of them) to tmp/. */
  async stageCopy(
    srcBucket: string,
    srcKey: string,
    opts: { range?: string; checksumAlgorithms?: StageOptions['checksumAlgorithms'] } = {},
  ): Promise<{ staged: StagedBlob; source: ObjectRecord }> {
    const { info, body } = this.objects.open(srcBucket, srcKey, { range: opts.range });
    if (info.size > MAX_PUT_SIZE && opts.range === undefined) {
      body.destroy();
      throw S3Errors.InvalidArgument(
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
        'x-amz-copy-source',
        `${srcBucket}/${srcKey}`,
      );
    }
    const staged = await this.blobs.stage(body, { maxBytes: MAX_PUT_SIZE, checksumAlgorithms: opts.checksumAlgorithms });
    return { staged, source: info };
  }

  listObjectsV1(bucket: string, opts: ListObjectsV1Options = {}): ListObjectsV1Result {
    return listObjectsV1(this.lister, this.buckets.get(bucket), opts);
  }

  listObjectsV2(bucket: string, opts: ListObjectsV2Options = {}): ListObjectsV2Result {
    return listObjectsV2(this.lister, this.buckets.get(bucket), opts);
  }

  // Multipart uploads

  createMultipartUpload(
    bucket: string,
    key: string,
    meta: ObjectMeta = {},
    opts: { checksumAlgorithm?: MultipartUpload['checksumAlgorithm'] } = {},
  ): MultipartUpload {
    return this.multipart.create(bucket, key, meta, opts.checksumAlgorithm);
  }

  /** Stage step of UploadPart: checks the upload exists before accepting bytes. */
  async stagePart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobSource,
    opts: Partial<StageOptions> = {},
  ): Promise<StagedBlob> {
    assertPartNumber(partNumber);
    const upload = this.multipart.get(bucket, key, uploadId);
    const algorithms = [...(opts.checksumAlgorithms ?? []), ...(upload.checksumAlgorithm ? [upload.checksumAlgorithm] : [])];
    return this.stageBlob(body, { ...opts, checksumAlgorithms: algorithms });
  }

  commitPart(bucket: string, key: string, uploadId: string, partNumber: number, staged: StagedBlob): CommitResult & { garbage: string[] } {
    return this.track(this.multipart.commitPart(bucket, key, uploadId, partNumber, staged));
  }

  getMultipartUpload(bucket: string, key: string, uploadId: string): MultipartUpload {
    return this.multipart.get(bucket, key, uploadId);
  }

  listParts(
    bucket: string,
    key: string,
    uploadId: string,
    opts: { partNumberMarker?: number; maxParts?: number } = {},
  ): { upload: MultipartUpload; parts: PartRecord[]; isTruncated: boolean; nextPartNumberMarker?: number } {
    const upload = this.multipart.get(bucket, key, uploadId);
    const maxParts = Math.min(Math.max(opts.maxParts ?? 1000, 0), 1000);
    const { parts, isTruncated } = this.multipart.listParts(uploadId, opts.partNumberMarker ?? 0, maxParts);
    return { upload, parts, isTruncated, nextPartNumberMarker: parts.at(-1)?.partNumber };
  }

  listMultipartUploads(bucket: string, opts: ListUploadsOptions = {}): ListUploadsResult {
    this.buckets.get(bucket);
    return listUploads(this.db, bucket, opts);
  }

  abortMultipartUpload(bucket: string, key: string, uploadId: string): { garbage: string[] } {
    return this.track(this.multipart.abort(bucket, key, uploadId));
  }

  /**
   * Stage step of CompleteMultipartUpload: validates the part list and concatenates the parts
   * (streaming). A retry of a completed upload with the same parts stages nothing (see completedEtag).
   */
  async stageCompleteMultipartUpload(bucket: string, key: string, uploadId: string, parts: RequestedPart[]): Promise<StagedCompletion> {
    this.buckets.get(bucket);
    const etag = this.multipart.completedEtag(bucket, key, uploadId, parts);
    if (etag !== undefined) return { bucket, key, uploadId, etag, parts: [], requested: parts };
    const plan = this.multipart.planCompletion(bucket, key, uploadId, parts);
    const staged = await this.blobs.stage(concat(plan.fds), { maxBytes: MAX_OBJECT_SIZE });
    return { bucket, key, uploadId, staged, etag: plan.etag, parts: plan.parts, requested: parts };
  }

  commitCompleteMultipartUpload(completion: StagedCompletion): CompletionResult {
    return this.track(this.multipart.commitCompletion(completion));
  }
}

/** Streams the part files one after another; every fd is closed even if the consumer stops early. */
async function* concat(fds: number[]): AsyncIterable<Uint8Array> {
  let i = 0;
  try {
    for (; i < fds.length; i++) {
      const stream = createReadStream('', { fd: fds[i]!, autoClose: true });
      yield* stream;
    }
  } finally {
    for (const fd of fds.slice(i + 1)) createReadStream('', { fd, autoClose: true }).destroy();
  }
}
