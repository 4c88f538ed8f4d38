import { ServiceError } from '../../errors/service-error.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';
import { REQUEST_TIMEOUT, requestTimeoutFor } from '../body-guard.js';

const OBJECT_UPLOAD_QUERY_KEYS = new Set(['partnumber', 'uploadid', 'x-id']);

/** S3 PutObject and UploadPart bodies stream to their handler; everything else is buffered. */
export function streamsBody(ctx: RequestContext): boolean {
  const { req } = ctx;
  if (ctx.service?.id !== 's3' || req.method !== 'PUT' || req.headers['x-amz-copy-source']) return false;
  const path = ctx.virtualHostBucket ? req.path : req.path.replace(/^\/[^/]*/, '');
  if (path === '' || path === '/') return false; // bucket-level PUTs (CreateBucket, PutBucketPolicy)
  for (const pair of req.query.split('&')) {
    const key = decodeURIComponent(pair.split('=')[0] ?? '').toLowerCase();
    if (key && !key.startsWith('x-amz-') && !OBJECT_UPLOAD_QUERY_KEYS.has(key)) return false;
  }
  return true;
}

/** Buffers the body up to the configured limit, unless this request's payload streams. */
export async function readBody(ctx: RequestContext, deps: GatewayDeps): Promise<void> {
  const stream = ctx.req.stream;
  if (!stream || streamsBody(ctx)) return;
  const declared = Number(ctx.req.headers['content-length'] ?? 0);
  if (declared > deps.limits.maxBodyBytes) {
    stream.resume();
    throw tooLarge(ctx, deps);
  }
  try {
    ctx.req.body = await buffered(stream as AsyncIterable<Buffer> & { resume(): void }, ctx, deps);
  } catch (e) {
    throw e instanceof ServiceError && e.code === REQUEST_TIMEOUT ? requestTimeoutFor(ctx.protocol) : e;
  }
  ctx.req.stream = undefined;
}

async function buffered(stream: AsyncIterable<Buffer> & { resume(): void }, ctx: RequestContext, deps: GatewayDeps): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > deps.limits.maxBodyBytes) {
      stream.resume();
      throw tooLarge(ctx, deps);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(ctx: RequestContext, deps: GatewayDeps): ServiceError {
  const limit = deps.limits.maxBodyBytes;
  if (ctx.protocol === 'rest-xml') {
    return new ServiceError('MaxMessageLengthExceeded', 'Your request was too big.', { status: 400 });
  }
  return new ServiceError('RequestEntityTooLarge', `Request body exceeds the maximum of ${limit} bytes.`, { status: 413 });
}
