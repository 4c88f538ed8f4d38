import type { ObjectStore } from '../../storage/objects/ports.js';
import { secondStamp } from '../deliver/time-format.js';
import {
  digestKey,
  digestKeyRegex,
  digestPrefix,
  extractDigestKeyStamp,
  isBackfillDigestKey,
  type DigestChainLocation,
} from '../digest/keys.js';
import { gunzipFirstMember } from './gunzip.js';
import { readAll } from './read-all.js';

/** A digest failure awscli reports and steps past (its DigestError); `reason` follows "INVALID: ". */
export class DigestError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Digest file\ts3://${bucket}/${key}\tINVALID: ${reason}`);
  }
}

export interface FetchedDigest {
  data: Record<string, unknown>;
  /** The inflated bytes the signature's hash covers. */
  inflated: Buffer;
  signature: string;
  signatureAlgorithm: string;
  backfillGenerationTimestamp?: string;
}

/** Chain identity minus the prefix, which can differ per bucket as the traverser follows links. */
export type ChainIdentity = Omit<DigestChainLocation, 'prefix'>;

/** awscli's DigestProvider: lists a chain's digest keys in range and loads digests. */
export class DigestProvider {
  private readonly cache = new Map<string, { standard: string[]; backfill: string[] }>();

  constructor(
    private readonly store: ObjectStore,
    readonly chain: ChainIdentity,
  ) {}

  /** Keys in ascending order; the returned array is shared and consumed (popped) by the traverser, as in awscli. */
  async digestKeysInRange(bucket: string, prefix: string | undefined, start: Date, end: Date, backfill: boolean): Promise<string[]> {
    const cacheKey = JSON.stringify([bucket, prefix ?? null, start.getTime(), end.getTime()]);
    let lists = this.cache.get(cacheKey);
    if (!lists) {
      lists = await this.listAll(bucket, prefix, start, end);
      this.cache.set(cacheKey, lists);
    }
    return backfill ? lists.backfill : lists.standard;
  }

  private async listAll(bucket: string, prefix: string | undefined, start: Date, end: Date) {
    const loc = { ...this.chain, prefix };
    const marker = this.markerKey(prefix, start);
    const regex = digestKeyRegex(loc);
    const first = secondStamp(start);
    const last = secondStamp(new Date(end.getTime() + 3600_000)); // digests spilling into the next hour
    const lists = { standard: [] as string[], backfill: [] as string[] };
    for await (const key of this.listKeys(bucket, digestPrefix(loc), marker)) {
      if (!regex.test(key)) continue;
      const stamp = extractDigestKeyStamp(key);
      if (stamp > last) break;
      if (stamp < first) continue;
      (isBackfillDigestKey(key) ? lists.backfill : lists.standard).push(key);
    }
    return lists;
  }

  /** The key a digest ending one minute before `start` would have: the exclusive ListObjects marker. */
  private markerKey(prefix: string | undefined, start: Date): string {
    return digestKey({ ...this.chain, prefix, endTime: new Date(start.getTime() - 60_000) });
  }

  private async *listKeys(bucket: string, prefix: string, startAfter: string): AsyncGenerator<string> {
    let continuationToken: string | undefined;
    do {
      const page = await this.store.listObjects(bucket, { prefix, startAfter, continuationToken });
      for (const object of page.objects) yield object.key;
      continuationToken = page.nextContinuationToken;
    } while (continuationToken);
  }

  /** fetch_digest: inflate + parse (else invalid format), then the signature metadata checks. */
  async fetchDigest(bucket: string, key: string): Promise<FetchedDigest> {
    const object = await this.store.getObject(bucket, key);
    const raw = await readAll(object.body);
    let inflated: Buffer;
    let data: unknown;
    try {
      inflated = gunzipFirstMember(raw);
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
    } catch {
      throw new DigestError(bucket, key, 'invalid format');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new DigestError(bucket, key, 'invalid format');
    const { metadata } = object;
    const signature = metadata['signature'];
    const signatureAlgorithm = metadata['signature-algorithm'];
    if (signature === undefined || signatureAlgorithm === undefined) {
      throw new DigestError(bucket, key, 'signature verification failed');
    }
    const fetched: FetchedDigest = { data: data as Record<string, unknown>, inflated, signature, signatureAlgorithm };
    if (isBackfillDigestKey(key)) {
      fetched.backfillGenerationTimestamp = metadata['backfill-generation-timestamp'];
      if (fetched.backfillGenerationTimestamp === undefined) throw new DigestError(bucket, key, 'invalid format');
    }
    return fetched;
  }
}
