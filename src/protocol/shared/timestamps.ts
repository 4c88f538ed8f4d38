/** The three timestamp encodings the AWS protocols use. Parsers return undefined for garbage instead of throwing. */

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;
const NUMERIC_RE = /^-?\d+(\.\d+)?$/;

/** `2026-01-02T03:04:05.000Z`, the form the query and XML protocols use. */
export function toIso8601(d: Date): string {
  return d.toISOString();
}

/** Epoch seconds with a millisecond fraction, as awsJson sends timestamps. */
export function toEpochSeconds(d: Date): number {
  return d.getTime() / 1000;
}

/** `Fri, 02 Jan 2026 03:04:05 GMT` (RFC 7231 IMF-fixdate), used in HTTP headers. */
export function toHttpDate(d: Date): string {
  return d.toUTCString();
}

export function parseIso8601(s: string): Date | undefined {
  if (!ISO_RE.test(s)) return undefined;
  return validDate(new Date(s));
}

export function parseHttpDate(s: string): Date | undefined {
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(s)) return undefined;
  return validDate(new Date(s));
}

export function parseEpochSeconds(v: number | string): Date | undefined {
  if (typeof v === 'string' && !NUMERIC_RE.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? validDate(new Date(Math.round(n * 1000))) : undefined;
}

/** Any of the three, for inputs where clients differ (query timestamps, header dates). */
export function parseAnyTimestamp(s: string): Date | undefined {
  return parseIso8601(s) ?? parseHttpDate(s) ?? parseEpochSeconds(s);
}

function validDate(d: Date): Date | undefined {
  return Number.isNaN(d.getTime()) ? undefined : d;
}
