import type { Logger } from 'pino';
import type { Store } from '../../storage/ports.js';
import type { EventRepository, TrailHold } from '../../storage/ports/events.js';
import { WorkerLoop } from '../deliver/worker-loop.js';

export interface PurgeOptions {
  retentionMs: number;
  intervalMs: number;
  /** Events deleted per transaction: short write transactions that requests queue between. */
  batchSize: number;
  /** Free pages handed back per transaction. */
  vacuumPages: number;
}

export interface PurgerDeps {
  store: Store;
  logger: Logger;
  options: Omit<PurgeOptions, 'vacuumPages'> & Partial<Pick<PurgeOptions, 'vacuumPages'>>;
  clock?: () => Date;
}

/** Why events past retention are still stored. */
export interface PurgeWait {
  trailArn: string;
  reason: 'delivery failing' | 'delivery pending' | 'digest pending';
  /** The trail has delivered every event up to this sequence number. */
  deliveredSeq: number;
}

export interface PurgeStatus {
  retentionSeconds: number;
  lastRunAt?: string;
  purgedTotal: number;
  lastPurged: number;
  /** Events past retention kept because a trail has not delivered them (or their digest) yet. */
  heldEvents: number;
  waitingFor: PurgeWait[];
  /** Events in the store as of the last run, and the oldest one's time. */
  storedEvents?: number;
  oldestEventAt?: string;
}

export interface PurgeRun {
  purged: number;
  held: number;
  waitingFor: PurgeWait[];
}

/**
 * Deletes events older than the retention period, in bounded batches, never ahead of a trail: an
 * event stays until every trail that may still deliver it has done so and the digest covering it is
 * written. AWS's event history keeps 90 days regardless of trails ("Working with CloudTrail event
 * history"); here the same store also feeds trail delivery, so the purge waits for it. Freed pages go
 * back to the filesystem by incremental vacuum.
 */
export class EventPurger {
  private readonly loop: WorkerLoop;
  private readonly options: PurgeOptions;
  private readonly state: PurgeStatus;
  private stopped = false;

  constructor(private readonly deps: PurgerDeps) {
    this.options = { vacuumPages: 500, ...deps.options };
    this.state = { retentionSeconds: this.options.retentionMs / 1000, purgedTotal: 0, lastPurged: 0, heldEvents: 0, waitingFor: [] };
    this.loop = new WorkerLoop(
      this.options.intervalMs,
      () => this.runOnce(),
      (err) => deps.logger.error({ err }, 'event purge failed; will retry'),
    );
  }

  start(): void {
    this.stopped = false;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }

  status(): PurgeStatus {
    return { ...this.state, waitingFor: [...this.state.waitingFor] };
  }

  /** One pass: purge what is safe, reclaim the space, and note what waits. */
  async runOnce(): Promise<PurgeRun> {
    const { store } = this.deps;
    const now = (this.deps.clock ?? (() => new Date()))();
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    const holds = await store.write((tx) => tx.events.deliveryHolds());
    const safeSeq = Math.min(...holds.filter((h) => h.holds).map((h) => h.deliveredSeq));
    const before = new Date(Math.min(cutoff.getTime(), ...holds.map((h) => h.undigestedSinceMs ?? Infinity)));
    let purged = 0;
    for (let n = -1; n !== 0 && !this.stopped;) {
      // One bounded batch per transaction: requests queue between them.
      n = await store.write((tx) => tx.events.purgeBatch(before, safeSeq, this.options.batchSize));
      purged += n;
    }
    if (purged > 0) await this.reclaim();
    const held = await store.write((tx) => tx.events.countOlder(cutoff));
    const waitingFor = held > 0 ? await store.write((tx) => waits(tx.events, holds, cutoff)) : [];
    const stats = await store.read((tx) => tx.events.stats());
    this.state.storedEvents = stats.count;
    if (stats.oldest) this.state.oldestEventAt = stats.oldest.toISOString();
    else delete this.state.oldestEventAt;
    this.note(now, purged, held, waitingFor);
    return { purged, held, waitingFor };
  }

  /** Hands free pages back in bounded steps, so no single transaction holds the writer for long. */
  private async reclaim(): Promise<void> {
    const { store } = this.deps;
    for (let free = await store.write((tx) => tx.events.reclaimable()); free > 0 && !this.stopped;) {
      const after = await store.write((tx) => tx.events.reclaim(this.options.vacuumPages));
      if (after >= free) break;
      free = after;
    }
  }

  private note(now: Date, purged: number, held: number, waitingFor: PurgeWait[]): void {
    const { logger } = this.deps;
    const wasWaiting = this.state.waitingFor.map((w) => `${w.trailArn} ${w.reason}`).join();
    const isWaiting = waitingFor.map((w) => `${w.trailArn} ${w.reason}`).join();
    Object.assign(this.state, {
      lastRunAt: now.toISOString(),
      purgedTotal: this.state.purgedTotal + purged,
      lastPurged: purged,
      heldEvents: held,
      waitingFor,
    });
    if (purged > 0) logger.info({ purged, held }, 'purged events past retention');
    if (isWaiting !== wasWaiting && waitingFor.length > 0)
      logger.warn({ held, waitingFor }, 'event purge waiting: trails have not delivered events past retention yet');
    else if (isWaiting !== wasWaiting) logger.info('event purge caught up: no trail holds events past retention');
  }
}

/** The trails that keep events past `cutoff` stored, and why. */
async function waits(events: EventRepository, holds: TrailHold[], cutoff: Date): Promise<PurgeWait[]> {
  const out: PurgeWait[] = [];
  for (const h of holds) {
    if (h.holds && (await events.hasOlderAbove(cutoff, h.deliveredSeq))) {
      out.push({ trailArn: h.trailArn, reason: h.failing ? 'delivery failing' : 'delivery pending', deliveredSeq: h.deliveredSeq });
    } else if (h.undigestedSinceMs !== undefined && h.undigestedSinceMs < cutoff.getTime()) {
      out.push({ trailArn: h.trailArn, reason: 'digest pending', deliveredSeq: h.deliveredSeq });
    }
  }
  return out;
}
