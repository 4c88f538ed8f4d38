import { createHash } from 'node:crypto';
import { ALGORITHM } from './types.js';

/** RFC 3986 escaping as SigV4 requires: only A-Z a-z 0-9 - _ . ~ stay literal, hex is upper case. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Canonical URI. S3 signs the path exactly as sent. Every other service signs the normalized path
 * (dot segments and empty segments removed) escaped once more, so `%20` becomes `%2520` — botocore's
 * SigV4Auth._normalize_url_path and @smithy/signature-v4's uriEscapePath behave the same way.
 */
export function canonicalUri(rawPath: string, s3: boolean): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (s3) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return uriEscape(`${leading}${segments.join('/')}${trailing}`).replace(/%2F/g, '/');
}

export type QueryPair = [key: string, value: string];

/** Split a raw query string into decoded pairs; `+` is a literal plus (SDKs always send `%20`). */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(key), safeDecode(value)]);
  }
  return pairs;
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed escapes are signed as received, re-escaped below
  }
}

/**
 * Canonical query: every pair re-escaped with RFC 3986, sorted by key then value (byte order),
 * `key=` for empty values; the presigned signature itself is left out.
 */
export function canonicalQuery(pairs: QueryPair[]): string {
  const encoded: QueryPair[] = [];
  for (const [key, value] of pairs) {
    if (key === 'X-Amz-Signature') continue;
    encoded.push([uriEscape(key), uriEscape(value)]);
  }
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return encoded.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Trim and fold runs of blanks and line breaks to one space (botocore: ' '.join(value.split())). */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** `name:value\n` for each signed header, in the order given (SignedHeaders is already sorted). */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(headers[name] ?? '')}\n`;
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  uri: string;
  query: string;
  headers: string;
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return `${p.method}\n${p.uri}\n${p.query}\n${p.headers}\n${p.signedHeaders}\n${p.payloadHash}`;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function stringToSign(datetime: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${datetime}\n${scope}\n${sha256Hex(canonical)}`;
}
