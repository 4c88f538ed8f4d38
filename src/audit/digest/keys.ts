import { awsLogsRoot, type AccountLocation } from '../deliver/aws-logs-path.js';
import { dateFolder, secondStamp } from '../deliver/time-format.js';

/** Identifies one digest chain: a trail's digests for one source region and account. */
export interface DigestChainLocation extends AccountLocation {
  /** Source region (folder and first region in the file name). */
  region: string;
  trailName: string;
  /** Trail home region (last region in the file name). */
  homeRegion: string;
}

const BACKFILL_SUFFIX = '_backfill.json.gz';

/** `[prefix/]AWSLogs/[o-id/]{acct}/CloudTrail-Digest/{region}` — the ListObjects prefix validate-logs uses (no trailing slash). */
export function digestPrefix(loc: AccountLocation & { region: string }): string {
  return `${awsLogsRoot(loc)}CloudTrail-Digest/${loc.region}`;
}

/**
 * `…/CloudTrail-Digest/{region}/{yyyy}/{mm}/{dd}/{acct}_CloudTrail-Digest_{region}_{trail}_{home}_{yyyymmddThhmmssZ}[_backfill].json.gz`
 * The date folder and stamp are the digest END time (the verifier compares the stamp with its range).
 */
export function digestKey(loc: DigestChainLocation & { endTime: Date; backfill?: boolean }): string {
  const { accountId, region, trailName, homeRegion, endTime } = loc;
  return (
    `${digestPrefix(loc)}/${dateFolder(endTime)}/` +
    `${accountId}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_${secondStamp(endTime)}` +
    (loc.backfill ? BACKFILL_SUFFIX : '.json.gz')
  );
}

/** awscli's `_create_digest_key_regex`: which listed keys belong to this chain (standard and backfill). */
export function digestKeyRegex(loc: DigestChainLocation): RegExp {
  const e = escapeRegex;
  const org = loc.organizationId ? `${loc.organizationId}/` : ''; // awscli does not escape the org id either
  const acct = e(loc.accountId);
  const body =
    `AWSLogs/${org}${acct}/CloudTrail\\-Digest/${e(loc.region)}/\\d+/\\d+/\\d+/` +
    `${acct}_CloudTrail\\-Digest_${e(loc.region)}_${e(loc.trailName)}_${e(loc.homeRegion)}_.+(?:_backfill)?\\.json\\.gz`;
  return new RegExp(`^${loc.prefix ? `${e(loc.prefix)}/` : ''}${body}$`);
}

export function isBackfillDigestKey(key: string): boolean {
  return key.endsWith(BACKFILL_SUFFIX);
}

/** The 16-character stamp, sliced by fixed offsets exactly as awscli's extract_digest_key_date does. */
export function extractDigestKeyStamp(key: string): string {
  return isBackfillDigestKey(key) ? sliceFromEnd(key, 33, 17) : sliceFromEnd(key, 24, 8);
}

/** Python's `s[-from:-to]`. */
function sliceFromEnd(s: string, from: number, to: number): string {
  return s.slice(Math.max(0, s.length - from), Math.max(0, s.length - to));
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-/]/g, '\\$&');
}
