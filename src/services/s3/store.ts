/** What every S3 operation shares: the bucket engine and after-commit cleanup of replaced blobs. */
import { createHash } from 'node:crypto';
import type { BucketStore } from '../../storage/objects/local/bucket-store.js';
import type { CallContext } from '../service.js';
import type { S3Notifier } from './notifications/notifier.js';

export interface S3Env {
  store: BucketStore;
  /** Event notifications to SQS queues and SNS topics; without it a bucket takes no notification configuration. */
  notifier?: S3Notifier;
}

/** Blobs a commit step made unreferenced are unlinked only once the call's transaction has committed. */
export function collectGarbage(env: S3Env, call: CallContext, result: { garbage: string[] }): void {
  if (result.garbage.length > 0) call.tx.afterCommit(() => env.store.removeBlobs(result.garbage));
}

/**
 * S3 names owners by a 64-hex canonical user id, not an account id; ours is derived from the
 * account id so that it is stable and the same in every listing.
 */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`hsmtrail-canonical-user:${accountId}`).digest('hex');
}

export const owner = (accountId: string) => ({ ID: canonicalUserId(accountId), DisplayName: accountId });

/** S3 ARNs carry neither region nor account. */
export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
