import { createPayloadDecoder } from '../../auth/streaming.js';
import type { RequestContext } from '../context.js';

/** Decodes the operation input from the wire with the service's model-driven codec. */
export function parse(ctx: RequestContext): void {
  if (ctx.req.stream && ctx.auth) ctx.req.stream = decodedPayload(ctx);
  const parsed = ctx.codec!.parse(ctx.req, { virtualHostBucket: ctx.virtualHostBucket });
  ctx.operation = parsed.operation;
  ctx.input = parsed.input;
  // An unsigned call has no credential scope: its region is the one its input names (an ARN's).
  if (ctx.principal?.type === 'Anonymous') ctx.region = ctx.service!.anonymous?.regionOf(ctx.input) ?? ctx.region;
}

/** A streamed upload reaches its handler decoded (aws-chunked) and verified (chunk signatures, checksums). */
function decodedPayload(ctx: RequestContext) {
  const source = ctx.req.stream!;
  const decoder = createPayloadDecoder(ctx.req, ctx.auth!);
  source.on('error', (err) => decoder.destroy(err));
  return source.pipe(decoder);
}
