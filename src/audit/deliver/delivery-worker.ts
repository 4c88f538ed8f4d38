import { isServiceError, ServiceError } from '../../errors/service-error.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import type { Db } from '../../storage/sqlite/database.js';
import { trailSelects, type SelectableEvent } from '../../services/cloudtrail/selectors.js';
import { trailStore, type LoggingInterval, type TrailRecord } from '../../services/cloudtrail/trail-store.js';
import type { EventLog, StoredEvent } from '../events/ports.js';
import type { DeliveryBucketCheck } from './bucket-check.js';
import { deliveryState, type PlannedFile } from './delivery-state.js';
import { buildLogFileFromStored, logFileKey, putLogFile } from './log-file.js';
import { floorToSecond } from './time-format.js';
import { deterministicUniqueId } from './unique-id.js';

/** Serialises store access with the gateway's transactions (same connection: never interleave). */
export interface TransactionRunner {
  run<T>(fn: () => T | Promise<T>): Promise<T>;
}

export interface DeliveryOptions {
  /** How often the loop delivers (CloudTrail: about every 5 minutes; default 60 s). */
  intervalMs: number;
  /** Uncompressed size at which a region's batch is split into another file. */
  maxFileBytes: number;
  /** Events read per scan step. */
  scanBatch: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  intervalMs: 60_000,
  maxFileBytes: 20 * 1024 * 1024,
  scanBatch: 5000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000,
};

export interface DeliveryWorkerDeps {
  db: Db;
  uow: TransactionRunner;
  eventLog: EventLog;
  store: ObjectStore;
  clock: () => Date;
  /** When set, each put is preceded by CloudTrail's bucket-policy check (AccessDenied when it fails). */
  bucketCheck?: DeliveryBucketCheck;
  options?: Partial<DeliveryOptions>;
  /** Test seam: runs after a put and before its commit (throw here to simulate a crash). */
  afterPut?: (plan: PlannedFile) => void | Promise<void>;
  /** Unexpected failures (not S3 errors) are reported here, to be logged. */
  onError?: (err: unknown) => void;
}

export interface DeliveryRun {
  delivered: string[];
  failures: Array<{ trailArn: string; error: string }>;
}

/**
 * Delivers recorded events as log files, exactly once per trail: a file is planned (key, events,
 * cursor move) in one transaction, put, then recorded with its cursor move in another. A crash or
 * failure between the two leaves the plan, and the retry puts the same bytes at the same key.
 */
export class DeliveryWorker {
  readonly options: DeliveryOptions;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  }

  /** One delivery pass over every trail (or one); `force` ignores retry backoff (flush). */
  async runOnce(opts: { force?: boolean; trailArn?: string } = {}): Promise<DeliveryRun> {
    const run: DeliveryRun = { delivered: [], failures: [] };
    const trails = await this.deps.uow.run(() => trailStore.all(this.deps.db));
    for (const trail of trails) {
      if (opts.trailArn && trail.arn !== opts.trailArn) continue;
      await this.deliverTrail(trail, opts.force ?? false, run);
    }
    return run;
  }

  private async deliverTrail(trail: TrailRecord, force: boolean, run: DeliveryRun): Promise<void> {
    const { db, uow } = this.deps;
    const now = this.deps.clock();
    const status = await uow.run(() => deliveryState.status(db, trail.arn));
    if (!force && status && status.nextAttemptAt > now.getTime()) return;
    let attempted = false;
    try {
      for (const plan of await uow.run(() => deliveryState.planned(db, trail.arn))) {
        attempted = true;
        run.delivered.push(await this.put(trail, plan));
      }
      for (let done = false; !done;) {
        const next = await uow.run(() => this.plan(trail.arn, now));
        done = next.done;
        for (const plan of next.plans) {
          attempted = true;
          run.delivered.push(await this.put(trail, plan));
        }
      }
      if (attempted) await uow.run(() => this.recordAttempt(trail, now, undefined));
    } catch (err) {
      const error = isServiceError(err) ? err.code : 'InternalError';
      if (!isServiceError(err)) this.deps.onError?.(err);
      run.failures.push({ trailArn: trail.arn, error });
      await uow.run(() => this.recordAttempt(trail, now, error));
    }
  }

  /** Scans the event log past the trail's cursors and plans this step's files; runs inside a transaction. */
  private plan(trailArn: string, now: Date): { plans: PlannedFile[]; done: boolean } {
    const { db, eventLog } = this.deps;
    const trail = trailStore.get(db, trailArn);
    if (!trail) return { plans: [], done: true };
    deliveryState.updateStatus(db, trail.arn, trail.originSeq, {});
    const scanned = deliveryState.status(db, trail.arn)!.scannedSeq;
    const cursors = deliveryState.cursors(db, trail.arn);
    const events = eventLog.readAfter(Math.min(scanned, ...cursors.values()), this.options.scanBatch);
    if (events.length === 0) return { plans: [], done: true };
    const high = events[events.length - 1]!.seq;
    const byRegion = this.select(trail, events, (region) => cursors.get(region) ?? scanned);
    const plans: PlannedFile[] = [];
    for (const [region, selected] of byRegion) {
      if (!cursors.has(region)) deliveryState.setCursor(db, trail.arn, region, scanned);
      const chunks = chunkBySize(selected, this.options.maxFileBytes);
      chunks.forEach((chunk, i) =>
        plans.push(this.planFile(trail, region, chunk, i === chunks.length - 1 ? high : chunk.at(-1)!.seq, now)),
      );
    }
    for (const region of cursors.keys()) if (!byRegion.has(region)) deliveryState.setCursor(db, trail.arn, region, high);
    for (const plan of plans) deliveryState.plan(db, plan);
    deliveryState.updateStatus(db, trail.arn, trail.originSeq, { scannedSeq: high });
    return { plans, done: events.length < this.options.scanBatch };
  }

  private select(trail: TrailRecord, events: StoredEvent[], cursorOf: (region: string) => number): Map<string, StoredEvent[]> {
    const intervals = trailStore.intervals(this.deps.db, trail.arn);
    const logging = (e: StoredEvent) => intervals.some((i) => withinInterval(i, e));
    const byRegion = new Map<string, StoredEvent[]>();
    for (const e of events) {
      if (e.seq <= cursorOf(e.region) || !logging(e) || !trailSelects(trail, selectable(e))) continue;
      const list = byRegion.get(e.region) ?? [];
      list.push(e);
      byRegion.set(e.region, list);
    }
    return byRegion;
  }

  private planFile(trail: TrailRecord, region: string, events: StoredEvent[], cursorAfter: number, now: Date): PlannedFile {
    const deliveredAt = floorToSecond(now);
    const uniqueId = deterministicUniqueId(trail.arn, events[0]!.seq, events.at(-1)!.seq);
    const s3Key = logFileKey({ prefix: trail.s3KeyPrefix, accountId: trail.accountId, region, time: deliveredAt, uniqueId });
    return {
      trailArn: trail.arn,
      s3Key,
      region,
      s3Bucket: trail.s3BucketName,
      deliveredAt: deliveredAt.getTime(),
      seqs: events.map((e) => e.seq),
      cursorAfter,
    };
  }

  private async put(trail: TrailRecord, plan: PlannedFile): Promise<string> {
    const { db, uow, store } = this.deps;
    const events = await uow.run(() => readSeqs(this.deps.eventLog, plan.seqs));
    const file = buildLogFileFromStored(events);
    const check = await this.deps.bucketCheck?.check({
      bucket: plan.s3Bucket,
      prefix: trail.s3KeyPrefix,
      accountId: trail.accountId,
      trailArn: trail.arn,
    });
    if (check && check !== 'ok') throw new ServiceError(check, `CloudTrail cannot deliver to bucket ${plan.s3Bucket}`, { status: 403 });
    await putLogFile(store, plan.s3Bucket, plan.s3Key, file);
    await this.deps.afterPut?.(plan);
    await uow.run(() => {
      if (!trailStore.get(db, plan.trailArn)) return; // deleted meanwhile: its state is gone
      deliveryState.recordDelivered(db, plan, {
        trailArn: plan.trailArn,
        s3Key: plan.s3Key,
        region: plan.region,
        s3Bucket: plan.s3Bucket,
        sha256: file.sha256Hex,
        oldestEventTime: file.oldestEventTime,
        newestEventTime: file.newestEventTime,
        recordCount: file.recordCount,
        deliveredAt: plan.deliveredAt,
      });
      deliveryState.updateStatus(db, plan.trailArn, 0, { latestDeliveryTime: plan.deliveredAt });
    });
    return plan.s3Key;
  }

  private recordAttempt(trail: TrailRecord, now: Date, error: string | undefined): void {
    const { db } = this.deps;
    if (!trailStore.get(db, trail.arn)) return;
    const failures = error ? (deliveryState.status(db, trail.arn)?.failures ?? 0) + 1 : 0;
    const backoff = error ? Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (failures - 1)) : 0;
    deliveryState.updateStatus(db, trail.arn, trail.originSeq, {
      latestDeliveryAttemptTime: now.getTime(),
      ...(error ? {} : { latestDeliveryAttemptSucceeded: now.getTime() }),
      latestDeliveryError: error ?? null,
      failures,
      nextAttemptAt: now.getTime() + backoff,
    });
  }
}

/** The StoredEvent fields selector matching reads (resource type derived for S3 data events). */
export function selectable(e: StoredEvent): SelectableEvent {
  const resourceType =
    e.eventCategory === 'Data' && e.dataResourceArn?.startsWith('arn:aws:s3:::')
      ? e.dataResourceArn.slice('arn:aws:s3:::'.length).includes('/')
        ? 'AWS::S3::Object'
        : 'AWS::S3::Bucket'
      : undefined;
  return {
    region: e.region,
    eventSource: e.eventSource,
    eventName: e.eventName,
    readOnly: e.readOnly,
    eventCategory: e.eventCategory,
    resourceArn: e.dataResourceArn,
    resourceType,
    record: () => JSON.parse(e.record) as Record<string, unknown>,
  };
}

function readSeqs(eventLog: EventLog, seqs: number[]): StoredEvent[] {
  const wanted = new Set(seqs);
  const first = seqs[0]!;
  const last = seqs[seqs.length - 1]!;
  const found: StoredEvent[] = [];
  for (let after = first - 1; after < last;) {
    const page = eventLog.readAfter(after, Math.max(1, last - after));
    if (page.length === 0) break;
    for (const e of page) if (wanted.has(e.seq)) found.push(e);
    after = page[page.length - 1]!.seq;
  }
  if (found.length !== seqs.length) throw new Error(`event log is missing ${seqs.length - found.length} planned events`);
  return found;
}

function chunkBySize(events: StoredEvent[], maxBytes: number): StoredEvent[][] {
  const chunks: StoredEvent[][] = [[]];
  let size = 0;
  for (const e of events) {
    if (size + e.record.length > maxBytes && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(e);
    size += e.record.length + 1;
  }
  return chunks;
}

/**
 * Whether the trail was logging when the event was recorded: by sequence number (StartLogging's and
 * StopLogging's own events bound the interval); intervals stored without one fall back to whole seconds.
 */
function withinInterval(i: LoggingInterval, e: StoredEvent): boolean {
  const sec = (ms: number) => Math.floor(ms / 1000);
  const t = e.eventTime.getTime();
  const afterStart = i.startSeq !== undefined ? e.seq >= i.startSeq : sec(t) >= sec(i.start);
  if (!afterStart) return false;
  if (i.stop === undefined) return true;
  return i.stopSeq !== undefined ? e.seq <= i.stopSeq : sec(t) <= sec(i.stop);
}
