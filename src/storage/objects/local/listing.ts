import type { Statement } from 'better-sqlite3';
import type { Db } from '../../sqlite/database.js';
import { S3Errors } from '../s3-errors.js';
import { checksumsOf, type ObjectRow } from './objects.js';
import type { BucketRecord, ChecksumAlgorithm } from './types.js';

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

/**
 * The smallest string greater than every string starting with `prefix`: its last code point plus
 * one (skipping surrogates). UTF-8 preserves code-point order and no encoding is a prefix of
 * another, so [prefix, prefixEnd) is exactly the keys under prefix. Undefined when unbounded.
 */
export function prefixEnd(prefix: string): string | undefined {
  const cps = [...prefix];
  while (cps.length > 0) {
    const cp = cps.pop()!.codePointAt(0)!;
    if (cp < 0x10ffff) return cps.join('') + String.fromCodePoint(cp === 0xd7ff ? 0xe000 : cp + 1);
  }
  return undefined;
}

interface Bound {
  value: string;
  inclusive: boolean;
}

/**
 * Pages through one bucket's keys in UTF-8 byte order with index range scans: each query is
 * `key > cursor [AND key < prefixEnd] ORDER BY key LIMIT n`, and a common prefix is skipped by
 * seeking to prefixEnd(commonPrefix), so the cost follows the page, not the bucket.
 */
export class Lister {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Db) {}

  page(bucket: string, opts: { prefix: string; delimiter?: string; after?: string; maxKeys: number }): ListPage {
    const { prefix, after, maxKeys } = opts;
    const delimiter = opts.delimiter || undefined;
    const upper = prefixEnd(prefix);
    const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
    if (maxKeys <= 0) return page;
    let lower: Bound | undefined =
      after !== undefined && after >= prefix ? { value: after, inclusive: false } : { value: prefix, inclusive: true };
    const entries: Array<string | ObjectRow> = [];
    while (lower && entries.length <= maxKeys) {
      const limit = maxKeys + 1 - entries.length;
      // Lazily stepped: a batch cut short by a common prefix reads only the rows it used.
      const step = this.consume(this.rows(bucket, lower, upper, limit), { prefix, delimiter, after }, entries, maxKeys + 1);
      if (step.seek !== undefined) lower = step.seek === 'end' ? undefined : step.seek;
      else lower = step.read < limit ? undefined : { value: step.lastKey!, inclusive: false };
    }
    page.isTruncated = entries.length > maxKeys;
    for (const e of entries.slice(0, maxKeys)) {
      if (typeof e === 'string') page.commonPrefixes.push(e);
      else page.contents.push(summarize(e));
      page.last = typeof e === 'string' ? e : e.key;
    }
    return page;
  }

  /** Appends entries from rows; stops with a seek target when a common prefix ends the batch. */
  private consume(
    rows: Iterable<ObjectRow>,
    opts: { prefix: string; delimiter?: string; after?: string },
    entries: Array<string | ObjectRow>,
    cap: number,
  ): { read: number; lastKey?: string; seek?: Bound | 'end' } {
    let read = 0;
    let lastKey: string | undefined;
    for (const row of rows) {
      if (entries.length >= cap) break;
      read++;
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
      return { read, lastKey, seek: end === undefined ? 'end' : { value: end, inclusive: true } };
    }
    return { read, lastKey };
  }

  private rows(bucket: string, lower: Bound, upper: string | undefined, limit: number): Iterable<ObjectRow> {
    const sql = `SELECT * FROM s3_objects WHERE bucket = ? AND key ${lower.inclusive ? '>=' : '>'} ?${
      upper === undefined ? '' : ' AND key < ?'
    } ORDER BY key LIMIT ?`;
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare<unknown[]>(sql)));
    const args = upper === undefined ? [bucket, lower.value, limit] : [bucket, lower.value, upper, limit];
    return stmt.iterate(...args) as Iterable<ObjectRow>;
  }
}

function summarize(row: ObjectRow): ObjectSummary {
  return {
    key: row.key,
    lastModified: new Date(row.last_modified),
    etag: row.etag,
    size: row.size,
    storageClass: 'STANDARD',
    checksumAlgorithms: Object.keys(checksumsOf(row)) as ChecksumAlgorithm[],
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

export function listObjectsV1(lister: Lister, bucket: BucketRecord, opts: ListObjectsV1Options): ListObjectsV1Result {
  const prefix = opts.prefix ?? '';
  const maxKeys = clampMaxKeys(opts.maxKeys);
  const page = lister.page(bucket.name, { prefix, delimiter: opts.delimiter, after: opts.marker || undefined, maxKeys });
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
export function listObjectsV2(lister: Lister, bucket: BucketRecord, opts: ListObjectsV2Options): ListObjectsV2Result {
  const prefix = opts.prefix ?? '';
  const maxKeys = clampMaxKeys(opts.maxKeys);
  const after = opts.continuationToken !== undefined ? decodeContinuationToken(opts.continuationToken) : opts.startAfter || undefined;
  const page = lister.page(bucket.name, { prefix, delimiter: opts.delimiter, after, maxKeys });
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
