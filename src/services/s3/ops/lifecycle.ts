/** PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration, DeleteBucketLifecycle. */
import { S3Errors } from '../errors.js';
import type { CallContext } from '../../service.js';
import type { LifecycleRule as GeneratedRule } from '../../../protocol/generated/s3.js';
import type { S3Input, S3Operations } from '../api.js';
import { assertLifecycleRules, type LifecycleRule } from '../lifecycle-rules.js';
import type { S3Env } from '../store.js';

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

export function lifecycleOperations({
  store,
}: S3Env): S3Operations<'PutBucketLifecycleConfiguration' | 'GetBucketLifecycleConfiguration' | 'DeleteBucketLifecycle'> {
  return {
    PutBucketLifecycleConfiguration: async (input: PutInput, call: CallContext) => {
      if (!(await store.getBucket(call.tx, input.Bucket))) throw S3Errors.NoSuchBucket(input.Bucket);
      const rules = assertLifecycleRules(input.LifecycleConfiguration?.Rules);
      await store.putBucketLifecycle(call.tx, input.Bucket, JSON.stringify(rules));
      return {};
    },
    GetBucketLifecycleConfiguration: async (input: S3Input<'GetBucketLifecycleConfiguration'>, call: CallContext) => ({
      // Validated when put (assertLifecycleRules), so the stored rules are the model's.
      Rules: lifecycleRules(await store.getBucketLifecycle(call.tx, input.Bucket)) as GeneratedRule[],
    }),
    DeleteBucketLifecycle: async (input: S3Input<'DeleteBucketLifecycle'>, call: CallContext) => {
      await store.deleteBucketLifecycle(call.tx, input.Bucket);
      return {};
    },
  };
}
