import { S3Errors } from '../s3-errors.js';
import type { ByteRange } from './types.js';

/**
 * Resolves a Range header against an object size the way S3 does: one `bytes=` range is honoured
 * (first-last, first-, or -suffix); anything S3 ignores (other units, several ranges, bad syntax)
 * yields undefined, meaning the whole object; a well-formed range that selects nothing is InvalidRange.
 */
export function resolveRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw S3Errors.InvalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw S3Errors.InvalidRange(header, size);
  const last = m[2] === '' ? size - 1 : Number(m[2]);
  return { start, end: Math.min(last, size - 1) };
}

/** The Content-Range value for a 206 response. */
export const contentRange = (range: ByteRange, size: number) => `bytes ${range.start}-${range.end}/${size}`;
