/** A named lease and who holds it. `token` grows with every change of holder: the fencing token. */
export interface Lease {
  name: string;
  holder: string;
  token: number;
  expiresAt: Date;
}

/**
 * Leases elect one node to run the background workers. A node takes a lease that is free or expired,
 * renews its own before it expires, and stamps its writes with the token it holds; a write that finds
 * the lease held under another token is a deposed leader's and must roll back (fencing).
 */
export interface LeaseRepository {
  /** Takes `name` for `holder` (or renews it) until now + ttl. Resolves to the lease, or undefined when another holds it. */
  acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up at once, so another node can take it without waiting for it to expire. */
  release(name: string, holder: string): Promise<void>;
  /** The current lease, held or expired; undefined when it was never taken. */
  get(name: string): Promise<Lease | undefined>;
  /** True when `holder` still holds `name` under `token` at `now`: checked inside a fenced write. */
  holds(name: string, holder: string, token: number, now: Date): Promise<boolean>;
}
