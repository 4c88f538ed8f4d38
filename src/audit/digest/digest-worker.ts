import { isServiceError } from '../../errors/service-error.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import type { Db } from '../../storage/sqlite/database.js';
import { GLOBAL_EVENTS_REGION } from '../../services/cloudtrail/selectors.js';
import { trailStore, type TrailRecord } from '../../services/cloudtrail/trail-store.js';
import type { EventLog } from '../events/ports.js';
import { deliveryState } from '../deliver/delivery-state.js';
import type { TransactionRunner } from '../deliver/delivery-worker.js';
import { floorToSecond } from '../deliver/time-format.js';
import { chainState, type ChainState } from './chain-state.js';
import { buildDigest, digestLogFileEntry, putDigest } from './digest-file.js';
import type { SigningKeyRing } from './key-ring.js';

export interface DigestOptions {
  /** Digest period (CloudTrail: one hour). */
  periodMs: number;
}

export interface DigestWorkerDeps {
  db: Db;
  uow: TransactionRunner;
  store: ObjectStore;
  clock: () => Date;
  keyRing: SigningKeyRing;
  /** Lets a stopped trail's final digest wait until delivery has caught up with the log. */
  eventLog?: Pick<EventLog, 'lastSeq'>;
  options?: Partial<DigestOptions>;
  /** Unexpected failures (not S3 errors) are reported here, to be logged. */
  onError?: (err: unknown) => void;
}

export interface DigestRun {
  digests: string[];
  failures: Array<{ trailArn: string; error: string }>;
}

/**
 * Writes one signed digest per trail, source region and period, empty periods included, each
 * chained to the previous one. Inputs are read from the store, so a digest retried after a crash is
 * byte-identical and overwrites its own key. StopLogging ends the chains with a final digest.
 */
export class DigestWorker {
  readonly periodMs: number;

  constructor(private readonly deps: DigestWorkerDeps) {
    this.periodMs = deps.options?.periodMs ?? 3600_000;
  }

  /** `closeNow` also ends the open period at the current second (flush). */
  async runOnce(opts: { closeNow?: boolean; trailArn?: string } = {}): Promise<DigestRun> {
    const run: DigestRun = { digests: [], failures: [] };
    const trails = await this.deps.uow.run(() => trailStore.all(this.deps.db));
    for (const trail of trails) {
      if (opts.trailArn && trail.arn !== opts.trailArn) continue;
      try {
        await this.digestTrail(trail, opts.closeNow ?? false, run);
      } catch (err) {
        const error = isServiceError(err) ? err.code : 'InternalError';
        if (!isServiceError(err)) this.deps.onError?.(err);
        run.failures.push({ trailArn: trail.arn, error });
        await this.deps.uow.run(() =>
          deliveryState.updateStatus(this.deps.db, trail.arn, trail.originSeq, { latestDigestDeliveryError: error }),
        );
      }
    }
    return run;
  }

  private async digestTrail(trail: TrailRecord, closeNow: boolean, run: DigestRun): Promise<void> {
    const { db, uow } = this.deps;
    const now = this.deps.clock();
    const ending = !trail.isLogging;
    const chains = await uow.run(() => chainState.all(db, trail.arn));
    if (!trail.logFileValidationEnabled) {
      if (chains.size > 0) await uow.run(() => chainState.drop(db, trail.arn));
      return;
    }
    if (ending && !(await this.caughtUp(trail))) return;
    const regions = await uow.run(() => this.regions(trail, chains));
    if (regions.length === 0) return; // stopped, and every file already digested
    for (const region of regions) {
      const chain = chains.get(region) ?? (await uow.run(() => this.startChain(trail, region, chains, now)));
      chains.set(region, chain);
      while (chain.periodStart + this.periodMs <= now.getTime()) {
        run.digests.push(await this.emit(trail, chain, chain.periodStart + this.periodMs, now));
      }
      if (closeNow || ending) {
        const end = await this.closingEnd(trail, chain, now);
        if (end !== undefined) run.digests.push(await this.emit(trail, chain, end, now));
      }
    }
    if (ending) await uow.run(() => chainState.drop(db, trail.arn));
  }

  /** Home region (and the global-events region) always; any region the trail delivered to; existing chains. */
  private regions(trail: TrailRecord, chains: Map<string, ChainState>): string[] {
    const regions = new Set(chains.keys());
    if (trail.isLogging) regions.add(trail.homeRegion);
    if (trail.isLogging && trail.includeGlobalServiceEvents) regions.add(GLOBAL_EVENTS_REGION);
    for (const r of deliveryState.regionsWithUndigested(this.deps.db, trail.arn)) regions.add(r);
    return [...regions];
  }

  /** New chains share the trail's period boundaries; the first one starts at StartLogging (if recent) or now. */
  private startChain(trail: TrailRecord, region: string, chains: Map<string, ChainState>, now: Date): ChainState {
    const sibling = [...chains.values()][0];
    const recentStart = trail.startLoggingTime !== undefined && trail.startLoggingTime >= now.getTime() - this.periodMs;
    const start = sibling?.periodStart ?? floorToSecond(new Date(recentStart ? trail.startLoggingTime! : now.getTime())).getTime();
    const chain: ChainState = { region, periodStart: start, previous: null };
    chainState.save(this.deps.db, trail.arn, chain);
    return chain;
  }

  /** End of a closing (flush/final) digest: now, or one second on when files arrived within the open second. */
  private async closingEnd(trail: TrailRecord, chain: ChainState, now: Date): Promise<number | undefined> {
    const end = floorToSecond(now).getTime();
    if (end > chain.periodStart) return end;
    const pending = await this.deps.uow.run(() => deliveryState.undigested(this.deps.db, trail.arn, chain.region, now.getTime()));
    return pending.length > 0 ? chain.periodStart + 1000 : undefined;
  }

  private async emit(trail: TrailRecord, chain: ChainState, end: number, now: Date): Promise<string> {
    const { db, uow } = this.deps;
    const { files, key } = await uow.run(() => ({
      files: deliveryState.undigested(db, trail.arn, chain.region, Math.max(end, chain.periodStart)),
      key: this.deps.keyRing.signingKey(db, chain.region, new Date(end)),
    }));
    const digest = buildDigest({
      chain: {
        prefix: trail.s3KeyPrefix,
        accountId: trail.accountId,
        region: chain.region,
        trailName: trail.name,
        homeRegion: trail.homeRegion,
      },
      bucket: trail.s3BucketName,
      period: { start: new Date(chain.periodStart), end: new Date(end) },
      logFiles: files.map((f) =>
        digestLogFileEntry(f.s3Bucket, f.s3Key, {
          sha256Hex: f.sha256,
          oldestEventTime: f.oldestEventTime,
          newestEventTime: f.newestEventTime,
        }),
      ),
      previous: chain.previous,
      key,
    });
    await putDigest(this.deps.store, digest);
    chain.periodStart = end;
    chain.previous = { s3Bucket: digest.s3Bucket, s3Object: digest.s3Object, sha256Hex: digest.sha256Hex, signature: digest.signature };
    await uow.run(() => {
      deliveryState.markDigested(
        db,
        trail.arn,
        files.map((f) => f.s3Key),
        digest.s3Object,
      );
      chainState.save(db, trail.arn, chain);
      deliveryState.updateStatus(db, trail.arn, trail.originSeq, {
        latestDigestDeliveryTime: now.getTime(),
        latestDigestDeliveryError: null,
      });
    });
    return digest.s3Object;
  }

  private async caughtUp(trail: TrailRecord): Promise<boolean> {
    const { db, uow, eventLog } = this.deps;
    return uow.run(() => {
      if (deliveryState.planned(db, trail.arn).length > 0) return false;
      const scanned = deliveryState.status(db, trail.arn)?.scannedSeq ?? trail.originSeq;
      return !eventLog || scanned >= eventLog.lastSeq();
    });
  }
}
