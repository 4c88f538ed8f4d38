import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { RECORD_DICTIONARY_1 } from './record-dictionary-1.js';

/**
 * A compressed event record is one byte naming the dictionary, then deflate-raw (RFC 1951) against
 * that preset dictionary: records are ~1 KB, too short for deflate to find much repetition within
 * one, but nearly all of one is field names and values every record shares. A dictionary, once
 * committed, never changes; a new one gets the next number and old rows stay readable.
 */
const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([[1, Buffer.from(RECORD_DICTIONARY_1, 'utf8')]]);
const CURRENT = 1;

/** What compresses: the dictionary new rows name, and deflate's options (compression-thread.ts applies them too). */
export const COMPRESSION = { version: CURRENT, dictionary: DICTIONARIES.get(CURRENT)!, level: 6 } as const;

export function compressRecord(record: string): Buffer {
  const body = deflateRawSync(record, { dictionary: COMPRESSION.dictionary, level: COMPRESSION.level });
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = COMPRESSION.version;
  body.copy(out, 1);
  return out;
}

/** A stored record as its exact JSON text: uncompressed rows are text, compressed ones blobs. */
export function recordText(stored: string | Uint8Array): string {
  if (typeof stored === 'string') return stored;
  const dictionary = DICTIONARIES.get(stored[0]!);
  if (!dictionary) throw new Error(`event record compressed against unknown dictionary ${stored[0]}`);
  return inflateRawSync(stored.subarray(1), { dictionary }).toString('utf8');
}
