import { createHash } from 'node:crypto';
import { isServiceError } from '../../errors/service-error.js';
import type { ObjectStore } from '../../storage/objects/ports.js';
import { DigestProvider } from './digest-provider.js';
import { gunzipFirstMember } from './gunzip.js';
import { readAll } from './read-all.js';
import {
  displayDate,
  problemsOf,
  summarize,
  type DigestResult,
  type GapNotice,
  type LogFileResult,
  type ValidationProgress,
  type ValidationReport,
} from './report.js';
import { DigestTraverser, parseDate, type PublicKeySource, type TraversalListener, type ValidDigest } from './traverser.js';

export interface ValidateLogsInput {
  store: ObjectStore;
  trailArn: string;
  bucket: string;
  prefix?: string;
  /** Account whose logs are validated (member account for organization trails); default: the ARN's. */
  accountId?: string;
  organizationId?: string;
  /** Source regions to validate, each its own chain; default: the trail's home region. */
  regions?: string[];
  startTime: Date;
  /** Default: now (from `now`). */
  endTime?: Date;
  publicKeys: PublicKeySource;
  onProgress?: (event: ValidationProgress) => void;
  now?: () => Date;
}

/**
 * `aws cloudtrail validate-logs` over the ObjectStore port, check for check: per region, the standard
 * chain then the backfill chain, newest first; log files are checked only for valid digests.
 */
export async function validateLogs(input: ValidateLogsInput): Promise<ValidationReport> {
  const arn = parseTrailArn(input.trailArn);
  const start = input.startTime;
  const end = input.endTime ?? (input.now ?? (() => new Date()))();
  if (start.getTime() > end.getTime()) throw new Error('Invalid time range specified: start-time must occur before end-time');
  const regions = input.regions ?? [arn.homeRegion];
  const run = new Run(input, start, end);
  for (const region of regions) {
    const provider = new DigestProvider(input.store, {
      accountId: input.accountId ?? arn.accountId,
      organizationId: input.organizationId,
      region,
      trailName: arn.trailName,
      homeRegion: arn.homeRegion,
    });
    for (const backfill of [false, true]) await run.validateChain(provider, backfill);
  }
  return run.report(regions);
}

class Run {
  private readonly digests: DigestResult[] = [];
  private readonly logFiles: LogFileResult[] = [];
  private readonly gaps: GapNotice[] = [];
  private foundStart?: Date;
  private foundEnd?: Date;

  constructor(
    private readonly input: ValidateLogsInput,
    private readonly start: Date,
    private readonly end: Date,
  ) {}

  async validateChain(provider: DigestProvider, backfill: boolean): Promise<void> {
    const { region } = provider.chain;
    const listed = await provider.digestKeysInRange(this.input.bucket, this.input.prefix, this.start, this.end, backfill);
    this.input.onProgress?.({ type: 'listed', region, backfill, digestCount: listed.length });
    const traverser = new DigestTraverser(provider, this.input.publicKeys, this.listener(region, backfill));
    for await (const digest of traverser.traverse(this.input.bucket, this.input.prefix, this.start, this.end, backfill)) {
      this.trackFoundTimes(digest);
      this.addDigest({
        ...fileResult(region, backfill, digest.bucket, digest.key, true),
        startTime: str(digest.data['digestStartTime']),
        endTime: str(digest.data['digestEndTime']),
      });
      const logFiles = digest.data['logFiles'];
      if (!Array.isArray(logFiles)) throw new Error(`Digest file s3://${digest.bucket}/${digest.key} has no logFiles member`);
      for (const log of logFiles) await this.checkLogFile(region, backfill, digest, log as Record<string, unknown>);
    }
  }

  private listener(region: string, backfill: boolean): TraversalListener {
    const tag = backfill ? '(backfill) ' : '';
    return {
      missing: (bucket, key) => this.addDigest({ ...fileResult(region, backfill, bucket, key, false, 'not found') }),
      invalid: (bucket, key, reason) => this.addDigest({ ...fileResult(region, backfill, bucket, key, false, reason) }),
      gap: (bucket, nextEnd, lastStart) => {
        const gap: GapNotice = {
          kind: 'gap',
          region,
          backfill,
          bucket,
          from: displayDate(nextEnd),
          to: displayDate(lastStart),
          line: `${tag}No log files were delivered by CloudTrail between ${displayDate(nextEnd)} and ${displayDate(lastStart)}`,
        };
        this.gaps.push(gap);
        this.input.onProgress?.(gap);
      },
    };
  }

  /** _download_log: SHA-256 of the first gzip member's (possibly truncated) inflated bytes. */
  private async checkLogFile(region: string, backfill: boolean, digest: ValidDigest, log: Record<string, unknown>): Promise<void> {
    const bucket = str(log['s3Bucket']);
    const key = str(log['s3Object']);
    let reason: LogFileResult['reason'];
    try {
      const object = await this.input.store.getObject(bucket, key);
      const inflated = gunzipFirstMember(await readAll(object.body), { partial: true });
      if (createHash('sha256').update(inflated).digest('hex') !== log['hashValue']) reason = "hash value doesn't match";
    } catch (e) {
      if (isServiceError(e) && e.code !== 'NoSuchKey') throw e;
      reason = isServiceError(e) ? 'not found' : 'invalid format';
    }
    const base = fileResult(region, backfill, bucket, key, reason === undefined, reason, 'Log file');
    const result: LogFileResult = { ...base, kind: 'log', reason, digestKey: digest.key };
    this.logFiles.push(result);
    this.input.onProgress?.(result);
  }

  private addDigest(result: Omit<DigestResult, 'kind'>): void {
    const full: DigestResult = { kind: 'digest', ...result };
    this.digests.push(full);
    this.input.onProgress?.(full);
  }

  /** Clamped to the requested range, as awscli's _track_found_times. */
  private trackFoundTimes(digest: ValidDigest): void {
    const start = Math.max(parseDate(digest.data['digestStartTime']).getTime(), this.start.getTime());
    const end = Math.min(parseDate(digest.data['digestEndTime']).getTime(), this.end.getTime());
    if (!this.foundStart || start < this.foundStart.getTime()) this.foundStart = new Date(start);
    if (!this.foundEnd || end > this.foundEnd.getTime()) this.foundEnd = new Date(end);
  }

  report(regions: string[]): ValidationReport {
    const summary = summarize(this.digests, this.logFiles);
    const invalid = summary.digests.invalid + summary.backfillDigests.invalid + summary.logFiles.invalid;
    return {
      trailArn: this.input.trailArn,
      regions,
      requestedStart: displayDate(this.start),
      requestedEnd: displayDate(this.end),
      foundStart: this.foundStart ? displayDate(this.foundStart) : null,
      foundEnd: this.foundEnd ? displayDate(this.foundEnd) : null,
      digests: this.digests,
      logFiles: this.logFiles,
      gaps: this.gaps,
      summary,
      problems: problemsOf(this.digests, this.logFiles),
      exitCode: invalid > 0 ? 1 : 0,
    };
  }
}

function fileResult(
  region: string,
  backfill: boolean,
  bucket: string,
  key: string,
  valid: boolean,
  reason?: string,
  label = 'Digest file',
) {
  const uri = `s3://${bucket}/${key}`;
  const line = `${backfill && label === 'Digest file' ? '(backfill) ' : ''}${label}\t${uri}\t${valid ? 'valid' : `INVALID: ${reason}`}`;
  return { region, backfill, bucket, key, uri, valid, line, ...(reason === undefined ? {} : { reason }) };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** assert_cloudtrail_arn_is_valid plus the fields awscli takes from the ARN. */
export function parseTrailArn(trailArn: string): { homeRegion: string; accountId: string; trailName: string } {
  if (!/^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/.test(trailArn)) throw new Error(`Invalid trail ARN provided: ${trailArn}`);
  const parts = trailArn.split(':');
  return { homeRegion: parts[3]!, accountId: parts[4]!, trailName: trailArn.split('/').pop()! };
}
