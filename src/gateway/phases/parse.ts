import { createPayloadDecoder } from '../../auth/streaming.js';
import type { RequestContext } from '../context.js';

/** Decodes the operation input from the wire with the service's model-driven codec. */
export function parse(ctx: RequestContext): void {
  if (ctx.req.stream && ctx.auth) ctx.req.stream = decodedPayload(ctx);
  const parsed = ctx.codec!.parse(ctx.req, { virtualHostBucket: ctx.virtualHostBucket });
  ctx.operation = parsed.operation;
  ctx.input = parsed.input;
}

/** A streamed upload reaches its handler decoded (aws-chunked) and verified (chunk signatures, checksums). */
function decodedPayload(ctx: RequestContext) {
  const source = ctx.req.stream!;
  const decoder = createPayloadDecoder(ctx.req, ctx.auth!);
  source.on('error', (err) => decoder.destroy(err));
  return source.pipe(decoder);
}
