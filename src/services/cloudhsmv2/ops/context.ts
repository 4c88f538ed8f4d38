import type { CallContext } from '../../service.js';
import type { Tx } from '../../../storage/ports.js';
import { NetworkError } from '../../../storage/ports/network.js';
import type { ResolvedOptions } from '../options.js';
import { invalidRequest } from '../errors.js';

/** What every operation gets: the call and the service's options. */
export interface OpContext {
  call: CallContext;
  opts: ResolvedOptions;
  now: number;
}

/** The call's current transaction (the write transaction while an operation executes). */
export const txOf = (ctx: OpContext): Tx => ctx.call.tx;

/** EC2-side rule violations surface as CloudHSM invalid requests with EC2's explanation. */
export async function network<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NetworkError) throw invalidRequest(err.message);
    throw err;
  }
}

/** A time `ms` after the call. */
export const after = (ctx: OpContext, ms: number): Date => new Date(ctx.now + ms);
