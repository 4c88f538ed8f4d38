/** Bucket lifecycle documents and the expiration queries behind them. */
import { S3Errors } from '../s3-errors.js';
import type { Buckets } from './buckets.js';
import type { S3Tx } from './s3-tx.js';

export type { LifecycleSelection } from '../../ports/objects.js';

export interface ExpiredObject {
  key: string;
  blobId: string;
}

export interface ExpiredUpload {
  uploadId: string;
  key: string;
}

/** A bucket's lifecycle document, with S3's not-found answers. */
export class Lifecycles {
  constructor(private readonly buckets: Buckets) {}

  async put(tx: S3Tx, bucket: string, document: string): Promise<void> {
    await this.buckets.get(tx, bucket);
    await tx.buckets.setLifecycle(bucket, document);
  }

  /** The stored document, or NoSuchLifecycleConfiguration. */
  async get(tx: S3Tx, bucket: string): Promise<string> {
    await this.buckets.get(tx, bucket);
    const document = await tx.buckets.lifecycle(bucket);
    if (document === undefined) throw S3Errors.NoSuchLifecycleConfiguration(bucket);
    return document;
  }

  /** Deleting a configuration that does not exist succeeds, as in S3. */
  async delete(tx: S3Tx, bucket: string): Promise<void> {
    await this.buckets.get(tx, bucket);
    await tx.buckets.setLifecycle(bucket, undefined);
  }
}
