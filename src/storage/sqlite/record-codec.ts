import { constants, deflateRawSync } from 'node:zlib';
import type { Db } from './database.js';
import { DictionaryInflater } from './inflate-raw.js';
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
 * after the number), which the inflater checks; rows naming dictionary 1 were written without it.
 * Either inflates through one DictionaryInflater per dictionary (inflate-raw.ts), about 1.3 µs a
 * record, where Node's inflateRawSync costs ~15-20 µs, nearly all of it setting up a zlib stream.
 */
export interface RecordDictionary {
  id: number;
  bytes: Buffer;
}

export const BUILT_IN_DICTIONARY: RecordDictionary = { id: 1, bytes: Buffer.from(RECORD_DICTIONARY_1, 'utf8') };

/**
 * deflate's settings (compression-thread.ts applies the same): records up to FIXED_CODES_UP_TO bytes
 * get fixed Huffman codes (RFC 1951 3.2.6), since rebuilding a dynamic block's code tables for one
 * short record costs more to inflate than its code saves (realistic records: 0.5% larger, inflated in
 * about half the time). The level matters little: most of deflate's time goes into hashing the dictionary.
 */
export const DEFLATE = { level: 9, fixedCodesUpTo: 4096 } as const;

const deflateOptions = (bytes: number, dictionary: Buffer) => ({
  dictionary,
  level: DEFLATE.level,
  ...(bytes <= DEFLATE.fixedCodesUpTo ? { strategy: constants.Z_FIXED } : {}),
});

export function compressRecord(record: string, dictionary: RecordDictionary = BUILT_IN_DICTIONARY): Buffer {
  const text = Buffer.from(record, 'utf8');
  const body = deflateRawSync(text, deflateOptions(text.length, dictionary.bytes));
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

/** A store's dictionaries' inflaters by number, made once per connection: committed dictionaries never change. */
const inflaters = new WeakMap<Db, Map<number, DictionaryInflater>>();
const BUILT_IN_INFLATER = new DictionaryInflater(BUILT_IN_DICTIONARY.bytes);

function inflaterFor(db: Db, id: number): DictionaryInflater {
  if (id === BUILT_IN_DICTIONARY.id) return BUILT_IN_INFLATER;
  let known = inflaters.get(db);
  if (!known) inflaters.set(db, (known = new Map()));
  let inflater = known.get(id);
  if (!inflater) {
    const bytes = db.prepare('SELECT dictionary FROM event_dictionaries WHERE id = ?').pluck().get(id) as Buffer | undefined;
    if (!bytes) throw new Error(`event record compressed against unknown dictionary ${id}`);
    known.set(id, (inflater = new DictionaryInflater(bytes)));
  }
  return inflater;
}

/** A stored record as its exact JSON text: uncompressed rows are text, compressed ones blobs. */
export function recordText(db: Db, stored: string | Uint8Array): string {
  if (typeof stored === 'string') return stored;
  const id = stored[0]!;
  const inflater = inflaterFor(db, id);
  if (id === BUILT_IN_DICTIONARY.id) return inflater.inflate(stored.subarray(1));
  let length = 0;
  let at = 1;
  for (let shift = 1; ; shift *= 0x80) {
    const byte = stored[at++]!;
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  return inflater.inflate(stored.subarray(at), length);
}
