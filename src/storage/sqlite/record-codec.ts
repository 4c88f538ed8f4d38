import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { inflateSync } from 'fflate';
import type { Db } from './database.js';
import { RECORD_DICTIONARY_1 } from './record-dictionary-1.js';

/**
 * A compressed event record is one byte naming the dictionary, then deflate-raw (RFC 1951) against
 * that preset dictionary: records are ~1 KB, too short for deflate to find much repetition within
 * one, but nearly all of one is field names and values every record shares. Dictionary 1 is built
 * in (the server's own field names and shapes); 2 and up are trained from a store's own records and
 * kept in it (event_dictionaries, record-dictionaries.ts). A dictionary, once committed, never
 * changes: a newer one gets the next number, and old rows stay readable with the one they name.
 *
 * Rows naming dictionary 2 and up also carry the text's length in bytes (an unsigned LEB128 varint
 * after the number): knowing it, fflate inflates into a buffer of that size, a few µs a record, where
 * Node's inflateRawSync costs ~20 µs, nearly all of it setting up a zlib stream per call. Rows naming
 * dictionary 1 were written without it, and still inflate through zlib.
 */
export interface RecordDictionary {
  id: number;
  bytes: Buffer;
}

export const BUILT_IN_DICTIONARY: RecordDictionary = { id: 1, bytes: Buffer.from(RECORD_DICTIONARY_1, 'utf8') };

/** deflate's level (compression-thread.ts applies it too). */
export const DEFLATE_LEVEL = 6;

export function compressRecord(record: string, dictionary: RecordDictionary = BUILT_IN_DICTIONARY): Buffer {
  const text = Buffer.from(record, 'utf8');
  const body = deflateRawSync(text, { dictionary: dictionary.bytes, level: DEFLATE_LEVEL });
  const header = [dictionary.id, ...(dictionary.id === BUILT_IN_DICTIONARY.id ? [] : uvarint(text.length))];
  return Buffer.concat([Buffer.from(header), body]);
}

/** Unsigned LEB128 (compression-thread.ts writes the same). */
function uvarint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
  out.push(n);
  return out;
}

/** A store's dictionaries by number, read once per connection: committed dictionaries never change. */
const loaded = new WeakMap<Db, Map<number, Buffer>>();

export function dictionaryBytes(db: Db, id: number): Buffer | undefined {
  if (id === BUILT_IN_DICTIONARY.id) return BUILT_IN_DICTIONARY.bytes;
  let known = loaded.get(db);
  if (!known) loaded.set(db, (known = new Map()));
  let bytes = known.get(id);
  if (!bytes) {
    bytes = db.prepare('SELECT dictionary FROM event_dictionaries WHERE id = ?').pluck().get(id) as Buffer | undefined;
    if (bytes) known.set(id, bytes);
  }
  return bytes;
}

/** A stored record as its exact JSON text: uncompressed rows are text, compressed ones blobs. */
export function recordText(db: Db, stored: string | Uint8Array): string {
  if (typeof stored === 'string') return stored;
  const dictionary = dictionaryBytes(db, stored[0]!);
  if (!dictionary) throw new Error(`event record compressed against unknown dictionary ${stored[0]}`);
  if (stored[0] === BUILT_IN_DICTIONARY.id) return inflateRawSync(stored.subarray(1), { dictionary }).toString('utf8');
  let length = 0;
  let at = 1;
  for (let shift = 1; ; shift *= 0x80) {
    const byte = stored[at++]!;
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  // One byte of room: a stream longer than its stated length shows as a longer result, not a cut one.
  const text = inflateSync(stored.subarray(at), { dictionary, out: new Uint8Array(length + 1) });
  if (text.length !== length) throw new Error(`event record inflated to ${text.length} bytes, not the ${length} it states`);
  return Buffer.from(text.buffer, text.byteOffset, length).toString('utf8');
}
