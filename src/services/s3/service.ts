/** hsmtrail's built-in S3: the bucket engine (storage/objects/local) behind S3's REST API. */
import { BucketStore } from '../../storage/objects/local/bucket-store.js';
import { dataDirLayout } from '../../storage/data-dir.js';
import type { Store } from '../../storage/ports.js';
import type { ServiceDefinition } from '../service.js';
import { s3Audit } from './audit.js';
import { authorizeS3 } from './authorize.js';
import { s3WireModel } from './model.js';
import { s3Operations } from './provider.js';
import type { S3Env } from './store.js';
import type { S3Notifier } from './notifications/notifier.js';

export interface S3ServiceDeps {
  config: { dataDir: string };
  /** The server's store: object rows commit in the same transaction as the call's audit event. */
  store: Store;
  /** Share one engine with trail delivery; built (and crash-recovered) here when omitted. */
  buckets?: BucketStore;
  /** Event notifications (SQS and SNS service ports). */
  notifier?: S3Notifier;
  /** Start-up recovery runs in the background; its failure is reported here. */
  onRecoveryError?: (err: unknown) => void;
}

/**
 * The bucket engine on the server's own store, so that an object's row commits in the same
 * transaction as the call's audit event. Bytes live under <dataDir>/buckets. Recovery (removing
 * uploads that never committed) starts here, at start-up, before any request is served: it lists
 * the blob files at once and reads the rows that keep them after (see BucketStore.recover).
 */
export function openBucketStore(deps: {
  config: { dataDir: string };
  store: Store;
  onRecoveryError?: (err: unknown) => void;
}): BucketStore {
  const buckets = new BucketStore(deps.store, dataDirLayout(deps.config.dataDir).buckets);
  buckets.recover().catch((err: unknown) => deps.onRecoveryError?.(err));
  return buckets;
}

/** The S3 service definition: the operations (provider.ts), IAM questions, audit and wire model. */
export function s3Service(deps: S3ServiceDeps): ServiceDefinition & { store: BucketStore } {
  const store = deps.buckets ?? openBucketStore(deps);
  const env: S3Env = { store, notifier: deps.notifier };
  return {
    id: 's3',
    protocol: 'rest-xml',
    eventSource: 's3.amazonaws.com',
    actionPrefix: 's3',
    model: s3WireModel,
    operations: s3Operations(env),
    authorize: authorizeS3(),
    audit: s3Audit,
    store,
  };
}
