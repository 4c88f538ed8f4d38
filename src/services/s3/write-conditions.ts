/** Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match: * and If-Match: <etag>. */
import { S3Errors } from './errors.js';
import { preconditionFailed } from './conditionals.js';
import type { S3Tx } from '../../storage/objects/local/s3-tx.js';
import type { S3Env } from './store.js';

export interface WriteConditions {
  Bucket: string;
  Key: string;
  IfNoneMatch?: string;
  IfMatch?: string;
}

/**
 * For writes S3 supports If-None-Match only as `*` ("Expects the '*' (asterisk) character": S3 API
 * Reference, PutObject and CompleteMultipartUpload; S3 User Guide, "How to prevent object overwrites
 * with conditional writes"). Any other value is 501 NotImplemented, as S3 answers. Checked before a
 * byte of the body is read.
 */
export function assertSupportedWriteConditions(input: WriteConditions): void {
  if (input.IfNoneMatch !== undefined && input.IfNoneMatch.trim() !== '*') throw S3Errors.NotImplementedHeader('If-None-Match');
}

/** Inside the write's transaction: If-None-Match: * refuses to overwrite; If-Match needs the current ETag. */
export async function assertWriteConditions({ store }: S3Env, tx: S3Tx, input: WriteConditions): Promise<void> {
  if (input.IfNoneMatch === undefined && input.IfMatch === undefined) return;
  const current = (await store.getBucket(tx, input.Bucket)) && (await findEtag(store, tx, input.Bucket, input.Key));
  if (input.IfNoneMatch !== undefined && current !== undefined) throw preconditionFailed('If-None-Match');
  if (input.IfMatch !== undefined) {
    if (current === undefined) throw S3Errors.NoSuchKey(input.Key);
    if (current.replace(/"/g, '') !== input.IfMatch.replace(/"/g, '')) throw preconditionFailed('If-Match');
  }
}

async function findEtag(store: S3Env['store'], tx: S3Tx, bucket: string, key: string): Promise<string | undefined> {
  try {
    return (await store.headObject(tx, bucket, key)).etag;
  } catch (e) {
    if ((e as { code?: string }).code === 'NoSuchKey') return undefined;
    throw e;
  }
}
