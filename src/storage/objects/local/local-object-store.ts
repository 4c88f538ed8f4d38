import type { Readable } from 'node:stream';
import type { ListObjectsOptions, ListObjectsPage, ObjectInfo, ObjectStore, PutObjectOptions } from '../ports.js';
import type { BucketStore } from './bucket-store.js';
import type { BucketRecord, ObjectRecord, StagedBlob } from './types.js';
import type { Tx } from '../../ports.js';

const toInfo = (r: ObjectRecord): ObjectInfo => ({
  key: r.key,
  size: r.size,
  etag: r.etag,
  lastModified: r.lastModified,
  contentType: r.contentType,
  contentEncoding: r.contentEncoding,
  metadata: r.metadata,
});

/**
 * The ObjectStore port over the built-in bucket engine, for internal writers (trail delivery,
 * digests) and offline readers. Outside a transaction, each put commits in its own write of the
 * engine's store (queued with every request's). Inside one, stage the bytes first (`stage`, no
 * transaction open) and commit them with `putStagedIn(tx, ...)`; the replaced blob is unlinked after
 * that transaction commits.
 */
/** Told of each object an internal writer stored, inside the transaction that stores it (S3 event notifications). */
export type ObjectCreatedHook = (tx: Tx, object: { bucket: string; key: string; size: number; etag: string }) => Promise<void>;

export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;

  constructor(
    private readonly engine: BucketStore,
    private readonly onCreated?: ObjectCreatedHook,
  ) {}

  async bucketExists(bucket: string): Promise<boolean> {
    return (await this.engine.read((tx) => this.engine.getBucket(tx, bucket))) !== undefined;
  }

  /** The bucket and its policy document (undefined when it has none), or undefined without the bucket. */
  bucketWithPolicy(bucket: string): Promise<{ bucket: BucketRecord; policy?: string } | undefined> {
    return this.engine.read(async (tx) => {
      const record = await this.engine.getBucket(tx, bucket);
      return record && { bucket: record, policy: await tx.buckets.policy(bucket) };
    });
  }

  async putObject(bucket: string, key: string, body: Buffer, opts: PutObjectOptions = {}): Promise<{ etag: string }> {
    const staged = await this.stage(body);
    return this.engine.transaction((tx) => this.putStagedIn(tx, bucket, key, staged, opts));
  }

  /** One write transaction of the engine's store (the server's one store), for puts that commit with other state. */
  transaction<T extends object | void>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.engine.transaction(fn);
  }

  /** Throws a staged blob away (its transaction never ran). */
  discard(staged: StagedBlob): void {
    this.engine.discardStaged(staged);
  }

  /** Streams the bytes to a staged file; run it before the transaction that commits them. */
  stage(body: Buffer): Promise<StagedBlob> {
    return this.engine.stageBlob(body);
  }

  /** Commits a staged object inside `tx` (consuming `staged`); its replaced blob goes after the commit. */
  async putStagedIn(tx: Tx, bucket: string, key: string, staged: StagedBlob, opts: PutObjectOptions = {}): Promise<{ etag: string }> {
    const meta = { contentType: opts.contentType, contentEncoding: opts.contentEncoding, metadata: opts.metadata };
    const size = staged.size;
    const { etag, garbage } = await this.engine.commitObject(tx, bucket, key, staged, meta);
    if (garbage.length) tx.afterCommit(() => this.engine.removeBlobs(garbage));
    await this.onCreated?.(tx, { bucket, key, size, etag });
    return { etag };
  }

  async getObject(bucket: string, key: string): Promise<ObjectInfo & { body: Readable }> {
    const { info, body } = await this.engine.read((tx) => this.engine.getObject(tx, bucket, key));
    return { ...toInfo(info), body };
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    return toInfo(await this.engine.read((tx) => this.engine.headObject(tx, bucket, key)));
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.engine.transaction((tx) => this.engine.deleteObject(tx, bucket, key));
  }

  async listObjects(bucket: string, opts: ListObjectsOptions = {}): Promise<ListObjectsPage> {
    const page = await this.engine.read((tx) =>
      this.engine.listObjectsV2(tx, bucket, {
        prefix: opts.prefix,
        startAfter: opts.startAfter,
        continuationToken: opts.continuationToken,
        maxKeys: opts.maxKeys,
      }),
    );
    return {
      objects: page.contents.map(({ key, size, etag, lastModified }) => ({ key, size, etag, lastModified })),
      nextContinuationToken: page.nextContinuationToken,
    };
  }
}
