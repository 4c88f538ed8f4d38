import type { ThrottleRepository } from '../storage/ports/throttles.js';
import { lookupErrors } from './lookup-errors.js';

/**
 * Emulates LookupEvents' limit of 2 requests per second per account and region (CloudTrail API
 * Reference, "LookupEvents": "The rate of lookup requests is limited to two per second, per account,
 * per Region") with a token bucket in the store, so every node serving one store shares the budget
 * and clients' retry logic can be exercised. Off unless a caller constructs one.
 */
export class LookupThrottle {
  constructor(
    private readonly perSecond = 2,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one request's token (in the caller's write transaction) or throws ThrottlingException "Rate exceeded". */
  async take(throttles: ThrottleRepository, accountId: string, region: string): Promise<void> {
    const allowed = await throttles.take(`LookupEvents/${accountId}/${region}`, new Date(this.clock()), this.perSecond, this.perSecond);
    if (!allowed) throw lookupErrors.throttled();
  }
}
