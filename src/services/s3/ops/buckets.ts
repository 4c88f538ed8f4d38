/** Bucket-level operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation. */
import { ServiceError } from '../../../errors/service-error.js';
import { S3Errors } from '../errors.js';
import type { CallContext } from '../../service.js';
import type { BucketLocationConstraint } from '../../../protocol/generated/s3.js';
import type { S3Input, S3Operations } from '../api.js';
import { bucketArn, collectGarbage, owner, type S3Env } from '../store.js';

const US_EAST_1 = 'us-east-1';

/**
 * S3 checks a LocationConstraint against the endpoint's (here: the signing) region. us-east-1 takes
 * none, every other region wants its own name.
 */
function assertLocation(constraint: string | undefined, region: string): void {
  if (constraint === undefined || constraint === '') {
    if (region === US_EAST_1) return;
    throw new ServiceError(
      'IllegalLocationConstraintException',
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
      { status: 400 },
    );
  }
  if (constraint === US_EAST_1) {
    throw new ServiceError('InvalidLocationConstraint', 'The specified location-constraint is not valid', {
      status: 400,
      fields: { LocationConstraint: constraint },
    });
  }
  if (constraint !== region) {
    throw new ServiceError(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      { status: 400 },
    );
  }
}

export function bucketOperations(
  env: S3Env,
): S3Operations<'ListBuckets' | 'CreateBucket' | 'HeadBucket' | 'DeleteBucket' | 'GetBucketLocation'> {
  const { store } = env;
  return {
    ListBuckets: async (input: S3Input<'ListBuckets'>, call: CallContext) => ({
      Buckets: (await store.listBuckets(call.tx, call.accountId))
        .filter((b) => !input.Prefix || b.name.startsWith(input.Prefix))
        .map((b) => ({ Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region })),
      Owner: owner(call.accountId),
      Prefix: input.Prefix,
    }),

    CreateBucket: async (input: S3Input<'CreateBucket'>, call: CallContext) => {
      assertLocation(input.CreateBucketConfiguration?.LocationConstraint, call.region);
      const existing = await store.getBucket(call.tx, input.Bucket);
      // Legacy us-east-1 behaviour: re-creating a bucket you own there succeeds.
      if (existing && existing.ownerAccountId === call.accountId && existing.region === US_EAST_1 && call.region === US_EAST_1) {
        return { Location: `/${input.Bucket}`, BucketArn: bucketArn(input.Bucket) };
      }
      await store.createBucket(call.tx, input.Bucket, call.region, call.accountId);
      return { Location: `/${input.Bucket}`, BucketArn: bucketArn(input.Bucket) };
    },

    HeadBucket: async (input: S3Input<'HeadBucket'>, call: CallContext) => {
      const bucket = await store.getBucket(call.tx, input.Bucket);
      if (!bucket) throw new ServiceError('NotFound', 'Not Found', { status: 404 });
      return { BucketRegion: bucket.region, BucketArn: bucketArn(bucket.name) };
    },

    DeleteBucket: async (input: S3Input<'DeleteBucket'>, call: CallContext) => {
      collectGarbage(env, call, await store.deleteBucket(call.tx, input.Bucket));
      return {};
    },

    GetBucketLocation: async (input: S3Input<'GetBucketLocation'>, call: CallContext) => {
      const bucket = await store.getBucket(call.tx, input.Bucket);
      if (!bucket) throw S3Errors.NoSuchBucket(input.Bucket);
      // A bucket's region is one CreateBucket accepted, i.e. one of S3's location constraints.
      return { LocationConstraint: bucket.region === US_EAST_1 ? undefined : (bucket.region as BucketLocationConstraint) };
    },
  };
}
