import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ObjectStore, PutObjectOptions } from '../../storage/objects/ports.js';
import { awsLogsRoot, type AccountLocation } from './aws-logs-path.js';
import { dateFolder, isoSeconds, minuteStamp } from './time-format.js';

export interface LogFileKeyInput extends AccountLocation {
  /** Source region the events were recorded in. */
  region: string;
  /** Delivery (publish) time: picks the date folder and the minute stamp. */
  time: Date;
  /** 16 characters of [A-Za-z0-9]; see deterministicUniqueId. */
  uniqueId: string;
}

/** `[prefix/]AWSLogs/[o-id/]{acct}/CloudTrail/{region}/{yyyy}/{mm}/{dd}/{acct}_CloudTrail_{region}_{yyyymmddThhmmZ}_{unique}.json.gz` */
export function logFileKey(input: LogFileKeyInput): string {
  if (!/^[A-Za-z0-9]{16}$/.test(input.uniqueId)) {
    throw new Error(`log file unique id must be 16 alphanumerics, got ${JSON.stringify(input.uniqueId)}`);
  }
  const { accountId, region, time, uniqueId } = input;
  return (
    `${awsLogsRoot(input)}CloudTrail/${region}/${dateFolder(time)}/` +
    `${accountId}_CloudTrail_${region}_${minuteStamp(time)}_${uniqueId}.json.gz`
  );
}

export interface BuiltLogFile {
  gzipped: Buffer;
  /** Lowercase hex SHA-256 of the uncompressed JSON: the digest's logFiles[].hashValue. */
  sha256Hex: string;
  oldestEventTime: string;
  newestEventTime: string;
  recordCount: number;
}

/**
 * Serializes once, hashes those exact bytes and gzips them as a single member (the verifier's zlib
 * stops after the first gzip member, so multi-member files would hash wrongly).
 */
export function buildLogFile(records: object[]): BuiltLogFile {
  if (records.length === 0) throw new Error('a CloudTrail log file holds at least one record');
  const json = Buffer.from(JSON.stringify({ Records: records }), 'utf8');
  const { oldest, newest } = eventTimeRange(records);
  return {
    gzipped: gzipSync(json),
    sha256Hex: createHash('sha256').update(json).digest('hex'),
    oldestEventTime: oldest,
    newestEventTime: newest,
    recordCount: records.length,
  };
}

/**
 * The same file from stored records (JSON text as recorded): concatenated, not parsed and
 * re-serialised — the bytes are identical, and delivery stays close to raw gzip speed.
 */
export function buildLogFileFromStored(events: Array<{ record: string; eventTime: Date }>): BuiltLogFile {
  if (events.length === 0) throw new Error('a CloudTrail log file holds at least one record');
  const json = Buffer.from(`{"Records":[${events.map((e) => e.record).join(',')}]}`, 'utf8');
  let oldest = events[0]!.eventTime;
  let newest = oldest;
  for (const { eventTime } of events) {
    if (eventTime < oldest) oldest = eventTime;
    if (eventTime > newest) newest = eventTime;
  }
  return {
    gzipped: gzipSync(json),
    sha256Hex: createHash('sha256').update(json).digest('hex'),
    oldestEventTime: isoSeconds(oldest),
    newestEventTime: isoSeconds(newest),
    recordCount: events.length,
  };
}

function eventTimeRange(records: object[]): { oldest: string; newest: string } {
  let oldest: { ms: number; text: string } | undefined;
  let newest: { ms: number; text: string } | undefined;
  for (const record of records) {
    const text = (record as { eventTime?: unknown }).eventTime;
    const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
    if (typeof text !== 'string' || Number.isNaN(ms)) throw new Error(`record without a valid eventTime: ${String(text)}`);
    if (!oldest || ms < oldest.ms) oldest = { ms, text };
    if (!newest || ms > newest.ms) newest = { ms, text };
  }
  return { oldest: oldest!.text, newest: newest!.text };
}

/** The headers CloudTrail stores log files with, as real log objects carry them: JSON, gzip-encoded. */
export const LOG_FILE_PUT_OPTIONS: Readonly<PutObjectOptions> = Object.freeze({
  contentType: 'application/json',
  contentEncoding: 'gzip',
});

export async function putLogFile(store: ObjectStore, bucket: string, key: string, file: BuiltLogFile): Promise<void> {
  await store.putObject(bucket, key, file.gzipped, { ...LOG_FILE_PUT_OPTIONS });
}
