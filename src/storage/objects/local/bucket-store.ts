import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Store, Tx } from '../../ports.js';
import { SqliteStore } from '../../sqlite/store.js';
import { MAX_OBJECT_SIZE, MAX_PUT_SIZE, S3Errors } from '../s3-errors.js';
import type { BlobSource, BlobStore } from '../blob-store.js';
import { blobStoreFor } from '../../open.js';
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
import type { S3Tx } from './s3-tx.js';
import { listUploads, type ListUploadsOptions, type ListUploadsResult } from './uploads-listing.js';
import type { BucketRecord, ObjectMeta, ObjectRecord, StagedBlob, StageOptions } from './types.js';

export type { S3Tx } from './s3-tx.js';

export interface RecoveryReport {
  removedTmpFiles: number;
  removedOrphanBlobs: number;
}

/** Blobs promoted inside one BucketStore.transaction, unlinked if it rolls back. */
type Ledger = string[];

/**
 * The built-in bucket engine: bytes in the engine's BlobStore (objects/blob-store.ts: files under its
 * directory with SQLite, chunks in the database with PostgreSQL), metadata through the transaction's
 * repositories (`tx`, see storage/ports/objects.ts). Every mutation is split in two: an async stage
 * step that streams the bytes in outside any transaction, and a commit step that the caller runs in
 * the same transaction as its audit event (fail-closed). Commit steps return the blob ids they made
 * unreferenced; unlink them after commit with removeBlobs() (or `tx.afterCommit`), or wrap the work in
 * transaction(), which does that (and unlinks promoted blobs on rollback).
 */
export class BucketStore {
  private readonly buckets = new Buckets();
  private readonly objects: Objects;
  private readonly multipart: Multipart;
  private readonly lister = new Lister();
  private readonly lifecycles: Lifecycles;
  private readonly ledgers = new WeakMap<S3Tx, Ledger>();

  /** `store` holds the metadata; the bytes are where its engine keeps them (files under `dataDir` with SQLite). */
  constructor(
    readonly store: Store,
    dataDir: string,
    private readonly blobs: BlobStore = blobStoreFor(store, dataDir),
  ) {
    this.objects = new Objects(this.blobs, this.buckets);
    this.multipart = new Multipart(this.blobs, this.buckets, this.objects);
    this.lifecycles = new Lifecycles(this.buckets);
  }

  /**
   * A standalone engine rooted at `rootDir` (its own store by default), recovered from any crash.
   * The server instead builds `new BucketStore(store, dataDirLayout(dataDir).buckets)` on its one
   * store (src/services/s3/service.ts); offline tools must do the same, never this.
   */
  static async open(dataDir: string, store: Store = new SqliteStore(join(dataDir, 's3.sqlite'))): Promise<BucketStore> {
    const engine = new BucketStore(store, dataDir);
    await engine.recover();
    return engine;
  }

  /**
   * Deletes tmp files (uploads that never committed) and blobs no row references (promoted by a
   * transaction that never committed). Call at start-up, before any request is served: local files are
   * listed synchronously then, so no blob of a later upload is among them (PostgreSQL lists only chunks
   * older than any upload in flight on any node); the rows are read after.
   */
  async recover(): Promise<RecoveryReport> {
    const cleared = this.blobs.clearStaged();
    const listed = this.blobs.listIds();
    const removedTmpFiles = await cleared;
    const candidates = await listed;
    const orphans = await this.store.read(async (tx) => {
      const referenced = new Set([...(await tx.objects.blobIds()), ...(await tx.multipartUploads.blobIds())]);
      return candidates.filter((id) => !referenced.has(id));
    });
    await this.blobs.remove(orphans);
    return { removedTmpFiles, removedOrphanBlobs: orphans.length };
  }

  /**
   * Runs fn in one write transaction of the store (the caller adds its audit write inside fn). After
   * commit, blobs the commit steps replaced are unlinked; after rollback, blobs they promoted are.
   */
  async transaction<T extends object | void>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const promoted: Ledger = [];
    try {
      return await this.store.write(async (tx) => {
        this.ledgers.set(tx, promoted);
        const result = await fn(tx);
        const garbage = (result as { garbage?: string[] } | undefined)?.garbage;
        if (garbage?.length) tx.afterCommit(() => this.blobs.remove(garbage));
        return result;
      });
    } catch (e) {
      await this.blobs.remove(promoted);
      throw e;
    }
  }

  /** Runs fn on a read snapshot of the store. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.store.read(fn);
  }

  /** Unlinks blobs returned as garbage by commit steps. Only after commit. */
  removeBlobs(blobIds: Iterable<string>): void | Promise<void> {
    return this.blobs.remove(blobIds);
  }

  /** removeBlobs without blocking the event loop; same rule: only after commit. */
  removeBlobsAsync(blobIds: readonly string[]): Promise<void> {
    return this.blobs.removeAsync(blobIds);
  }

  private track<T extends { blobId?: string; replacedBlobId?: string; garbage?: string[] }>(tx: S3Tx, r: T): T & { garbage: string[] } {
    const garbage = [...(r.garbage ?? []), ...(r.replacedBlobId && !r.garbage ? [r.replacedBlobId] : [])];
    if (r.blobId) this.ledgers.get(tx)?.push(r.blobId);
    return { ...r, garbage };
  }

  // Buckets

  createBucket(tx: S3Tx, name: string, region: string, ownerAccountId: string): Promise<BucketRecord> {
    return this.buckets.create(tx, name, region, ownerAccountId);
  }

  async deleteBucket(tx: S3Tx, name: string): Promise<{ garbage: string[] }> {
    return this.track(tx, await this.buckets.delete(tx, name));
  }

  /** The bucket, or undefined. */
  getBucket(tx: S3Tx, name: string): Promise<BucketRecord | undefined> {
    return this.buckets.find(tx, name);
  }

  listBuckets(tx: S3Tx, ownerAccountId?: string): Promise<BucketRecord[]> {
    return this.buckets.list(tx, ownerAccountId);
  }

  putBucketPolicy(tx: S3Tx, name: string, policy: string): Promise<void> {
    return this.buckets.putPolicy(tx, name, policy);
  }

  /** The policy, or NoSuchBucket / NoSuchBucketPolicy. */
  getBucketPolicy(tx: S3Tx, name: string): Promise<string> {
    return this.buckets.getPolicy(tx, name);
  }

  deleteBucketPolicy(tx: S3Tx, name: string): Promise<void> {
    return this.buckets.deletePolicy(tx, name);
  }

  /** Stores a validated lifecycle configuration document (JSON), replacing any previous one. */
  putBucketLifecycle(tx: S3Tx, name: string, document: string): Promise<void> {
    return this.lifecycles.put(tx, name, document);
  }

  /** The stored document, or NoSuchLifecycleConfiguration. */
  getBucketLifecycle(tx: S3Tx, name: string): Promise<string> {
    return this.lifecycles.get(tx, name);
  }

  deleteBucketLifecycle(tx: S3Tx, name: string): Promise<void> {
    return this.lifecycles.delete(tx, name);
  }

  /** Every bucket with a lifecycle configuration, and its document. */
  listBucketLifecycles(tx: S3Tx): Promise<Array<{ bucket: string; document: string }>> {
    return tx.buckets.lifecycles();
  }

  /**
   * Commit step of a lifecycle expiration: deletes up to `limit` objects that `selection` applies to
   * and that were last modified before `before`, oldest first. Run it inside a transaction.
   */
  async expireObjects(
    tx: S3Tx,
    bucket: string,
    selection: LifecycleSelection,
    before: Date,
    limit: number,
  ): Promise<{ expired: ExpiredObject[]; garbage: string[] }> {
    const expired = await tx.objects.expired(bucket, selection, before, limit);
    const garbage: string[] = [];
    for (const o of expired) garbage.push(...(await this.deleteObject(tx, bucket, o.key)).garbage);
    return { expired, garbage };
  }

  /** Commit step of AbortIncompleteMultipartUpload: aborts up to `limit` uploads initiated before `before`. */
  async abortExpiredUploads(
    tx: S3Tx,
    bucket: string,
    prefix: string,
    before: Date,
    limit: number,
  ): Promise<{ aborted: number; garbage: string[] }> {
    const uploads = await tx.multipartUploads.expired(bucket, prefix, before, limit);
    const garbage: string[] = [];
    for (const u of uploads) garbage.push(...(await this.abortMultipartUpload(tx, bucket, u.key, u.uploadId)).garbage);
    return { aborted: uploads.length, garbage };
  }

  // Objects

  /** Stage step of PutObject / UploadPart: streams to tmp/, hashing and size-limiting on the way. */
  stageBlob(body: BlobSource, opts: Partial<StageOptions> = {}): Promise<StagedBlob> {
    return this.blobs.stage(body, { ...opts, maxBytes: opts.maxBytes ?? MAX_PUT_SIZE });
  }

  /** Throws a staged blob away (the request failed between stage and commit). */
  discardStaged(staged: StagedBlob): void | Promise<void> {
    return this.blobs.discard(staged);
  }

  /** Commit step of PutObject / CopyObject; consumes `staged` whether it succeeds or not. */
  async commitObject(
    tx: S3Tx,
    bucket: string,
    key: string,
    staged: StagedBlob,
    meta: ObjectMeta = {},
  ): Promise<CommitResult & { garbage: string[] }> {
    return this.track(tx, await this.objects.commit(tx, bucket, key, staged, meta));
  }

  headObject(tx: S3Tx, bucket: string, key: string): Promise<ObjectRecord> {
    return this.objects.head(tx, bucket, key);
  }

  /** Streams the object, or the one byte range `range` (a Range header value) or part `partNumber` selects. */
  getObject(tx: S3Tx, bucket: string, key: string, opts: ReadSelection = {}): Promise<OpenedObject> {
    return this.objects.open(tx, bucket, key, opts);
  }

  async deleteObject(tx: S3Tx, bucket: string, key: string): Promise<{ garbage: string[] }> {
    return this.track(tx, await this.objects.delete(tx, bucket, key));
  }

  /** DeleteObjects: keys that do not exist count as deleted, as in S3. */
  async deleteObjects(tx: S3Tx, bucket: string, keys: string[]): Promise<{ deleted: string[]; garbage: string[] }> {
    await this.buckets.get(tx, bucket);
    const garbage: string[] = [];
    for (const k of keys) garbage.push(...(await this.deleteObject(tx, bucket, k)).garbage);
    return { deleted: keys, garbage };
  }

  /**
   * Stage step of CopyObject: copies the source blob's bytes (or one range of them) to tmp/. The
   * source is opened on a read snapshot; the copy streams after it.
   */
  async stageCopy(
    srcBucket: string,
    srcKey: string,
    opts: { range?: string; checksumAlgorithms?: StageOptions['checksumAlgorithms'] } = {},
  ): Promise<{ staged: StagedBlob; source: ObjectRecord }> {
    const { info, body } = await this.store.read((tx) => this.objects.open(tx, srcBucket, srcKey, { range: opts.range }));
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

  async listObjectsV1(tx: S3Tx, bucket: string, opts: ListObjectsV1Options = {}): Promise<ListObjectsV1Result> {
    return listObjectsV1(tx, this.lister, await this.buckets.get(tx, bucket), opts);
  }

  async listObjectsV2(tx: S3Tx, bucket: string, opts: ListObjectsV2Options = {}): Promise<ListObjectsV2Result> {
    return listObjectsV2(tx, this.lister, await this.buckets.get(tx, bucket), opts);
  }

  // Multipart uploads

  createMultipartUpload(
    tx: S3Tx,
    bucket: string,
    key: string,
    meta: ObjectMeta = {},
    opts: { checksumAlgorithm?: MultipartUpload['checksumAlgorithm'] } = {},
  ): Promise<MultipartUpload> {
    return this.multipart.create(tx, bucket, key, meta, opts.checksumAlgorithm);
  }

  /** Stage step of UploadPart: checks the upload exists (on a read snapshot) before accepting bytes. */
  async stagePart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: BlobSource,
    opts: Partial<StageOptions> = {},
  ): Promise<StagedBlob> {
    assertPartNumber(partNumber);
    const upload = await this.store.read((tx) => this.multipart.get(tx, bucket, key, uploadId));
    const algorithms = [...(opts.checksumAlgorithms ?? []), ...(upload.checksumAlgorithm ? [upload.checksumAlgorithm] : [])];
    return this.stageBlob(body, { ...opts, checksumAlgorithms: algorithms });
  }

  async commitPart(
    tx: S3Tx,
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    staged: StagedBlob,
  ): Promise<CommitResult & { garbage: string[] }> {
    return this.track(tx, await this.multipart.commitPart(tx, bucket, key, uploadId, partNumber, staged));
  }

  getMultipartUpload(tx: S3Tx, bucket: string, key: string, uploadId: string): Promise<MultipartUpload> {
    return this.multipart.get(tx, bucket, key, uploadId);
  }

  async listParts(
    tx: S3Tx,
    bucket: string,
    key: string,
    uploadId: string,
    opts: { partNumberMarker?: number; maxParts?: number } = {},
  ): Promise<{ upload: MultipartUpload; parts: PartRecord[]; isTruncated: boolean; nextPartNumberMarker?: number }> {
    const upload = await this.multipart.get(tx, bucket, key, uploadId);
    const maxParts = Math.min(Math.max(opts.maxParts ?? 1000, 0), 1000);
    const { parts, isTruncated } = await this.multipart.listParts(tx, uploadId, opts.partNumberMarker ?? 0, maxParts);
    return { upload, parts, isTruncated, nextPartNumberMarker: parts.at(-1)?.partNumber };
  }

  async listMultipartUploads(tx: S3Tx, bucket: string, opts: ListUploadsOptions = {}): Promise<ListUploadsResult> {
    await this.buckets.get(tx, bucket);
    return listUploads(tx, bucket, opts);
  }

  async abortMultipartUpload(tx: S3Tx, bucket: string, key: string, uploadId: string): Promise<{ garbage: string[] }> {
    return this.track(tx, await this.multipart.abort(tx, bucket, key, uploadId));
  }

  /**
   * Stage step of CompleteMultipartUpload: validates the part list (on a read snapshot) and
   * concatenates the parts (streaming). A retry of a completed upload with the same parts stages
   * nothing (see completedEtag).
   */
  async stageCompleteMultipartUpload(bucket: string, key: string, uploadId: string, parts: RequestedPart[]): Promise<StagedCompletion> {
    const plan = await this.store.read(async (tx) => {
      await this.buckets.get(tx, bucket);
      const etag = await this.multipart.completedEtag(tx, bucket, key, uploadId, parts);
      return etag !== undefined ? { etag } : this.multipart.planCompletion(tx, bucket, key, uploadId, parts);
    });
    if (!('streams' in plan)) return { bucket, key, uploadId, etag: plan.etag, parts: [], requested: parts };
    const staged = await this.blobs.stage(concat(plan.streams), { maxBytes: MAX_OBJECT_SIZE });
    return { bucket, key, uploadId, staged, etag: plan.etag, parts: plan.parts, requested: parts };
  }

  async commitCompleteMultipartUpload(tx: S3Tx, completion: StagedCompletion): Promise<CompletionResult> {
    return this.track(tx, await this.multipart.commitCompletion(tx, completion));
  }
}

/** Streams the parts one after another; every stream is closed even if the consumer stops early. */
async function* concat(streams: Readable[]): AsyncIterable<Uint8Array> {
  let i = 0;
  try {
    for (; i < streams.length; i++) yield* streams[i]!;
  } finally {
    for (const s of streams.slice(i + 1)) s.destroy();
  }
}
