import { invalidInput } from './errors.js';

const DEFAULT_MAX_ITEMS = 100;

/**
 * IAM's Marker/MaxItems/IsTruncated paging over an ordered list. The marker is opaque to clients:
 * base64 of the index where the next page starts.
 */
export function paginate<T>(
  items: readonly T[],
  input: { Marker?: string; MaxItems?: number },
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (input.Marker !== undefined) {
    start = Number(Buffer.from(input.Marker, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw invalidInput('Invalid Marker.');
  }
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const page = items.slice(start, start + max);
  const next = start + max;
  return next < items.length
    ? { page, IsTruncated: true, Marker: Buffer.from(String(next)).toString('base64') }
    : { page, IsTruncated: false };
}
