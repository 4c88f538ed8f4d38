import type { Db } from './database.js';
import { recordText } from './record-codec.js';

/**
 * An event's record, in SQL: the text row while it is recent, else the compressed one (record-codec.ts
 * decodes either). COALESCE stops at the first non-null, so a recent event costs one rowid lookup.
 */
export function storedRecord(events: string): string {
  return `COALESCE((SELECT record FROM event_records WHERE seq = ${events}.seq), (SELECT record FROM event_records_z WHERE seq = ${events}.seq))`;
}

/** Every stored record's text, oldest first (white-box tests and tools that read the file itself). */
export function allRecordTexts(db: Db): string[] {
  const rows = db
    .prepare(`SELECT ${storedRecord('events')} FROM events ORDER BY seq`)
    .pluck()
    .all() as Array<string | Uint8Array>;
  return rows.map((stored) => recordText(db, stored));
}
