import type { Readable } from 'node:stream';
import type { ListObjectsOptions, ListObjectsPage, ObjectInfo, ObjectStore, PutObjectOptions } from '../ports.js';
import type { BucketStore } from './bucket-store.js';
import type { ObjectRecord } from './types.js';
import type { UnitOfWork } from '../../sqlite/unit-of-work.js';

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
 * The ObjectStore port over the built-in bucket engine; each put commits in its own transaction.
 * In a running server the engine shares its database with every request, so writes go through the
 * server's UnitOfWork: a delivery never lands inside a request's open transaction.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;

  constructor(
    private readonly store: BucketStore,
    private readonly uow?: UnitOfWork,
  ) {}

  /** Commits one change; replaced blobs are unlinked only after the commit. */
  private write<T extends { garbage: string[] }>(fn: () => T): Promise<T> {
    if (!this.uow) return Promise.resolve(this.store.transaction(fn));
    return this.uow.run((afterCommit) => {
      const result = fn();
      afterCommit(() => this.store.removeBlobs(result.garbage));
      return result;
    });
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return this.store.getBucket(bucket) !== undefined;
  }

  async putObject(bucket: string, key: string, body: Buffer, opts: PutObjectOptions = {}): Promise<{ etag: string }> {
    const staged = await this.store.stageBlob(body);
    const { etag } = await this.write(() =>
      this.store.commitObject(bucket, key, staged, {
        contentType: opts.contentType,
        contentEncoding: opts.contentEncoding,
        metadata: opts.metadata,
      }),
    );
    return { etag };
  }

  async getObject(bucket: string, key: string): Promise<ObjectInfo & { body: Readable }> {
    const { info, body } = this.store.getObject(bucket, key);
    return { ...toInfo(info), body };
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    return toInfo(this.store.headObject(bucket, key));
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.write(() => this.store.deleteObject(bucket, key));
  }

  async listObjects(bucket: string, opts: ListObjectsOptions = {}): Promise<ListObjectsPage> {
    const page = this.store.listObjectsV2(bucket, {
      prefix: opts.prefix,
      startAfter: opts.startAfter,
      continuationToken: opts.continuationToken,
      maxKeys: opts.maxKeys,
    });
    return {
      objects: page.contents.map(({ key, size, etag, lastModified }) => ({ key, size, etag, lastModified })),
      nextContinuationToken: page.nextContinuationToken,
    };
  }
}
