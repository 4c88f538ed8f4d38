/**
 * Keyset pagination: NextToken is the base64url of the last row's sort key, so a page costs one
 * index range scan however many rows precede it. A token that does not decode is rejected.
 */
import type { ListPosition } from '../../storage/ports/cloudhsm.js';
import { invalidRequest } from './errors.js';

export interface Cursor {
  /** Sort value of the last row returned (create time, or tag key). */
  k: number | string;
  /** Tie-breaker: the last row's id. */
  id?: string;
}

export function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeToken(token: string | undefined): Cursor | undefined {
  if (token === undefined) return undefined;
  const invalid = () => invalidRequest(`The NextToken '${token}' is invalid.`);
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) throw invalid();
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const c = cursor as Cursor;
  if (
    typeof c !== 'object' ||
    c === null ||
    !['number', 'string'].includes(typeof c.k) ||
    (c.id !== undefined && typeof c.id !== 'string')
  ) {
    throw invalid();
  }
  return c;
}

/** Splits `limit + 1` fetched rows into the page and the next token. */
export function pageOf<R>(rows: R[], limit: number, cursorOf: (r: R) => Cursor): { page: R[]; next?: string } {
  if (rows.length <= limit) return { page: rows };
  const page = rows.slice(0, limit);
  return { page, next: encodeToken(cursorOf(page[page.length - 1]!)) };
}

/** A create-time cursor as the repository's list position; a token whose key is not a time is invalid. */
export function positionOf(token: string | undefined): ListPosition | undefined {
  const cursor = decodeToken(token);
  if (!cursor) return undefined;
  if (typeof cursor.k !== 'number' || !Number.isFinite(cursor.k)) throw invalidRequest(`The NextToken '${token}' is invalid.`);
  return { createTime: new Date(cursor.k), id: cursor.id ?? '' };
}
