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

export function compressRecord(record: string): Buffer {
  const body = deflateRawSync(record, { dictionary: DICTIONARIES.get(CURRENT)!, level: 6 });
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = CURRENT;
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
