import { createHash } from 'node:crypto';
import { lookupErrors } from './lookup-errors.js';

/** Where the previous page ended: keyset pagination on (event time, seq), newest first. */
export interface PageCursor {
  timeMs: number;
  seq: number;
}

/**
 * NextToken is opaque to clients: the cursor plus a hash of the request's filters, so a token
 * replayed with different parameters is rejected (InvalidNextTokenException), as AWS does.
 */
export function encodeNextToken(cursor: PageCursor, filters: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, t: cursor.timeMs, s: cursor.seq, f: filterHash(filters) })).toString('base64url');
}

export function decodeNextToken(token: string, filters: unknown): PageCursor {
  let parsed: { v?: unknown; t?: unknown; s?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw lookupErrors.nextToken();
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    parsed.v === 1 &&
    Number.isSafeInteger(parsed.t) &&
    Number.isSafeInteger(parsed.s) &&
    parsed.f === filterHash(filters);
  if (!valid) throw lookupErrors.nextToken();
  return { timeMs: parsed.t as number, seq: parsed.s as number };
}

function filterHash(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);
}
