/**
 * Applies bucket lifecycle rules in the background: expires objects and aborts incomplete multipart
 * uploads that are due, in bounded batches, each batch one short write transaction.
 *
 * Expirations are not API calls and are not recorded as CloudTrail events: on AWS, lifecycle
 * actions are taken by S3 itself and appear in S3 server access logs (operation S3.EXPIRE.OBJECT),
 * not as data events of any caller (S3 User Guide, "Logging requests with server access logging";
 * "Lifecycle and other bucket configurations"). Each pass is logged with what it removed.
 */
import type { Logger } from 'pino';
import type { Store } from '../../storage/ports.js';
import { WorkerLoop } from '../../audit/deliver/worker-loop.js';
import type { BucketStore, S3Tx } from '../../storage/objects/local/bucket-store.js';
import { dueBefore, expirationBound, ruleSelection, type LifecycleRule } from './lifecycle-rules.js';
import { lifecycleRules } from './ops/lifecycle.js';

export interface LifecycleWorkerDeps {
  /** The bucket engine; its store runs each batch's write transaction. */
  store: BucketStore;
  /**
   * The store each batch commits through (default: the bucket engine's own). On a server, the
   * leader's fenced store (app/leader.ts): a deposed leader's expirations are refused.
   */
  writes?: Store;
  logger?: Pick<Logger, 'info' | 'error'>;
  /** The lifecycle clock; tests and the hidden HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS move it. */
  clock?: () => Date;
  intervalMs?: number;
  /** Objects or uploads removed per transaction. */
  batchSize?: number;
}

export interface LifecyclePass {
  expiredObjects: number;
  abortedUploads: number;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_BATCH = 200;

export class LifecycleWorker {
  private readonly loop: WorkerLoop;
  private readonly clock: () => Date;
  private readonly batchSize: number;

  constructor(private readonly deps: LifecycleWorkerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.batchSize = deps.batchSize ?? DEFAULT_BATCH;
    const onError = (err: unknown) => deps.logger?.error({ err }, 'lifecycle expiration failed; will retry');
    this.loop = new WorkerLoop(deps.intervalMs ?? DEFAULT_INTERVAL_MS, () => this.runOnce(), onError);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over every bucket's enabled rules, until nothing more is due. */
  async runOnce(): Promise<LifecyclePass> {
    const now = this.clock();
    const pass: LifecyclePass = { expiredObjects: 0, abortedUploads: 0 };
    const lifecycles = await this.deps.store.read((tx) => this.deps.store.listBucketLifecycles(tx));
    for (const { bucket, document } of lifecycles) {
      for (const rule of lifecycleRules(document)) {
        pass.expiredObjects += await this.expire(bucket, rule, now);
        pass.abortedUploads += await this.abortUploads(bucket, rule, now);
      }
    }
    if (pass.expiredObjects || pass.abortedUploads) this.deps.logger?.info(pass, 'lifecycle rules applied');
    return pass;
  }

  private async expire(bucket: string, rule: LifecycleRule, now: Date): Promise<number> {
    const before = expirationBound(rule, now);
    if (!before) return 0;
    const selection = ruleSelection(rule);
    return this.inBatches(async (tx) => {
      const { expired, garbage } = await this.deps.store.expireObjects(tx, bucket, selection, before, this.batchSize);
      return { removed: expired.length, garbage };
    });
  }

  private async abortUploads(bucket: string, rule: LifecycleRule, now: Date): Promise<number> {
    const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
    if (rule.Status !== 'Enabled' || days === undefined) return 0;
    const before = dueBefore(days, now);
    const prefix = ruleSelection(rule).prefix;
    return this.inBatches(async (tx) => {
      const { aborted, garbage } = await this.deps.store.abortExpiredUploads(tx, bucket, prefix, before, this.batchSize);
      return { removed: aborted, garbage };
    });
  }

  /**
   * Runs `step` in its own transaction until it removes less than a full batch. The blobs it
   * released are unlinked after the commit, asynchronously and outside the writer queue (on a slow
   * filesystem unlinking a batch takes far longer than deleting its rows); requests write meanwhile.
   */
  private async inBatches(step: (tx: S3Tx) => Promise<{ removed: number; garbage: string[] }>): Promise<number> {
    let total = 0;
    for (;;) {
      const { removed, garbage } = await (this.deps.writes ?? this.deps.store.store).write(step);
      await this.deps.store.removeBlobsAsync(garbage);
      total += removed;
      if (removed < this.batchSize) return total;
    }
  }
}
