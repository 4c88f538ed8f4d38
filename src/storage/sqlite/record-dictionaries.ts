import type { Db } from './database.js';
import { storedRecord } from './event-records.js';
import { BUILT_IN_DICTIONARY, recordText, type RecordDictionary } from './record-codec.js';

/**
 * A store's own record dictionaries (event_dictionaries, audit migration 3). The built-in dictionary
 * knows this server's field names and shapes but not a deployment's account id, principals, user
 * agents or request id format, which make up most of what deflate then has to spell out: records
 * of another account with SDK user agents and UUID request ids compressed to ~240 bytes with it,
 * ~90 with one trained from the store's own records. The compaction pass trains one once the store
 * holds `TRAINING.minRecords` events, from its newest records; rows name the dictionary they were
 * compressed with, so rows compressed before stay readable with dictionary 1.
 */
export const TRAINING = {
  minRecords: 1000,
  samples: 2000,
  /** Under deflate's 32 KiB window, with room for the record being compressed. */
  maxBytes: 31_000,
} as const;

/** The newest dictionary (the one new rows name): the store's own if it has one, else the built-in one. */
export function currentDictionary(db: Db): RecordDictionary {
  const row = db.prepare('SELECT id, dictionary FROM event_dictionaries ORDER BY id DESC LIMIT 1').get() as
    { id: number; dictionary: Buffer } | undefined;
  return row ? { id: row.id, bytes: row.dictionary } : BUILT_IN_DICTIONARY;
}

/** The store's newest records as text, when it holds at least `minRecords` to train from. */
export function trainingSample(db: Db, minRecords: number = TRAINING.minRecords): string[] | undefined {
  const count = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  if (count === 0 || count < minRecords) return undefined;
  const rows = db
    .prepare(`SELECT ${storedRecord('events')} FROM events ORDER BY seq DESC LIMIT ?`)
    .pluck()
    .all(TRAINING.samples) as Array<string | Uint8Array>;
  return rows.map((stored) => recordText(db, stored));
}

/**
 * A preset dictionary for deflate from sample records: one record of each shape (service, operation,
 * identity type, error), the most frequent shapes last, since deflate refers to the nearest bytes most
 * cheaply and looks back 32 KiB at most. User agents stay out of the shape: the few a deployment uses
 * come along with the records, and one shape per user agent left less room for operations (measured:
 * 92.7 against 89.8 bytes a realistic record).
 */
export function trainDictionary(records: readonly string[]): Buffer {
  const shapes = new Map<string, { count: number; record: string }>();
  for (const record of records) {
    const key = shapeOf(record);
    const shape = shapes.get(key);
    if (shape) shape.count++;
    else shapes.set(key, { count: 1, record });
  }
  const byFrequency = [...shapes.values()].sort((a, b) => b.count - a.count);
  const chosen: string[] = [];
  let length = 0;
  for (const { record } of byFrequency) {
    const bytes = Buffer.byteLength(record);
    if (length + bytes > TRAINING.maxBytes) continue;
    chosen.unshift(record);
    length += bytes;
  }
  return Buffer.from(chosen.join(''), 'utf8');
}

function shapeOf(record: string): string {
  const r = JSON.parse(record) as Record<string, unknown> & { userIdentity?: { type?: string } };
  return JSON.stringify([r.eventSource, r.eventName, r.userIdentity?.type, r.errorCode]);
}

/** A row's first byte names its dictionary. */
const LAST_ID = 255;

/**
 * Stores a trained dictionary under the next number as the successor of `replacing`, unless another
 * node's pass replaced that one first: either way, returns the dictionary new rows are to name.
 */
export function adoptDictionary(db: Db, replacing: number, bytes: Buffer, samples: number, now: Date): RecordDictionary {
  const current = currentDictionary(db);
  if (current.id !== replacing || current.id === LAST_ID) return current;
  const id = current.id + 1;
  db.prepare('INSERT INTO event_dictionaries (id, dictionary, samples, created_ms) VALUES (?, ?, ?, ?)').run(
    id,
    bytes,
    samples,
    now.getTime(),
  );
  return { id, bytes };
}
