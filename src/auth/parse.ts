import type { HttpRequest } from '../protocol/http.js';
import type { AuthFailure } from './errors.js';
import type { QueryPair } from './canonical.js';
import { ALGORITHM, type SigV4Params } from './types.js';

/** Parsing either yields the SigV4 parameters or names the failure; verify.ts turns it into an error. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; failure: AuthFailure };
const fail = (failure: AuthFailure): Parsed<never> => ({ ok: false, failure });

export const MAX_PRESIGN_EXPIRES = 604_800;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`.
 * Components are comma-separated with optional blanks, in any order.
 */
export function parseAuthorizationHeader(authorization: string, securityToken?: string): Parsed<SigV4Params> {
  const trimmed = authorization.trim();
  const body = trimmed.slice(ALGORITHM.length).trim();
  const fields = new Map<string, string>();
  for (const raw of body.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return fail({ kind: 'malformed-pair', pair: part, authorization: trimmed });
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !fields.get(name));
  if (missing.length > 0) return fail({ kind: 'missing-components', missing, authorization: trimmed });
  return buildParams(fields.get('Credential')!, fields.get('SignedHeaders')!, fields.get('Signature')!, securityToken);
}

/** Query-string authentication: every X-Amz-* parameter is required except the security token. */
export function parsePresignQuery(pairs: QueryPair[]): Parsed<SigV4Params & { datetime: string }> {
  const get = (name: string): string | undefined => pairs.find(([k]) => k === name)?.[1];
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];
  const missing = required.filter((name) => !get(name));
  if (missing.length > 0) return fail({ kind: 'missing-components', missing, authorization: '' });
  const algorithm = get('X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) return fail({ kind: 'unsupported-algorithm', algorithm });
  const expires = parseExpires(get('X-Amz-Expires')!);
  if (!expires.ok) return expires;
  const params = buildParams(get('X-Amz-Credential')!, get('X-Amz-SignedHeaders')!, get('X-Amz-Signature')!, get('X-Amz-Security-Token'));
  if (!params.ok) return params;
  return { ok: true, value: { ...params.value, expires: expires.value, datetime: get('X-Amz-Date')! } };
}

function parseExpires(text: string): Parsed<number> {
  if (!/^-?\d+$/.test(text)) return fail({ kind: 'malformed-expires', reason: 'not-a-number' });
  const seconds = Number(text);
  if (seconds < 0) return fail({ kind: 'malformed-expires', reason: 'negative' });
  if (seconds > MAX_PRESIGN_EXPIRES) return fail({ kind: 'malformed-expires', reason: 'too-large' });
  return { ok: true, value: seconds };
}

function buildParams(credential: string, signedHeaders: string, signature: string, securityToken?: string): Parsed<SigV4Params> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[0] === '') return fail({ kind: 'malformed-credential', credential });
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return {
    ok: true,
    value: {
      accessKeyId,
      date,
      region,
      service,
      terminator,
      signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
      signature,
      ...(securityToken !== undefined ? { securityToken } : {}),
    },
  };
}

/** The request time: X-Amz-Date, else the Date header (RFC 1123), as an X-Amz-Date string. */
export function requestDatetime(req: HttpRequest): Parsed<{ datetime: string; time: Date }> {
  const amz = req.headers['x-amz-date'];
  if (amz !== undefined) return parseAmzDate(amz.trim());
  const date = req.headers['date'];
  if (date === undefined) return fail({ kind: 'missing-date' });
  const ms = Date.parse(date);
  if (Number.isNaN(ms)) return fail({ kind: 'malformed-date', value: date });
  const time = new Date(ms);
  return {
    ok: true,
    value: {
      datetime: time
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, ''),
      time,
    },
  };
}

export function parseAmzDate(value: string): Parsed<{ datetime: string; time: Date }> {
  const m = AMZ_DATE.exec(value);
  if (!m) return fail({ kind: 'malformed-date', value });
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const time = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (time.getUTCMonth() !== mo - 1 || time.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return fail({ kind: 'malformed-date', value });
  }
  return { ok: true, value: { datetime: value, time } };
}
