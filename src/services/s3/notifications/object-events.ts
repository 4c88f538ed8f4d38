/** The bridge from S3's object operations to the bucket's event notifications, in the operation's transaction. */
import type { CallContext } from '../../service.js';
import type { S3Env } from '../store.js';

export interface ObjectChange {
  bucket: string;
  key: string;
  /** `ObjectCreated:Put`, `ObjectCreated:Copy`, `ObjectCreated:CompleteMultipartUpload`, `ObjectRemoved:Delete`... */
  eventName: string;
  size?: number;
  etag?: string;
}

/** Sends the change's event to the bucket's destinations that want it (nothing when none is configured). */
export async function notifyObjectChange(env: S3Env, call: CallContext, change: ObjectChange): Promise<void> {
  if (!env.notifier) return;
  const bucket = await env.store.getBucket(call.tx, change.bucket);
  if (!bucket) return;
  await env.notifier.emit(call.tx, {
    ...change,
    ownerAccountId: bucket.ownerAccountId,
    region: bucket.region,
    principalId: `AWS:${call.principal.principalId}`,
    sourceIp: call.sourceIp,
    requestId: call.requestId,
    time: call.now,
  });
}
