import type { CallContext } from '../../service.js';
import type { ResolvedOptions } from '../options.js';
import { NetworkError } from '../../ec2/network.js';
import { invalidRequest } from '../errors.js';

/** What every operation gets: the call and the service's options. */
export interface OpContext {
  call: CallContext;
  opts: ResolvedOptions;
  now: number;
}

/** EC2-side rule violations surface as CloudHSM invalid requests with EC2's explanation. */
export function network<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NetworkError) throw invalidRequest(err.message);
    throw err;
  }
}
