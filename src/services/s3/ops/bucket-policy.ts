/** PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy; documents are validated as resource policies. */
import { parsePolicy, PolicyValidationError } from '../../../identity/policy/index.js';
import { S3Errors } from '../errors.js';
import type { CallContext } from '../../service.js';
import type { S3Input, S3Operations } from '../api.js';
import type { S3Env } from '../store.js';

const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";

/** S3's MalformedPolicy wording: the JSON check first, then the policy grammar's own message. */
export function assertBucketPolicy(doc: string): void {
  if (!doc.trimStart().startsWith('{')) throw S3Errors.MalformedPolicy(NOT_JSON);
  try {
    JSON.parse(doc);
  } catch {
    throw S3Errors.MalformedPolicy(NOT_JSON);
  }
  try {
    parsePolicy(doc, 'resource');
  } catch (e) {
    if (e instanceof PolicyValidationError) throw S3Errors.MalformedPolicy(e.message);
    throw e;
  }
}

export function bucketPolicyOperations({ store }: S3Env): S3Operations<'PutBucketPolicy' | 'GetBucketPolicy' | 'DeleteBucketPolicy'> {
  return {
    PutBucketPolicy: async (input: S3Input<'PutBucketPolicy'>, call: CallContext) => {
      if (!(await store.getBucket(call.tx, input.Bucket))) throw S3Errors.NoSuchBucket(input.Bucket); // before MalformedPolicy, as S3
      assertBucketPolicy(input.Policy);
      await store.putBucketPolicy(call.tx, input.Bucket, input.Policy);
      return {};
    },
    GetBucketPolicy: async (input: S3Input<'GetBucketPolicy'>, call: CallContext) => ({
      Policy: await store.getBucketPolicy(call.tx, input.Bucket),
    }),
    DeleteBucketPolicy: async (input: S3Input<'DeleteBucketPolicy'>, call: CallContext) => {
      await store.deleteBucketPolicy(call.tx, input.Bucket);
      return {};
    },
  };
}
