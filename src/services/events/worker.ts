/**
 * AWS API calls on the default bus (EventBridge User Guide, "AWS service events delivered via AWS CloudTrail"):
 * each region's consumer cursor (`eventbridge:default@<region>`, started by the region's first PutRule) reads the
 * event sequence, and per batch ONE write transaction matches the events against the enabled rules, writes the
 * deliveries and advances the cursor, so each event reaches each target exactly once across restarts and crashes.
 * Only events a trail logged reach the bus ("a CloudTrail trail with logging enabled is required"): the trail was
 * logging when the event was recorded and its region scope and event selectors take it, so data events a trail
 * selects are delivered too (CloudTrail User Guide, "Logging data events": the events your trails log are available
 * in EventBridge). Read-only management events go only to rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * ("Receiving read-only management events from AWS services"), everything else to every enabled rule. A target's
 * failure never stalls the cursor: it is owed as a retry, dead-lettered or dropped in the same transaction
 * (delivery.ts).
 */
import type { StoredEvent } from '../../audit/events/ports.js';
import { trailLogged } from '../../audit/deliver/selection.js';
import type { LoggingInterval, TrailRecord } from '../../audit/trails/trail.js';
import type { Store, Tx } from '../../storage/ports.js';
import type { EventRule } from '../../storage/ports/eventbridge.js';
import type { SnsSigningKey } from '../../storage/ports/sns.js';
import { DEFAULT_BUS } from './arns.js';
import { CURSOR_PREFIX } from './cursor.js';
import { deliver, matchingRules, writeWithSigningKey, type DeliveryDeps } from './delivery.js';
import { cloudTrailEvent } from './envelope.js';

export interface CloudTrailBusOptions {
  store: Store;
  deliveries: DeliveryDeps;
  accountId: string;
  onError?: (err: unknown) => void;
  /** How often the cursors are polled (a committed call's event is on the bus within about this). */
  intervalMs?: number;
  /** Events per transaction. */
  batchSize?: number;
}

export interface BusRun {
  /** Events read past the cursors. */
  read: number;
  /** Deliveries written. */
  delivered: number;
}

/** A trail with its logging intervals: whether it logged an event. */
export interface LoggingTrail {
  trail: TrailRecord;
  intervals: LoggingInterval[];
}

/** Which rules receive a stored event: none unless a trail logged it; read-only management events the opt-in state only. */
export function rulesFor(e: StoredEvent, rules: EventRule[], trails: LoggingTrail[]): EventRule[] {
  if (rules.length === 0 || !trails.some((t) => trailLogged(t.trail, t.intervals, e))) return [];
  const optIn = e.eventCategory === 'Management' && e.readOnly;
  return optIn ? rules.filter((r) => r.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') : rules;
}

async function loggingTrails(tx: Tx, accountId: string): Promise<LoggingTrail[]> {
  const trails = await tx.trails.ofAccount(accountId);
  return Promise.all(trails.map(async (trail) => ({ trail, intervals: await tx.trails.intervals(trail.arn) })));
}

export class CloudTrailBusWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;
  private again = false;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  /** Signing keys prepared outside a transaction for regions whose SNS targets needed one. */
  private readonly candidates = new Map<string, SnsSigningKey>();

  constructor(private readonly opts: CloudTrailBusOptions) {
    this.intervalMs = opts.intervalMs ?? 100;
    this.batchSize = opts.batchSize ?? 500;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Wakes the worker now (after a commit) instead of at the next poll; wakes during a run coalesce into one rerun. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.opts.onError?.(err))
        .finally(() => {
          this.running = undefined;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.intervalMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Drains every region's cursor, batch by batch. */
  async runOnce(): Promise<BusRun> {
    const total: BusRun = { read: 0, delivered: 0 };
    const { cursors, last } = await this.opts.store.read(async (tx) => ({
      cursors: await tx.cursors.list(CURSOR_PREFIX),
      last: await tx.events.lastSeq(),
    }));
    for (const [name, seq] of cursors) {
      if (seq >= last) continue;
      const region = name.slice(CURSOR_PREFIX.length);
      for (;;) {
        const run = await this.batch(name, region);
        total.read += run.read;
        total.delivered += run.delivered;
        if (run.read < this.batchSize || this.stopped) break;
      }
    }
    return total;
  }

  private batch(name: string, region: string): Promise<BusRun> {
    return writeWithSigningKey(this.opts.store, this.opts.deliveries, this.candidates, (tx) => this.deliverBatch(tx, name, region));
  }

  private async deliverBatch(tx: Tx, name: string, region: string): Promise<BusRun> {
    const after = (await tx.cursors.get(name)) ?? 0;
    const events = await tx.events.readAfter(after, this.batchSize);
    if (events.length === 0) return { read: 0, delivered: 0 };
    const rules = await tx.eventRules.enabled(this.opts.accountId, region, DEFAULT_BUS);
    const trails = rules.length ? await loggingTrails(tx, this.opts.accountId) : [];
    let delivered = 0;
    const now = new Date();
    const ctx = { tx, region, now, afterCommit: tx.afterCommit };
    for (const e of events) {
      if (e.region !== region) continue;
      const candidates = rulesFor(e, rules, trails);
      if (candidates.length === 0) continue;
      const event = cloudTrailEvent(JSON.parse(e.record) as Record<string, unknown>, this.opts.accountId);
      delivered += await deliver(this.opts.deliveries, ctx, matchingRules(candidates, event), event, this.candidates.get(region));
    }
    await tx.cursors.advance(name, events[events.length - 1]!.seq);
    return { read: events.length, delivered };
  }
}
