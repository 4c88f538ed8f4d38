import { isServiceError } from '../../errors/service-error.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import type { Store } from '../../storage/ports.js';
import { trailCursors } from '../trails/cursors.js';
import { GLOBAL_EVENTS_REGION } from '../trails/selectors.js';
import type { TrailRecord } from '../trails/trail.js';
import { floorToSecond } from '../deliver/time-format.js';
import type { ChainState } from './chain-state.js';
import { buildDigest, digestLogFileEntry, putDigest } from './digest-file.js';
import type { SigningKeyRing } from './key-ring.js';

export interface DigestOptions {
  /** Digest period (CloudTrail: one hour). */
  periodMs: number;
}

export interface DigestWorkerDeps {
  /** Trails, delivered files, chains, keys, and the event log (a stopped trail's final digest waits for delivery to catch up). */
  store: Store;
  /** Where digests go. */
  objects: ObjectStore;
  clock: () => Date;
  keyRing: SigningKeyRing;
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
    const trails = await this.deps.store.read((tx) => tx.trails.all());
    for (const trail of trails) {
      if (opts.trailArn && trail.arn !== opts.trailArn) continue;
      try {
        await this.digestTrail(trail, opts.closeNow ?? false, run);
      } catch (err) {
        const error = isServiceError(err) ? err.code : 'InternalError';
        if (!isServiceError(err)) this.deps.onError?.(err);
        run.failures.push({ trailArn: trail.arn, error });
        await this.deps.store.write((tx) => tx.delivery.updateStatus(trail.arn, { latestDigestDeliveryError: error }));
      }
    }
    return run;
  }

  private async digestTrail(trail: TrailRecord, closeNow: boolean, run: DigestRun): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.clock();
    const ending = !trail.isLogging;
    const chains = await store.read((tx) => tx.digests.chains(trail.arn));
    if (!trail.logFileValidationEnabled) {
      if (chains.size > 0) await store.write((tx) => tx.digests.drop(trail.arn));
      return;
    }
    if (ending && !(await this.caughtUp(trail))) return;
    const undigested = await store.read((tx) => tx.delivery.regionsWithUndigested(trail.arn));
    const regions = this.regions(trail, chains, undigested);
    if (regions.length === 0) return; // stopped, and every file already digested
    for (const region of regions) {
      const chain = chains.get(region) ?? (await this.startChain(trail, region, chains, now));
      chains.set(region, chain);
      while (chain.periodStart + this.periodMs <= now.getTime()) {
        run.digests.push(await this.emit(trail, chain, chain.periodStart + this.periodMs, now));
      }
      if (closeNow || ending) {
        const end = await this.closingEnd(trail, chain, now);
        if (end !== undefined) run.digests.push(await this.emit(trail, chain, end, now));
      }
    }
    if (ending) await store.write((tx) => tx.digests.drop(trail.arn));
  }

  /** Home region (and the global-events region) always; any region the trail delivered to; existing chains. */
  private regions(trail: TrailRecord, chains: Map<string, ChainState>, undigested: string[]): string[] {
    const regions = new Set(chains.keys());
    if (trail.isLogging) regions.add(trail.homeRegion);
    if (trail.isLogging && trail.includeGlobalServiceEvents) regions.add(GLOBAL_EVENTS_REGION);
    for (const r of undigested) regions.add(r);
    return [...regions];
  }

  /** New chains share the trail's period boundaries; the first one starts at StartLogging (if recent) or now. */
  private async startChain(trail: TrailRecord, region: string, chains: Map<string, ChainState>, now: Date): Promise<ChainState> {
    const sibling = [...chains.values()][0];
    const recentStart = trail.startLoggingTime !== undefined && trail.startLoggingTime >= now.getTime() - this.periodMs;
    const start = sibling?.periodStart ?? floorToSecond(new Date(recentStart ? trail.startLoggingTime! : now.getTime())).getTime();
    const chain: ChainState = { region, periodStart: start, previous: null };
    await this.deps.store.write((tx) => tx.digests.save(trail.arn, chain));
    return chain;
  }

  /** End of a closing (flush/final) digest: now, or one second on when files arrived within the open second. */
  private async closingEnd(trail: TrailRecord, chain: ChainState, now: Date): Promise<number | undefined> {
    const end = floorToSecond(now).getTime();
    if (end > chain.periodStart) return end;
    const pending = await this.deps.store.read((tx) => tx.delivery.undigested(trail.arn, chain.region, now.getTime()));
    return pending.length > 0 ? chain.periodStart + 1000 : undefined;
  }

  private async emit(trail: TrailRecord, chain: ChainState, end: number, now: Date): Promise<string> {
    const { store } = this.deps;
    const key = await this.deps.keyRing.signingKey(store, chain.region, new Date(end));
    const files = await store.read((tx) => tx.delivery.undigested(trail.arn, chain.region, Math.max(end, chain.periodStart)));
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
    await putDigest(this.deps.objects, digest);
    chain.periodStart = end;
    chain.previous = { s3Bucket: digest.s3Bucket, s3Object: digest.s3Object, sha256Hex: digest.sha256Hex, signature: digest.signature };
    await store.write(async (tx) => {
      await tx.delivery.markDigested(
        trail.arn,
        files.map((f) => f.s3Key),
        digest.s3Object,
      );
      await tx.digests.save(trail.arn, chain);
      await tx.delivery.updateStatus(trail.arn, {
        latestDigestDeliveryTime: now.getTime(),
        latestDigestDeliveryError: null,
      });
    });
    return digest.s3Object;
  }

  private async caughtUp(trail: TrailRecord): Promise<boolean> {
    return this.deps.store.read(async (tx) => {
      if ((await tx.delivery.planned(trail.arn)).length > 0) return false;
      const scanned = (await tx.cursors.get(trailCursors.scan(trail.arn))) ?? trail.originSeq;
      return scanned >= (await tx.events.lastSeq());
    });
  }
}
