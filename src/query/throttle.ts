import { lookupErrors } from './lookup-errors.js';

/**
 * Emulates LookupEvents' limit of 2 requests per second (per account and region) with a token
 * bucket, so clients' retry logic can be exercised. Off unless a caller constructs one.
 */
export class LookupThrottle {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond = 2,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = perSecond;
    this.last = clock();
  }

  /** Takes one request's token or throws ThrottlingException "Rate exceeded". */
  take(): void {
    const now = this.clock();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) throw lookupErrors.throttled();
    this.tokens -= 1;
  }
}
