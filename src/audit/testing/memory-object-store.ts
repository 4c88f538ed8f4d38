import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ServiceError } from '../../errors/service-error.js';
import type { ListObjectsOptions, ListObjectsPage, ObjectInfo, ObjectStore, PutObjectOptions } from '../../storage/objects/ports.js';

interface StoredObject {
  info: ObjectInfo;
  body: Buffer;
}

/** Test-only ObjectStore with S3's semantics: byte-ordered keys, lower-cased metadata names, S3 error codes. */
export class MemoryObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  constructor(
    buckets: string[] = [],
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const name of buckets) this.createBucket(name);
  }

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  /** Test helper: the raw stored bytes, for tampering. */
  rawBody(bucket: string, key: string): Buffer {
    return this.object(bucket, key).body;
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return this.buckets.has(bucket);
  }

  async putObject(bucket: string, key: string, body: Buffer, opts: PutObjectOptions = {}): Promise<{ etag: string }> {
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const metadata = Object.fromEntries(Object.entries(opts.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const info: ObjectInfo = {
      key,
      size: body.length,
      etag,
      lastModified: this.clock(),
      contentType: opts.contentType,
      contentEncoding: opts.contentEncoding,
      metadata,
    };
    this.bucket(bucket).set(key, { info, body: Buffer.from(body) });
    return { etag };
  }

  async getObject(bucket: string, key: string): Promise<ObjectInfo & { body: Readable }> {
    const stored = this.object(bucket, key);
    return { ...stored.info, metadata: { ...stored.info.metadata }, body: Readable.from([Buffer.from(stored.body)]) };
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    const stored = this.object(bucket, key);
    return { ...stored.info, metadata: { ...stored.info.metadata } };
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    this.bucket(bucket).delete(key);
  }

  async listObjects(bucket: string, opts: ListObjectsOptions = {}): Promise<ListObjectsPage> {
    const after = opts.continuationToken ?? opts.startAfter;
    const maxKeys = opts.maxKeys ?? 1000;
    const keys = [...this.bucket(bucket).keys()]
      .filter((k) => k.startsWith(opts.prefix ?? '') && (after === undefined || byteCompare(k, after) > 0))
      .sort(byteCompare);
    const page = keys.slice(0, maxKeys);
    const objects = page.map((k) => {
      const { key, size, etag, lastModified } = this.object(bucket, k).info;
      return { key, size, etag, lastModified };
    });
    return keys.length > maxKeys ? { objects, nextContinuationToken: page[page.length - 1] } : { objects };
  }

  private bucket(name: string): Map<string, StoredObject> {
    const bucket = this.buckets.get(name);
    if (!bucket) {
      throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: name } });
    }
    return bucket;
  }

  private object(bucket: string, key: string): StoredObject {
    const stored = this.bucket(bucket).get(key);
    if (!stored) throw new ServiceError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: key } });
    return stored;
  }
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
