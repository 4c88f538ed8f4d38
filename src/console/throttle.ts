/**
 * Failed sign-in throttling, per user (account + user name) and per source IP. After `limit`
 * failures within `windowMs`, attempts for that key are refused until the window has passed since
 * the last failure. A success clears the user's counter, never the IP's. The counts live in the
 * store, so every server process sharing it throttles the same attempts.
 */
import type { Repositories } from '../storage/ports.js';

export interface ThrottleOptions {
  perUser: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { perUser: 5, perIp: 20, windowMs: 15 * 60_000 };

type Failures = Pick<Repositories, 'signInFailures'>;

export class SignInThrottle {
  constructor(private readonly opts: ThrottleOptions = DEFAULT_THROTTLE) {}

  async isThrottled(tx: Failures, userKey: string, ip: string, now: number): Promise<boolean> {
    return (await this.over(tx, `u:${userKey}`, this.opts.perUser, now)) || (await this.over(tx, `ip:${ip}`, this.opts.perIp, now));
  }

  /** Call inside a write transaction. */
  async fail(tx: Failures, userKey: string, ip: string, now: number): Promise<void> {
    // Bounded storage under a spray of names or addresses: expired counters go first.
    await tx.signInFailures.purge(now - this.opts.windowMs);
    await this.bump(tx, `u:${userKey}`, now);
    await this.bump(tx, `ip:${ip}`, now);
  }

  /** Call inside a write transaction. */
  async succeed(tx: Failures, userKey: string): Promise<void> {
    await tx.signInFailures.delete(`u:${userKey}`);
  }

  private async over(tx: Failures, key: string, limit: number, now: number): Promise<boolean> {
    const f = await tx.signInFailures.get(key);
    return f !== undefined && now - f.lastMs <= this.opts.windowMs && f.count >= limit;
  }

  private async bump(tx: Failures, key: string, now: number): Promise<void> {
    const f = await tx.signInFailures.get(key);
    const count = f && now - f.lastMs <= this.opts.windowMs ? f.count + 1 : 1;
    await tx.signInFailures.put(key, { count, lastMs: now });
  }
}
