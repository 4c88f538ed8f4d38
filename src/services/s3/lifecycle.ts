/** PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration, DeleteBucketLifecycle. */
import { S3Errors } from '../../storage/objects/s3-errors.js';
import type { Operation } from '../service.js';
import { assertLifecycleRules, type LifecycleRule } from './lifecycle-rules.js';
import type { S3Env } from './store.js';

interface PutInput {
  Bucket: string;
  LifecycleConfiguration?: { Rules?: LifecycleRule[] };
}

/** The rules of a stored document (JSON); an Expiration Date comes back as the timestamp it was. */
export function lifecycleRules(document: string): LifecycleRule[] {
  const rules = JSON.parse(document) as LifecycleRule[];
  return rules.map((r) =>
    r.Expiration?.Date === undefined ? r : { ...r, Expiration: { ...r.Expiration, Date: new Date(r.Expiration.Date) } },
  );
}

export function lifecycleOperations({ store }: S3Env): Record<string, Operation> {
  return {
    PutBucketLifecycleConfiguration: (input: PutInput) => {
      if (!store.getBucket(input.Bucket)) throw S3Errors.NoSuchBucket(input.Bucket);
      const rules = assertLifecycleRules(input.LifecycleConfiguration?.Rules);
      store.putBucketLifecycle(input.Bucket, JSON.stringify(rules));
      return {};
    },
    GetBucketLifecycleConfiguration: (input: { Bucket: string }) => ({ Rules: lifecycleRules(store.getBucketLifecycle(input.Bucket)) }),
    DeleteBucketLifecycle: (input: { Bucket: string }) => {
      store.deleteBucketLifecycle(input.Bucket);
      return {};
    },
  };
}
