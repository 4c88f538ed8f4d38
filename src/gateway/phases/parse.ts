import type { RequestContext } from '../context.js';

/** Decodes the operation input from the wire with the service's model-driven codec. */
export function parse(ctx: RequestContext): void {
  const parsed = ctx.codec!.parse(ctx.req, { virtualHostBucket: ctx.virtualHostBucket });
  ctx.operation = parsed.operation;
  ctx.input = parsed.input;
}
