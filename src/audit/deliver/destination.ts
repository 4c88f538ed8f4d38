import { S3ObjectStore } from '../../storage/objects/s3/s3-object-store.js';
import { LocalObjectStore, type ObjectCreatedHook } from '../../storage/objects/local/local-object-store.js';
import type { BucketStore } from '../../storage/objects/local/bucket-store.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import { LocalBucketCheck, S3BucketCheck, type DeliveryBucketCheck } from './bucket-check.js';

/**
 * Where trails deliver. Proposed serve flags: `--delivery-endpoint URL --delivery-region R
 * --delivery-access-key ID --delivery-secret-key SECRET` (HSMTRAIL_DELIVERY_*); without an endpoint
 * the built-in bucket engine is the destination.
 */
export interface DeliveryDestinationConfig {
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function deliveryDestination(
  config: DeliveryDestinationConfig,
  buckets: BucketStore,
  onCreated?: ObjectCreatedHook,
): { store: ObjectStore; bucketCheck: DeliveryBucketCheck } {
  if (!config.endpoint) {
    // The built-in bucket: each stored log file and digest raises the bucket's S3 event notifications.
    const store = new LocalObjectStore(buckets, onCreated);
    return { store, bucketCheck: new LocalBucketCheck(store) };
  }
  const credentials =
    config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined;
  const store = new S3ObjectStore({ endpoint: config.endpoint, region: config.region ?? 'us-east-1', credentials, forcePathStyle: true });
  return { store, bucketCheck: new S3BucketCheck(store.client) };
}
