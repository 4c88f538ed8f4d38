/** The IAM questions each S3 operation asks: S3's action names, bucket/object ARNs and the bucket policy. */
import type { S3Tx } from '../../storage/objects/local/bucket-store.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { parseCopySource } from './ops/copy-object.js';
import { bucketArn, objectArn } from './store.js';

/** Operations whose action is not `s3:<Operation>`, and the level (bucket or object) they act on. */
const OBJECT_ACTIONS: Record<string, string> = {
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  DeleteObject: 's3:DeleteObject',
};

const BUCKET_ACTIONS: Record<string, string> = {
  HeadBucket: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketPolicy: 's3:GetBucketPolicy',
  PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  // Lifecycle's IAM actions are not named after the operations, and deleting needs the put action
  // (S3 API Reference, DeleteBucketLifecycle: "s3:PutLifecycleConfiguration").
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  GetBucketNotificationConfiguration: 's3:GetBucketNotification',
};

/** The policy and owner of a bucket, read on the authorization snapshot. */
async function bucketFacts(tx: S3Tx, bucket: string): Promise<Pick<AuthorizationRequest, 'resourcePolicy' | 'resourceAccountId'>> {
  const record = await tx.buckets.find(bucket);
  if (!record) return {};
  return { resourcePolicy: await tx.buckets.policy(bucket), resourceAccountId: record.ownerAccountId };
}

function listContext(input: { Prefix?: string; Delimiter?: string; MaxKeys?: number }): AuthorizationRequest['context'] {
  return { 's3:prefix': input.Prefix ?? '', 's3:delimiter': input.Delimiter, 's3:max-keys': input.MaxKeys?.toString() };
}

export function authorizeS3() {
  return async (operation: string, input: any, call: CallContext): Promise<AuthorizationRequest[]> => {
    if (operation === 'ListBuckets') return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
    const bucket: string | undefined = input.Bucket;
    if (bucket === undefined) return [{ action: `s3:${operation}`, resource: '*' }];
    const facts = await bucketFacts(call.tx, bucket);
    const onObject = (action: string, key: string): AuthorizationRequest => ({ action, resource: objectArn(bucket, key), ...facts });
    if (OBJECT_ACTIONS[operation]) return [onObject(OBJECT_ACTIONS[operation]!, input.Key)];
    if (operation === 'DeleteObjects') {
      const keys: string[] = (input.Delete?.Objects ?? []).map((o: { Key: string }) => o.Key);
      return (keys.length ? keys : ['']).map((k) => onObject('s3:DeleteObject', k));
    }
    if (operation === 'CopyObject') return [onObject('s3:PutObject', input.Key), await copySourceRequest(call.tx, input.CopySource)];
    const action = BUCKET_ACTIONS[operation] ?? `s3:${operation}`;
    const context = operation.startsWith('ListObjects') ? listContext(input) : undefined;
    return [{ action, resource: bucketArn(bucket), ...(context ? { context } : {}), ...facts }];
  };
}

async function copySourceRequest(tx: S3Tx, copySource: string): Promise<AuthorizationRequest> {
  const src = parseCopySource(copySource);
  return { action: 's3:GetObject', resource: objectArn(src.bucket, src.key), ...(await bucketFacts(tx, src.bucket)) };
}
