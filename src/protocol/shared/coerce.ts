/** Lenient conversions for values services hand to serializers (a Date or an ISO string; bytes or a string). */
import { parseAnyTimestamp } from './timestamps.js';

export function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v * 1000);
  const d = typeof v === 'string' ? parseAnyTimestamp(v) : undefined;
  if (!d) throw new TypeError(`not a timestamp: ${String(v)}`);
  return d;
}

export function asBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v), 'utf8');
}

export function scalarText(v: unknown): string {
  return typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity') : String(v);
}

/** Assigns a client-chosen key as an own property (a `__proto__` key must not replace the prototype). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
