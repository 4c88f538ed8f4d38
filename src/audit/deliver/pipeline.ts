import type { ObjectStore } from '../../storage/objects/ports.js';
import type { Store } from '../../storage/ports.js';
import { DigestWorker, type DigestOptions, type DigestRun } from '../digest/digest-worker.js';
import type { SigningKeyRing } from '../digest/key-ring.js';
import type { DeliveryBucketCheck } from './bucket-check.js';
import { DeliveryWorker, type DeliveryOptions, type DeliveryRun, type DeliveryWorkerDeps } from './delivery-worker.js';
import { WorkerLoop } from './worker-loop.js';

export interface DeliveryPipelineDeps {
  /** Trails, delivery state and the events. */
  store: Store;
  /** Where log files and digests go. */
  objects: ObjectStore;
  keyRing: SigningKeyRing;
  clock?: () => Date;
  bucketCheck?: DeliveryBucketCheck;
  delivery?: Partial<DeliveryOptions>;
  digest?: Partial<DigestOptions>;
  onError?: (err: unknown) => void;
  /** SNS's publisher port (trail notifications). */
  topics?: DeliveryWorkerDeps['topics'];
  /** Test seam passed to the delivery worker (see DeliveryWorkerDeps.afterPut). */
  afterPut?: DeliveryWorkerDeps['afterPut'];
}

export interface FlushResult extends DeliveryRun {
  digests: string[];
  digestFailures: DigestRun['failures'];
  trails: string[];
}

/** Log-file delivery then digests, on one timer; `flush` does both now for one trail or all. */
export class DeliveryPipeline {
  readonly delivery: DeliveryWorker;
  readonly digests: DigestWorker;
  private readonly loop: WorkerLoop;
  /** The last queued run: ticks and flushes run one at a time, so a flush returns with nothing still in flight. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DeliveryPipelineDeps) {
    const clock = deps.clock ?? (() => new Date());
    this.delivery = new DeliveryWorker({ ...deps, clock, options: deps.delivery });
    this.digests = new DigestWorker({ ...deps, clock, options: deps.digest });
    this.loop = new WorkerLoop(this.delivery.options.intervalMs, () => this.tick(), deps.onError);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  tick(): Promise<{ delivery: DeliveryRun; digests: DigestRun }> {
    return this.serially(async () => {
      const delivery = await this.delivery.runOnce();
      const digests = await this.digests.runOnce();
      return { delivery, digests };
    });
  }

  /**
   * Delivers every pending event now and closes the open digest period with a digest, so the
   * bucket validates at once (`hsmtrail trail flush [--name TRAIL]`). `trail` is a name or an ARN.
   */
  flush(trail?: string): Promise<FlushResult> {
    return this.serially(() => this.flushNow(trail));
  }

  private async flushNow(trail?: string): Promise<FlushResult> {
    const all = await this.deps.store.read((tx) => tx.trails.all());
    const chosen = all.filter((t) => trail === undefined || t.name === trail || t.arn === trail);
    if (trail !== undefined && chosen.length === 0) throw new Error(`no trail named ${trail}`);
    const result: FlushResult = { delivered: [], failures: [], digests: [], digestFailures: [], trails: chosen.map((t) => t.arn) };
    for (const t of chosen) {
      const d = await this.delivery.runOnce({ force: true, trailArn: t.arn });
      const g = await this.digests.runOnce({ closeNow: true, trailArn: t.arn });
      result.delivered.push(...d.delivered);
      result.failures.push(...d.failures);
      result.digests.push(...g.digests);
      result.digestFailures.push(...g.failures);
    }
    return result;
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.last.then(run, run);
    this.last = next.catch(() => {});
    return next;
  }
}
