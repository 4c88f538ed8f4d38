import type { ObjectStore } from '../../storage/objects/ports.js';
import { buildLogFile, logFileKey, putLogFile } from '../deliver/log-file.js';
import { isoSeconds } from '../deliver/time-format.js';
import { deterministicUniqueId } from '../deliver/unique-id.js';
import { buildDigest, digestLogFileEntry, putDigest, type BuiltDigest, type DigestLogFile } from '../digest/digest-file.js';
import { generateSigningKey, listPublicKeysValue, type SigningKey } from '../digest/signing-key.js';
import type { PublicKeySource } from '../validate/traverser.js';

export interface FixtureTrail {
  store: ObjectStore;
  bucket: string;
  prefix?: string;
  accountId: string;
  region: string;
  trailName: string;
  /** First digest period starts here; CloudTrail's hours are not wall-clock aligned. */
  start: Date;
  /** Log files delivered in each hour; 0 = an empty digest. */
  logsPerHour: number[];
  key?: SigningKey;
}

export interface DeliveredTrail {
  trailArn: string;
  key: SigningKey;
  digests: BuiltDigest[];
  logKeys: string[];
  /** A ListPublicKeys stand-in returning the fixture key (30-day validity from `start − 1 day`). */
  publicKeys: PublicKeySource;
}

const HOUR = 3600_000;
const MINUTE = 60_000;

/** Delivers a trail's log files and a chained hourly digest per hour, like CloudTrail's delivery loop. */
export async function deliverFixtureTrail(t: FixtureTrail): Promise<DeliveredTrail> {
  const key = t.key ?? generateSigningKey();
  const trailArn = `arn:aws:cloudtrail:${t.region}:${t.accountId}:trail/${t.trailName}`;
  const chain = { prefix: t.prefix, accountId: t.accountId, region: t.region, trailName: t.trailName, homeRegion: t.region };
  const digests: BuiltDigest[] = [];
  const logKeys: string[] = [];
  let seq = 0;
  for (const [hour, count] of t.logsPerHour.entries()) {
    const periodStart = new Date(t.start.getTime() + hour * HOUR);
    const entries: DigestLogFile[] = [];
    for (let i = 0; i < count; i++) {
      const deliveredAt = new Date(periodStart.getTime() + (i + 1) * 5 * MINUTE);
      const records = [0, 1].map((n) => fakeRecord(new Date(deliveredAt.getTime() - (3 - n) * MINUTE), t, ++seq));
      const file = buildLogFile(records);
      const uniqueId = deterministicUniqueId(trailArn, seq - 1, seq);
      const s3Object = logFileKey({ ...chain, time: deliveredAt, uniqueId });
      await putLogFile(t.store, t.bucket, s3Object, file);
      entries.push(digestLogFileEntry(t.bucket, s3Object, file));
      logKeys.push(s3Object);
    }
    const digest = buildDigest({
      chain,
      bucket: t.bucket,
      period: { start: periodStart, end: new Date(periodStart.getTime() + HOUR) },
      logFiles: entries,
      previous: digests.at(-1) ?? null,
      key,
    });
    await putDigest(t.store, digest);
    digests.push(digest);
  }
  const validityStart = new Date(t.start.getTime() - 24 * HOUR);
  const validityEnd = new Date(validityStart.getTime() + 30 * 24 * HOUR);
  const publicKeys: PublicKeySource = async (start, end) =>
    start < validityEnd && end > validityStart
      ? [{ fingerprint: key.fingerprint, value: listPublicKeysValue(key), validityStart, validityEnd }]
      : [];
  return { trailArn, key, digests, logKeys, publicKeys };
}

function fakeRecord(at: Date, t: FixtureTrail, seq: number): object {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', accountId: t.accountId },
    eventTime: isoSeconds(at),
    eventSource: 'cloudhsm.amazonaws.com',
    eventName: 'DescribeClusters',
    awsRegion: t.region,
    sourceIPAddress: '127.0.0.1',
    eventID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: t.accountId,
  };
}
