import type { StoredObject } from '../../ports/objects.js';
import { S3Errors } from '../s3-errors.js';
import { prefixEnd } from './prefix-end.js';
import type { S3Tx } from './s3-tx.js';
import type { BucketRecord, ChecksumAlgorithm } from './types.js';

export { prefixEnd };

export const MAX_LIST_KEYS = 1000;

export interface ObjectSummary {
  key: string;
  lastModified: Date;
  etag: string;
  size: number;
  storageClass: 'STANDARD';
  checksumAlgorithms: ChecksumAlgorithm[];
}

export interface ListPage {
  contents: ObjectSummary[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last?: string;
}

interface Bound {
  value: string;
  inclusive: boolean;
}

/** Rows fetched per scan when a delimiter may cut the batch short at its first row; doubled while it does not. */
const FIRST_DELIMITED_BATCH = 16;

/**
 * Pages through one bucket's keys in UTF-8 byte order with key range scans: each scan is
 * `key > cursor [AND key < prefixEnd] ORDER BY key LIMIT n`, and a common prefix is skipped by
 * seeking to prefixEnd(commonPrefix), so the cost follows the page, not the bucket.
 */
export class Lister {
  async page(tx: S3Tx, bucket: string, opts: { prefix: string; delimiter?: string; after?: string; maxKeys: number }): Promise<ListPage> {
    const { prefix, after, maxKeys } = opts;
    const delimiter = opts.delimiter || undefined;
    const upper = prefixEnd(prefix);
    const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
    if (maxKeys <= 0) return page;
    let lower: Bound | undefined =
      after !== undefined && after >= prefix ? { value: after, inclusive: false } : { value: prefix, inclusive: true };
    const entries: Array<string | StoredObject> = [];
    let batch = delimiter === undefined ? maxKeys + 1 : FIRST_DELIMITED_BATCH;
    while (lower && entries.length <= maxKeys) {
      const limit = Math.min(batch, maxKeys + 1 - entries.length);
      const rows = await tx.objects.scan(bucket, { from: lower.value, inclusive: lower.inclusive, below: upper }, limit);
      const step = consume(rows, { prefix, delimiter, after }, entries, maxKeys + 1);
      if (step.seek !== undefined) lower = step.seek === 'end' ? undefined : step.seek;
      else {
        lower = rows.length < limit ? undefined : { value: step.lastKey!, inclusive: false };
        batch *= 2;
      }
    }
    page.isTruncated = entries.length > maxKeys;
    for (const e of entries.slice(0, maxKeys)) {
      if (typeof e === 'string') page.commonPrefixes.push(e);
      else page.contents.push(summarize(e));
      page.last = typeof e === 'string' ? e : e.key;
    }
    return page;
  }
}

/** Appends entries from rows; stops with a seek target when a common prefix ends the batch. */
function consume(
  rows: StoredObject[],
  opts: { prefix: string; delimiter?: string; after?: string },
  entries: Array<string | StoredObject>,
  cap: number,
): { lastKey?: string; seek?: Bound | 'end' } {
  let lastKey: string | undefined;
  for (const row of rows) {
    if (entries.length >= cap) break;
    lastKey = row.key;
    const cut = opts.delimiter === undefined ? -1 : row.key.indexOf(opts.delimiter, opts.prefix.length);
    if (cut < 0) {
      entries.push(row);
      continue;
    }
    const commonPrefix = row.key.slice(0, cut + opts.delimiter!.length);
    // A common prefix sorting at or before the marker was returned on an earlier page.
    if (opts.after === undefined || commonPrefix > opts.after) entries.push(commonPrefix);
    const end = prefixEnd(commonPrefix);
    return { lastKey, seek: end === undefined ? 'end' : { value: end, inclusive: true } };
  }
  return { lastKey };
}

function summarize(row: StoredObject): ObjectSummary {
  return {
    key: row.key,
    lastModified: row.lastModified,
    etag: row.etag,
    size: row.size,
    storageClass: 'STANDARD',
    checksumAlgorithms: Object.keys(row.checksums) as ChecksumAlgorithm[],
  };
}

/** maxKeys as S3 treats it: default and ceiling 1000. Negative values are the wire layer's InvalidArgument. */
export const clampMaxKeys = (maxKeys: number | undefined) => Math.min(Math.max(maxKeys ?? MAX_LIST_KEYS, 0), MAX_LIST_KEYS);

const TOKEN_VERSION = '1:';

/** Continuation tokens are opaque to clients; ours wraps the last entry returned. */
export const encodeContinuationToken = (last: string) => Buffer.from(TOKEN_VERSION + last).toString('base64url');

export function decodeContinuationToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString();
  if (!text.startsWith(TOKEN_VERSION) || Buffer.from(text).toString('base64url') !== token) {
    throw S3Errors.InvalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return text.slice(TOKEN_VERSION.length);
}

export interface ListObjectsV1Options {
  prefix?: string;
  delimiter?: string;
  marker?: string;
  maxKeys?: number;
}

export interface ListObjectsV2Options {
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  startAfter?: string;
  maxKeys?: number;
  fetchOwner?: boolean;
}

interface ListCommon {
  name: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  isTruncated: boolean;
  contents: ObjectSummary[];
  commonPrefixes: string[];
  /** The bucket owner, which owns every object here; V2 sets it only with fetchOwner. */
  owner?: { id: string };
}

export interface ListObjectsV1Result extends ListCommon {
  marker: string;
  /** Only when a delimiter was given and the page is truncated, as in S3. */
  nextMarker?: string;
}

export interface ListObjectsV2Result extends ListCommon {
  keyCount: number;
  continuationToken?: string;
  nextContinuationToken?: string;
  startAfter?: string;
}

export async function listObjectsV1(
  tx: S3Tx,
  lister: Lister,
  bucket: BucketRecord,
  opts: ListObjectsV1Options,
): Promise<ListObjectsV1Result> {
  const prefix = opts.prefix ?? '';
  const maxKeys = clampMaxKeys(opts.maxKeys);
  const page = await lister.page(tx, bucket.name, { prefix, delimiter: opts.delimiter, after: opts.marker || undefined, maxKeys });
  return {
    name: bucket.name,
    prefix,
    delimiter: opts.delimiter,
    maxKeys,
    marker: opts.marker ?? '',
    isTruncated: page.isTruncated,
    contents: page.contents,
    commonPrefixes: page.commonPrefixes,
    owner: { id: bucket.ownerAccountId },
    nextMarker: opts.delimiter && page.isTruncated ? page.last : undefined,
  };
}

/** A continuation token takes precedence over StartAfter, as in S3. */
export async function listObjectsV2(
  tx: S3Tx,
  lister: Lister,
  bucket: BucketRecord,
  opts: ListObjectsV2Options,
): Promise<ListObjectsV2Result> {
  const prefix = opts.prefix ?? '';
  const maxKeys = clampMaxKeys(opts.maxKeys);
  const after = opts.continuationToken !== undefined ? decodeContinuationToken(opts.continuationToken) : opts.startAfter || undefined;
  const page = await lister.page(tx, bucket.name, { prefix, delimiter: opts.delimiter, after, maxKeys });
  return {
    name: bucket.name,
    prefix,
    delimiter: opts.delimiter,
    maxKeys,
    isTruncated: page.isTruncated,
    contents: page.contents,
    commonPrefixes: page.commonPrefixes,
    owner: opts.fetchOwner ? { id: bucket.ownerAccountId } : undefined,
    keyCount: page.contents.length + page.commonPrefixes.length,
    continuationToken: opts.continuationToken,
    startAfter: opts.startAfter,
    nextContinuationToken: page.isTruncated && page.last !== undefined ? encodeContinuationToken(page.last) : undefined,
  };
}
