import { isServiceError } from '../../errors/service-error.js';
import { parseSecondStamp } from '../deliver/time-format.js';
import { extractDigestKeyStamp } from '../digest/keys.js';
import { DigestError, type DigestProvider, type FetchedDigest } from './digest-provider.js';
import { displayDate } from './report.js';
import { verifyFetchedDigest } from './verify-digest.js';

export interface PublicKeyInfo {
  fingerprint: string;
  /** Raw PKCS#1 DER (the decoded ListPublicKeys Value). */
  value: Buffer;
  validityStart: Date;
  validityEnd: Date;
}

/** ListPublicKeys for a window; `region` is the source region being validated (keys are per region). */
export type PublicKeySource = (start: Date, end: Date, region: string) => Promise<PublicKeyInfo[]>;

export interface ValidDigest extends FetchedDigest {
  bucket: string;
  key: string;
}

/** awscli's on_missing / on_invalid / on_gap callbacks. */
export interface TraversalListener {
  missing(bucket: string, key: string): void;
  invalid(bucket: string, key: string, reason: string): void;
  gap(bucket: string, nextEnd: Date, lastStart: Date): void;
}

const HOUR = 3600_000;

/**
 * awscli's DigestTraverser: walks one chain newest → oldest following previousDigestS3Object, falling
 * back to the next older listed key when a link is missing, broken or invalid. Yields valid digests.
 */
export class DigestTraverser {
  constructor(
    private readonly provider: DigestProvider,
    private readonly publicKeySource: PublicKeySource,
    private readonly listener: TraversalListener,
  ) {}

  async *traverse(bucket: string, prefix: string | undefined, start: Date, end: Date, backfill: boolean): AsyncGenerator<ValidDigest> {
    let digests = await this.provider.digestKeysInRange(bucket, prefix, start, end, backfill);
    const publicKeys = backfill ? new Map<string, PublicKeyInfo>() : await this.loadPublicKeys(start, new Date(end.getTime() + 2 * HOUR));
    let [key, endDate] = lastDigest(digests);
    let lastStart = endDate;
    while (key && lastStart && start.getTime() <= lastStart.getTime()) {
      try {
        const digest = await this.loadAndValidate(publicKeys, bucket, key, backfill);
        endDate = parseDate(digest.data['digestEndTime']);
        lastStart = parseDate(digest.data['digestStartTime']);
        yield digest;
        const previousBucket = digest.data['previousDigestS3Bucket'];
        const previousKey = digest.data['previousDigestS3Object'];
        if (previousBucket == null || previousKey == null) {
          [key, endDate] = this.findNext(digests, key, (next, nextEnd) => next && this.listener.gap(bucket, nextEnd!, lastStart!));
        } else {
          key = String(previousKey);
          if (previousBucket !== bucket) {
            bucket = String(previousBucket);
            digests = await this.provider.digestKeysInRange(bucket, prefix, start, endDate, backfill);
          }
        }
      } catch (e) {
        const failedKey = key!;
        if (isServiceError(e) && e.code !== 'NoSuchKey') throw e; // any other S3 error aborts the run
        if (isServiceError(e)) this.listener.missing(bucket, failedKey);
        else if (e instanceof DigestError) this.listener.invalid(e.bucket, e.key, e.reason);
        else this.listener.invalid(bucket, failedKey, (e as Error).message);
        [key, endDate] = this.findNext(digests, failedKey, () => undefined);
      }
    }
  }

  private async loadAndValidate(
    publicKeys: Map<string, PublicKeyInfo>,
    bucket: string,
    key: string,
    backfill: boolean,
  ): Promise<ValidDigest> {
    const fetched = await this.provider.fetchDigest(bucket, key);
    const { data } = fetched;
    for (const member of REQUIRED_MEMBERS) {
      if (!(member in data)) throw new DigestError(bucket, key, 'invalid format');
    }
    if (data['digestS3Bucket'] !== bucket || data['digestS3Object'] !== key) {
      throw new DigestError(bucket, key, 'has been moved from its original location');
    }
    const fingerprint = String(data['digestPublicKeyFingerprint']);
    if (!publicKeys.has(fingerprint) && backfill) {
      const generated = parseDate(fetched.backfillGenerationTimestamp);
      const found = await this.loadPublicKeys(new Date(generated.getTime() - HOUR), new Date(generated.getTime() + HOUR));
      for (const [fp, info] of found) publicKeys.set(fp, info);
    }
    const publicKey = publicKeys.get(fingerprint);
    if (!publicKey) {
      throw new DigestError(bucket, key, `public key not found in region ${this.provider.chain.homeRegion} for fingerprint ${fingerprint}`);
    }
    verifyFetchedDigest(bucket, key, publicKey.value, fetched);
    parseDate(data['digestEndTime']);
    return { ...fetched, bucket, key };
  }

  private async loadPublicKeys(start: Date, end: Date): Promise<Map<string, PublicKeyInfo>> {
    const keys = await this.publicKeySource(start, end, this.provider.chain.region);
    if (keys.length === 0) throw new Error(`No public keys found between ${displayDate(start)} and ${displayDate(end)}`);
    return new Map(keys.map((k) => [k.fingerprint, k]));
  }

  /** _find_next_digest: pops the next listed key older than `lastKey`, then notifies. */
  private findNext(
    digests: string[],
    lastKey: string,
    notify: (nextKey: string | undefined, nextEnd: Date | undefined) => void,
  ): [string | undefined, Date | undefined] {
    const found = lastDigest(digests, lastKey);
    notify(found[0], found[1]);
    return found;
  }
}

const REQUIRED_MEMBERS = [
  'digestPublicKeyFingerprint',
  'digestS3Bucket',
  'digestS3Object',
  'previousDigestSignature',
  'digestEndTime',
  'digestStartTime',
];

/** _get_last_digest: the newest listed key, or the newest one older than `beforeKey` (consuming the list). */
function lastDigest(digests: string[], beforeKey?: string): [string | undefined, Date | undefined] {
  if (beforeKey === undefined) {
    const next = digests.pop();
    return next === undefined ? [undefined, undefined] : [next, keyDate(next)];
  }
  const before = keyDate(beforeKey).getTime();
  while (digests.length > 0) {
    const next = digests.pop()!;
    const date = keyDate(next);
    if (date.getTime() < before) return [next, date];
  }
  return [undefined, undefined];
}

function keyDate(key: string): Date {
  return parseSecondStamp(extractDigestKeyStamp(key));
}

/** dateutil-style parse, labelled UTC when the text has no zone (awscli's normalize_date). */
export function parseDate(value: unknown): Date {
  const text = String(value);
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const date = new Date(zoned);
  if (Number.isNaN(date.getTime())) throw new Error(`Unable to parse date value: ${text}`);
  return date;
}
