import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Db } from './database.js';
import { RECORD_DICTIONARY_1 } from './record-dictionary-1.js';

/**
 * A compressed event record is one byte naming the dictionary, then deflate-raw (RFC 1951) against
 * that preset dictionary: records are ~1 KB, too short for deflate to find much repetition within
 * one, but nearly all of one is field names and values every record shares. Dictionary 1 is built
 * in (the server's own field names and shapes); 2 and up are trained from a store's own records and
 * kept in it (event_dictionaries, record-dictionaries.ts). A dictionary, once committed, never
 * changes: a newer one gets the next number, and old rows stay readable with the one they name.
 */
export interface RecordDictionary {
  id: number;
  bytes: Buffer;
}

export const BUILT_IN_DICTIONARY: RecordDictionary = { id: 1, bytes: Buffer.from(RECORD_DICTIONARY_1, 'utf8') };

/** deflate's level (compression-thread.ts applies it too). */
export const DEFLATE_LEVEL = 6;

export function compressRecord(record: string, dictionary: RecordDictionary = BUILT_IN_DICTIONARY): Buffer {
  const body = deflateRawSync(record, { dictionary: dictionary.bytes, level: DEFLATE_LEVEL });
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = dictionary.id;
  body.copy(out, 1);
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
  return inflateRawSync(stored.subarray(1), { dictionary }).toString('utf8');
}
