import { isServiceError, ServiceError } from '../../errors/service-error.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import type { Repositories, Store, Tx } from '../../storage/ports.js';
import { trailCursors } from '../trails/cursors.js';
import type { TrailRecord } from '../trails/trail.js';
import type { StoredEvent } from '../events/ports.js';
import type { DeliveryBucketCheck } from './bucket-check.js';
import type { PlannedFile } from './delivery-state.js';
import { buildLogFileFromStored, logFileKey, LOG_FILE_PUT_OPTIONS, putLogFile, type BuiltLogFile } from './log-file.js';
import { LocalObjectStore } from '../../storage/objects/local/local-object-store.js';
import { TrailNotifier, type TopicPublisher } from './notification.js';
import { chunkBySize, readSeqs, selectByRegion } from './selection.js';
import { floorToSecond } from './time-format.js';
import { deterministicUniqueId } from './unique-id.js';

export { selectable } from './selection.js';

/** Serialises store access with the gateway's transactions. Transitional: the retention purger still takes one. */
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
  /** Trails, delivery state, cursors and the events. */
  store: Store;
  /** Where log files go. */
  objects: ObjectStore;
  clock: () => Date;
  /** When set, each put is preceded by CloudTrail's bucket-policy check (AccessDenied when it fails). */
  bucketCheck?: DeliveryBucketCheck;
  options?: Partial<DeliveryOptions>;
  /** SNS's publisher port: a trail's SnsTopicName gets one notification per delivered file. */
  topics?: TopicPublisher;
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
  private readonly notifier: TrailNotifier;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
    this.notifier = new TrailNotifier(deps.topics);
  }

  /** One delivery pass over every trail (or one); `force` ignores retry backoff (flush). */
  async runOnce(opts: { force?: boolean; trailArn?: string } = {}): Promise<DeliveryRun> {
    const run: DeliveryRun = { delivered: [], failures: [] };
    const trails = await this.deps.store.read((tx) => tx.trails.all());
    for (const trail of trails) {
      if (opts.trailArn && trail.arn !== opts.trailArn) continue;
      await this.deliverTrail(trail, opts.force ?? false, run);
    }
    return run;
  }

  private async deliverTrail(trail: TrailRecord, force: boolean, run: DeliveryRun): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.clock();
    const status = await store.read((tx) => tx.delivery.status(trail.arn));
    if (!force && status && status.nextAttemptAt > now.getTime()) return;
    let attempted = false;
    try {
      for (const plan of await store.read((tx) => tx.delivery.planned(trail.arn))) {
        attempted = true;
        run.delivered.push(await this.put(trail, plan));
      }
      for (let done = false; !done;) {
        const next = await store.write((tx) => this.plan(tx, trail.arn, now));
        done = next.done;
        for (const { plan, events } of next.plans) {
          attempted = true;
          run.delivered.push(await this.put(trail, plan, events));
        }
      }
      if (attempted) await store.write((tx) => this.recordAttempt(tx, trail, now, undefined));
    } catch (err) {
      const error = isServiceError(err) ? err.code : 'InternalError';
      if (!isServiceError(err)) this.deps.onError?.(err);
      run.failures.push({ trailArn: trail.arn, error });
      await store.write((tx) => this.recordAttempt(tx, trail, now, error));
    }
  }

  /**
   * Scans the event log past the trail's cursors and plans this step's files, in one transaction. Each
   * plan comes with the events it names, as the scan read them, for this run's put: stored events never
   * change, so reading them again would cost a second read (and inflate, for compressed records) of each.
   */
  private async plan(tx: Repositories, trailArn: string, now: Date): Promise<{ plans: ReadPlan[]; done: boolean }> {
    const trail = await tx.trails.get(trailArn);
    if (!trail) return { plans: [], done: true };
    await tx.delivery.updateStatus(trail.arn, {});
    const scanned = (await tx.cursors.get(trailCursors.scan(trail.arn))) ?? trail.originSeq;
    const cursors = await regionCursors(tx, trail.arn);
    const events = await tx.events.readAfter(Math.min(scanned, ...cursors.values()), this.options.scanBatch);
    if (events.length === 0) return { plans: [], done: true };
    const high = events[events.length - 1]!.seq;
    const intervals = await tx.trails.intervals(trail.arn);
    const byRegion = selectByRegion(trail, intervals, events, (region) => cursors.get(region) ?? scanned);
    const plans: ReadPlan[] = [];
    for (const [region, selected] of byRegion) {
      if (!cursors.has(region)) await tx.cursors.advance(trailCursors.region(trail.arn, region), scanned);
      const chunks = chunkBySize(selected, this.options.maxFileBytes);
      chunks.forEach((chunk, i) =>
        plans.push({ plan: this.planFile(trail, region, chunk, i === chunks.length - 1 ? high : chunk.at(-1)!.seq, now), events: chunk }),
      );
    }
    for (const region of cursors.keys()) {
      if (!byRegion.has(region)) await tx.cursors.advance(trailCursors.region(trail.arn, region), high);
    }
    for (const { plan } of plans) await tx.delivery.plan(plan);
    await tx.cursors.advance(trailCursors.scan(trail.arn), high);
    return { plans, done: events.length < this.options.scanBatch };
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

  /** Puts a planned file: from the events its plan was made from, or (a plan left by an earlier run) as read again. */
  private async put(trail: TrailRecord, plan: PlannedFile, planned?: StoredEvent[]): Promise<string> {
    const { store } = this.deps;
    const events = planned ?? (await store.read((tx) => readSeqs(tx.events, plan.seqs)));
    const file = buildLogFileFromStored(events);
    const check = await this.deps.bucketCheck?.check({
      bucket: plan.s3Bucket,
      prefix: trail.s3KeyPrefix,
      accountId: trail.accountId,
      trailArn: trail.arn,
    });
    if (check && check !== 'ok') throw new ServiceError(check, `CloudTrail cannot deliver to bucket ${plan.s3Bucket}`, { status: 403 });
    const now = this.deps.clock();
    const prepared = await this.notifier.prepare((fn) => store.read(fn), trail, now);
    const { objects } = this.deps;
    if (objects instanceof LocalObjectStore) {
      // The built-in bucket: the object, its record and its notification commit together.
      const staged = await objects.stage(file.gzipped);
      try {
        await this.deps.afterPut?.(plan);
      } catch (err) {
        objects.discard(staged);
        throw err;
      }
      await objects.transaction(async (tx) => {
        await objects.putStagedIn(tx, plan.s3Bucket, plan.s3Key, staged, { ...LOG_FILE_PUT_OPTIONS });
        await this.record(tx, plan, file, now, prepared);
      });
      return plan.s3Key;
    }
    await putLogFile(objects, plan.s3Bucket, plan.s3Key, file);
    await this.deps.afterPut?.(plan);
    await store.write((tx) => this.record(tx, plan, file, now, prepared));
    return plan.s3Key;
  }

  /** The file is recorded, the plan dropped, the region cursor moved and the trail's notification sent, together. */
  private async record(tx: Tx, plan: PlannedFile, file: BuiltLogFile, now: Date, prepared: unknown): Promise<void> {
    const trail = await tx.trails.get(plan.trailArn);
    if (!trail) return; // deleted meanwhile: its state is gone
    await tx.delivery.recordDelivered(plan, {
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
    await tx.cursors.advance(trailCursors.region(plan.trailArn, plan.region), plan.cursorAfter);
    await tx.delivery.updateStatus(plan.trailArn, { latestDeliveryTime: plan.deliveredAt });
    await this.notifier.notify(tx, trail, plan, now, prepared);
  }

  private async recordAttempt(tx: Repositories, trail: TrailRecord, now: Date, error: string | undefined): Promise<void> {
    if (!(await tx.trails.get(trail.arn))) return;
    const failures = error ? ((await tx.delivery.status(trail.arn))?.failures ?? 0) + 1 : 0;
    const backoff = error ? Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (failures - 1)) : 0;
    await tx.delivery.updateStatus(trail.arn, {
      latestDeliveryAttemptTime: now.getTime(),
      ...(error ? {} : { latestDeliveryAttemptSucceeded: now.getTime() }),
      latestDeliveryError: error ?? null,
      failures,
      nextAttemptAt: now.getTime() + backoff,
    });
  }
}

/** A file planned in this run and the events it holds. */
interface ReadPlan {
  plan: PlannedFile;
  events: StoredEvent[];
}

/** The trail's per-region positions, by region. */
async function regionCursors(tx: Repositories, trailArn: string): Promise<Map<string, number>> {
  const prefix = trailCursors.regionPrefix(trailArn);
  const named = await tx.cursors.list(prefix);
  return new Map([...named].map(([name, seq]) => [name.slice(prefix.length), seq]));
}
