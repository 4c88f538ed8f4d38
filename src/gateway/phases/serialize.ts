import { internalFailure, isServiceError, ServiceError, storageUnavailable } from '../../errors/service-error.js';
import { isOutOfSpace } from '../../storage/free-space.js';
import type { RequestContext } from '../context.js';

/** Renders the operation's output in the service's protocol. */
export function serialize(ctx: RequestContext): void {
  ctx.response = ctx.codec!.serialize(ctx.operation!, ctx.output ?? {}, { requestId: ctx.requestId });
}

/**
 * The one place any thrown value becomes an AWS-shaped error: modelled errors pass, a full disk
 * (SQLITE_FULL, ENOSPC: the transaction rolled back) is the retryable 503, the rest is a 500.
 */
export function toServiceError(err: unknown, protocol: string | undefined): ServiceError {
  if (isServiceError(err)) return err;
  return isOutOfSpace(err) ? storageUnavailable(protocol ?? 'json') : internalFailure(protocol ?? 'json');
}

/** Renders ctx.error in the protocol's error envelope. */
export function serializeError(ctx: RequestContext): void {
  const err = ctx.error!;
  if (ctx.codec) {
    ctx.response = ctx.codec.serializeError(err, { requestId: ctx.requestId, operation: ctx.operation });
    return;
  }
  ctx.response = {
    status: err.status,
    headers: { 'content-type': 'text/plain', 'x-amzn-RequestId': ctx.requestId },
    body: Buffer.from(`${err.code}: ${err.message}\n`),
  };
}
