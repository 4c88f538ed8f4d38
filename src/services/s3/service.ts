/** hsmtrail's built-in S3: the bucket engine (storage/objects/local) behind S3's REST API. */
import { BucketStore } from '../../storage/objects/local/bucket-store.js';
import { dataDirLayout } from '../../storage/data-dir.js';
import type { Db } from '../../storage/sqlite/database.js';
import type { ServiceDefinition } from '../service.js';
import { s3Audit } from './audit.js';
import { authorizeS3 } from './authorize.js';
import { bucketPolicyOperations } from './bucket-policy.js';
import { bucketOperations } from './buckets.js';
import { copyObjectOperation } from './copy-object.js';
import { deleteOperations } from './delete-objects.js';
import { getObjectOperations } from './get-object.js';
import { lifecycleOperations } from './lifecycle.js';
import { listOperations } from './list-objects.js';
import { s3WireModel } from './model.js';
import { multipartListOperations } from './multipart-list.js';
import { multipartUploadOperations } from './multipart-upload.js';
import { putObjectOperation } from './put-object.js';
import type { S3Env } from './store.js';

export interface S3ServiceDeps {
  config: { dataDir: string };
  db: Db;
  /** Share one engine with trail delivery; built (and crash-recovered) here when omitted. */
  store?: BucketStore;
}

/**
 * The bucket engine on the server's own database, so that an object's row commits in the same
 * transaction as the call's audit event. Bytes live under <dataDir>/buckets. Recovery (removing
 * uploads that never committed) runs here, at start-up, before any request is served.
 */
export function openBucketStore(deps: { config: { dataDir: string }; db: Db }): BucketStore {
  const store = new BucketStore(deps.db, dataDirLayout(deps.config.dataDir).buckets);
  store.recover();
  return store;
}

/** Operations not listed answer NotImplemented (501) from the gateway's dispatch. */
export function s3Service(deps: S3ServiceDeps): ServiceDefinition & { store: BucketStore } {
  const store = deps.store ?? openBucketStore(deps);
  const env: S3Env = { store };
  return {
    id: 's3',
    protocol: 'rest-xml',
    eventSource: 's3.amazonaws.com',
    actionPrefix: 's3',
    model: s3WireModel,
    operations: {
      ...bucketOperations(env),
      ...bucketPolicyOperations(env),
      ...lifecycleOperations(env),
      ...getObjectOperations(env),
      ...deleteOperations(env),
      ...listOperations(env),
      ...multipartUploadOperations(env),
      ...multipartListOperations(env),
      PutObject: putObjectOperation(env),
      CopyObject: copyObjectOperation(env),
    },
    authorize: authorizeS3(store),
    audit: s3Audit,
    store,
  };
}
