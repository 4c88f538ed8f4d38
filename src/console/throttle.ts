/**
 * Failed sign-in throttling, per user (account + user name) and per source IP. After `limit`
 * failures within `windowMs`, attempts for that key are refused until the window has passed since
 * the last failure. A success clears the user's counter, never the IP's.
 */
export interface ThrottleOptions {
  perUser: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { perUser: 5, perIp: 20, windowMs: 15 * 60_000 };
const MAX_KEYS = 100_000;

export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(private readonly opts: ThrottleOptions = DEFAULT_THROTTLE) {}

  isThrottled(userKey: string, ip: string, now: number): boolean {
    return this.over(`u:${userKey}`, this.opts.perUser, now) || this.over(`ip:${ip}`, this.opts.perIp, now);
  }

  fail(userKey: string, ip: string, now: number): void {
    this.bump(`u:${userKey}`, now);
    this.bump(`ip:${ip}`, now);
  }

  succeed(userKey: string): void {
    this.failures.delete(`u:${userKey}`);
  }

  private over(key: string, limit: number, now: number): boolean {
    const f = this.failures.get(key);
    if (!f) return false;
    if (now - f.last > this.opts.windowMs) {
      this.failures.delete(key);
      return false;
    }
    return f.count >= limit;
  }

  private bump(key: string, now: number): void {
    const f = this.failures.get(key);
    if (f && now - f.last <= this.opts.windowMs) {
      f.count += 1;
      f.last = now;
      return;
    }
    // Bounded memory under a spray of names or addresses: forget the oldest entries.
    if (this.failures.size >= MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, { count: 1, last: now });
  }
}
