import { ServiceError } from '../../../errors/service-error.js';
import { S3Errors } from '../s3-errors.js';

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

const isSdkError = (e: unknown): e is SdkError =>
  typeof e === 'object' && e !== null && '$metadata' in e && typeof (e as SdkError).name === 'string';

/**
 * Maps an @aws-sdk/client-s3 failure to the ServiceError the local engine would throw for the same
 * condition, so callers of the ObjectStore port branch on one set of codes. A HEAD 404 carries no
 * body, so the SDK names it NotFound; the caller resolves that to NoSuchBucket or NoSuchKey.
 */
export function toServiceError(e: unknown, ctx: { bucket?: string; key?: string } = {}): unknown {
  if (e instanceof ServiceError) return e;
  if (!isSdkError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return new ServiceError('ServiceUnavailable', `The S3 endpoint could not be reached: ${message}`, { status: 503 });
  }
  const status = e.$metadata?.httpStatusCode ?? 500;
  if (e.name === 'NoSuchBucket' && ctx.bucket !== undefined) return S3Errors.NoSuchBucket(ctx.bucket);
  if (e.name === 'NoSuchKey' && ctx.key !== undefined) return S3Errors.NoSuchKey(ctx.key);
  return new ServiceError(e.name, e.message || e.name, { status });
}

export const isNotFound = (e: unknown) => isSdkError(e) && (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);
