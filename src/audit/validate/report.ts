/**
 * The validator's JSON-serialisable results. `reason` carries awscli's exact INVALID text and
 * `line` the exact line `aws cloudtrail validate-logs` prints, so a CLI can reproduce its output.
 */

export type DigestReason =
  | 'not found'
  | 'invalid format'
  | 'signature verification failed'
  | 'has been moved from its original location'
  | `public key not found in region ${string}`
  | `Unable to load PKCS #1 key with fingerprint ${string}`
  | string;

export type LogFileReason = "hash value doesn't match" | 'not found' | 'invalid format';

interface FileResultBase {
  /** Source region of the chain this result belongs to. */
  region: string;
  backfill: boolean;
  bucket: string;
  key: string;
  /** `s3://bucket/key` */
  uri: string;
  valid: boolean;
  line: string;
}

export interface DigestResult extends FileResultBase {
  kind: 'digest';
  reason?: DigestReason;
  /** digestStartTime/digestEndTime of a valid digest. */
  startTime?: string;
  endTime?: string;
}

export interface LogFileResult extends FileResultBase {
  kind: 'log';
  reason?: LogFileReason;
  /** The digest that listed this log file. */
  digestKey: string;
}

/** A chain start with older digests in range: CloudTrail delivered nothing in between. */
export interface GapNotice {
  kind: 'gap';
  region: string;
  backfill: boolean;
  bucket: string;
  from: string;
  to: string;
  line: string;
}

export interface Count {
  valid: number;
  invalid: number;
  total: number;
}

export interface ValidationSummary {
  digests: Count;
  backfillDigests: Count;
  logFiles: Count;
}

export interface ValidationProblem {
  file: 'digest' | 'log';
  uri: string;
  reason: string;
  /** deleted = not found; modified = hash/signature mismatch; invalid = anything else. */
  category: 'deleted' | 'modified' | 'invalid';
}

export interface ValidationReport {
  trailArn: string;
  regions: string[];
  requestedStart: string;
  requestedEnd: string;
  /** Span covered by valid digests, clamped to the request (awscli's "Results found for"). */
  foundStart: string | null;
  foundEnd: string | null;
  digests: DigestResult[];
  logFiles: LogFileResult[];
  gaps: GapNotice[];
  summary: ValidationSummary;
  problems: ValidationProblem[];
  /** awscli's exit status: 1 when anything is invalid, else 0. */
  exitCode: 0 | 1;
}

export type ValidationProgress =
  { type: 'listed'; region: string; backfill: boolean; digestCount: number } | DigestResult | LogFileResult | GapNotice;

/** `2026-11-23T22:52:56Z`, awscli's DISPLAY_DATE_FORMAT. */
export function displayDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function summarize(digests: DigestResult[], logFiles: LogFileResult[]): ValidationSummary {
  const count = <T extends { valid: boolean }>(items: T[]): Count => {
    const valid = items.filter((i) => i.valid).length;
    return { valid, invalid: items.length - valid, total: items.length };
  };
  return {
    digests: count(digests.filter((d) => !d.backfill)),
    backfillDigests: count(digests.filter((d) => d.backfill)),
    logFiles: count(logFiles),
  };
}

export function problemsOf(digests: DigestResult[], logFiles: LogFileResult[]): ValidationProblem[] {
  return [...digests, ...logFiles]
    .filter((r) => !r.valid)
    .map((r) => ({ file: r.kind, uri: r.uri, reason: r.reason ?? '', category: categorize(r.reason ?? '') }));
}

function categorize(reason: string): ValidationProblem['category'] {
  if (reason === 'not found') return 'deleted';
  if (reason === "hash value doesn't match" || reason === 'signature verification failed') return 'modified';
  return 'invalid';
}
