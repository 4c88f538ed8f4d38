import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { ListObjectsOptions, ListObjectsPage, ObjectInfo, ObjectStore, PutObjectOptions } from '../ports.js';
import { S3Errors } from '../s3-errors.js';
import { isNotFound, toServiceError } from './s3-errors-map.js';

export interface S3ObjectStoreConfig {
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Path-style addressing, which most self-hosted S3-compatible endpoints need. */
  forcePathStyle?: boolean;
}

const lowerKeys = (m: Record<string, string> = {}) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));

function toInfo(key: string, out: HeadObjectCommandOutput): ObjectInfo {
  return {
    key,
    size: out.ContentLength ?? 0,
    etag: out.ETag ?? '',
    lastModified: out.LastModified ?? new Date(0),
    contentType: out.ContentType,
    contentEncoding: out.ContentEncoding,
    metadata: lowerKeys(out.Metadata),
  };
}

/** The ObjectStore port over any S3-compatible endpoint. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(config: S3ObjectStoreConfig | { client: S3Client }) {
    this.client =
      'client' in config
        ? config.client
        : new S3Client({
            ...config,
            // Flexible checksums by default would send aws-chunked trailers many S3-compatible servers reject;
            // Content-MD5 protects the bytes instead.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          });
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw toServiceError(e, { bucket });
    }
  }

  async putObject(bucket: string, key: string, body: Buffer, opts: PutObjectOptions = {}): Promise<{ etag: string }> {
    const out = await this.call({ bucket, key }, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          ContentType: opts.contentType,
          ContentEncoding: opts.contentEncoding,
          Metadata: lowerKeys(opts.metadata),
        }),
      ),
    );
    return { etag: out.ETag ?? '' };
  }

  async getObject(bucket: string, key: string): Promise<ObjectInfo & { body: Readable }> {
    const out = await this.call({ bucket, key }, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return { ...toInfo(key, out), body: out.Body as Readable };
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    try {
      return toInfo(key, await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    } catch (e) {
      if (!isNotFound(e)) throw toServiceError(e, { bucket, key });
      // HEAD errors have no body: ask the bucket which 404 this was.
      throw (await this.bucketExists(bucket)) ? S3Errors.NoSuchKey(key) : S3Errors.NoSuchBucket(bucket);
    }
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.call({ bucket, key }, () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  }

  async listObjects(bucket: string, opts: ListObjectsOptions = {}): Promise<ListObjectsPage> {
    const out = await this.call({ bucket }, () =>
      this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: opts.prefix,
          StartAfter: opts.startAfter,
          ContinuationToken: opts.continuationToken,
          MaxKeys: opts.maxKeys,
        }),
      ),
    );
    return {
      objects: (out.Contents ?? []).map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        etag: o.ETag ?? '',
        lastModified: o.LastModified ?? new Date(0),
      })),
      nextContinuationToken: out.IsTruncated ? out.NextContinuationToken : undefined,
    };
  }

  private async call<T>(ctx: { bucket?: string; key?: string }, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toServiceError(e, ctx);
    }
  }
}
