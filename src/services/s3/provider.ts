/**
 * The implemented subset of S3's API (2006-03-01) over the bucket engine: one entry per operation,
 * each typed by the generated S3Api where the wire model allows (see api.ts). Operations not listed
 * answer NotImplemented (501) from the gateway's dispatch.
 */
import type { Operation } from '../service.js';
import { bucketPolicyOperations } from './ops/bucket-policy.js';
import { bucketOperations } from './ops/buckets.js';
import { copyObjectOperation } from './ops/copy-object.js';
import { deleteOperations } from './ops/delete-objects.js';
import { getObjectOperations } from './ops/get-object.js';
import { lifecycleOperations } from './ops/lifecycle.js';
import { listOperations } from './ops/list-objects.js';
import { multipartListOperations } from './ops/multipart-list.js';
import { multipartUploadOperations } from './ops/multipart-upload.js';
import { putObjectOperation } from './ops/put-object.js';
import { notificationOperations } from './ops/notification.js';
import type { S3Env } from './store.js';

export function s3Operations(env: S3Env): Record<string, Operation> {
  return {
    ...bucketOperations(env),
    ...bucketPolicyOperations(env),
    ...lifecycleOperations(env),
    ...notificationOperations(env),
    ...getObjectOperations(env),
    ...deleteOperations(env),
    ...listOperations(env),
    ...multipartUploadOperations(env),
    ...multipartListOperations(env),
    PutObject: putObjectOperation(env),
    CopyObject: copyObjectOperation(env),
  };
}
