import { storageUnavailable } from '../../errors/service-error.js';
import { eventNameOf, isReadOnly } from '../../audit/record/classify.js';
import { streamsBody } from './read-body.js';
import { callRecordOf } from '../call-record.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';

/**
 * Refuses the call before any work when the disk is short of space (src/storage/free-space.ts): writes
 * below --min-free-space, everything below the hard floor. Runs before `prepare`, so an upload is
 * refused before its first byte is staged, and its declared length counts against the bucket store.
 */
export function checkSpace(ctx: RequestContext, deps: GatewayDeps): void {
  const space = deps.freeSpace;
  if (!space) return;
  const level = space.level(uploadBytes(ctx));
  if (level === 'ok') return;
  const call = callRecordOf(ctx);
  if (level === 'low' && isReadOnly(call, eventNameOf(call))) return;
  throw storageUnavailable(ctx.protocol ?? 'json');
}

/** A streamed upload's size: aws-chunked bodies declare the decoded length, plain ones Content-Length. */
function uploadBytes(ctx: RequestContext): number {
  if (!streamsBody(ctx)) return 0;
  const h = ctx.req.headers;
  const n = Number(h['x-amz-decoded-content-length'] ?? h['content-length'] ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
