import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store, Tx } from '../storage/ports.js';
import type { Lease } from '../storage/ports/leases.js';
import type { Worker } from './services.js';

export interface LeaderOptions {
  /** The lease's name: one leader per name. */
  name?: string;
  /** This node's identity in the lease (default host:pid:random). */
  holder?: string;
  /**
   * Whether a lease holder is an earlier process of this very node that is gone (killed, crashed): its
   * lease is taken over at once instead of after its ttl, so a restarted leader resumes without a gap.
   */
  isDeadIncarnation?: (holder: string) => boolean;
  /** How long a lease lasts unless renewed: the failover time after a leader dies. */
  ttlMs?: number;
  /** How often the lease is renewed (or tried for, by a follower). */
  renewEveryMs?: number;
  clock?: () => Date;
  logger: Logger;
}

export interface LeaderStatus {
  leader: boolean;
  holder: string;
  token?: number;
  expiresAt?: string;
}

/** Thrown by `fence` when this node no longer holds the lease its workers started under. */
export class DeposedLeaderError extends Error {
  readonly code = 'DeposedLeader';
  constructor(name: string) {
    super(`this node no longer holds the '${name}' lease; its background work stops`);
  }
}

/**
 * Runs the background workers (delivery, digests, lifecycle transitions, retention) on one node only:
 * the holder of a lease in the store. Every node tries to take or renew the lease every `renewEveryMs`;
 * the holder starts the workers, a node that loses the lease stops them. Work a deposed leader still
 * has in flight is refused at commit by `fence`, which checks the lease inside the write.
 */
/** A store whose every write commits only while `fence` lets it: what leader-gated workers write through. */
export function fencedStore(store: Store, fence: (tx: Tx) => Promise<void>): Store {
  return {
    write: (fn) =>
      store.write(async (tx) => {
        await fence(tx);
        return fn(tx);
      }),
    read: (fn) => store.read(fn),
    // Fenced too, so through a write: a deposed leader's events must not commit either.
    appendEvents: (events) =>
      store.write(async (tx) => {
        await fence(tx);
        for (const e of events) await tx.events.append(e);
      }),
    close: () => store.close(),
  };
}

export class WorkerLeader implements Worker {
  readonly name: string;
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly clock: () => Date;
  private lease?: Lease;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private started = false;

  constructor(
    private readonly store: Store,
    /** What runs only while this node leads. */
    readonly workers: readonly Worker[],
    private readonly opts: LeaderOptions,
  ) {
    this.name = opts.name ?? 'workers';
    this.holder = opts.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.renewEveryMs = opts.renewEveryMs ?? Math.max(1, Math.floor(this.ttlMs / 3));
    this.clock = opts.clock ?? (() => new Date());
  }

  /** Tries for the lease now and keeps trying; resolves after the first try. */
  start(): Promise<void> {
    this.stopped = false;
    this.started = true;
    this.timer = setInterval(() => void this.tick(), this.renewEveryMs);
    this.timer.unref();
    return this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    if (!this.lease) return;
    // Workers stop while the lease is still held, so the work they finish on the way out commits.
    await this.stopWorkers();
    this.lease = undefined;
    await this.store.write((tx) => tx.leases.release(this.name, this.holder)).catch(() => undefined);
  }

  status(): LeaderStatus {
    const lease = this.lease;
    return { leader: Boolean(lease), holder: this.holder, token: lease?.token, expiresAt: lease?.expiresAt.toISOString() };
  }

  /**
   * Inside a worker's write: refuses the commit unless this node still holds the lease (fencing). A
   * node that never started takes no part in the election (tests and tools that drive workers by
   * hand), so nothing is fenced there.
   */
  async fence(tx: Tx): Promise<void> {
    if (!this.started) return;
    const lease = this.lease;
    if (!lease || !(await tx.leases.holds(this.name, this.holder, lease.token, this.clock()))) throw new DeposedLeaderError(this.name);
  }

  /** One round now: take, renew or lose the lease (the timer calls this; tests call it to step time). */
  tick(): Promise<void> {
    this.ticking ??= this.renew().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let lease: Lease | undefined;
    try {
      lease = await this.store.write(async (tx) => {
        const current = this.lease ? undefined : await tx.leases.get(this.name);
        if (current && current.holder !== this.holder && this.opts.isDeadIncarnation?.(current.holder)) {
          await tx.leases.release(this.name, current.holder);
        }
        return tx.leases.acquire(this.name, this.holder, this.clock(), this.ttlMs);
      });
    } catch (err) {
      // The store is unreachable: keep leading only while the lease we hold has not expired.
      this.opts.logger.warn({ err }, 'could not renew the worker lease');
      lease = this.lease && this.lease.expiresAt.getTime() > this.clock().getTime() ? this.lease : undefined;
    }
    if (this.stopped) return;
    const was = this.lease;
    this.lease = lease;
    if (lease && !was) {
      this.opts.logger.info({ holder: this.holder, token: lease.token }, 'took the worker lease: starting background workers');
      for (const w of this.workers) await w.start();
    } else if (!lease && was) {
      this.opts.logger.warn({ holder: this.holder }, 'lost the worker lease: stopping background workers');
      await this.stopWorkers();
    }
  }

  private async stopWorkers(): Promise<void> {
    for (const w of [...this.workers].reverse()) await w.stop();
  }
}
