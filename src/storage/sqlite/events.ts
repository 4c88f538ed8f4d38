import type { StoredEvent } from '../../audit/events/ports.js';
import type {
  EventRepository,
  EventSearch,
  EventStats,
  FoundEvent,
  HistoryEvent,
  LookupQuery,
  SearchPage,
  TrailHold,
} from '../ports/events.js';
import type { Db } from './database.js';
import { lookupPage } from './event-lookup.js';
import { searchEvents } from './event-search.js';
import { eventIdOf, storedEventId } from './event-ids.js';
import { recordText } from './record-codec.js';
import { storedRecord } from './event-records.js';
import { countOlder, deliveryHolds, freelistCount, hasOlderAbove, incrementalVacuum, purgeBatch } from './event-retention.js';

/** readAfter's row, read as an array (`.raw()`): better-sqlite3 then builds no object keyed by column name per row. */
type EventRow = [
  seq: number,
  eventId: string | Uint8Array,
  eventTimeMs: number,
  region: string,
  eventSource: string,
  eventName: string,
  readOnly: number,
  eventCategory: 'Management' | 'Data',
  record: string | Uint8Array,
  dataResourceArn: string | null,
];

const INSERT_EVENT = `INSERT INTO events (event_id, event_time_ms, region, event_source, event_name, read_only, username,
   access_key_id, error_code, source_ip, event_category, data_resource_arn)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_RECORD = 'INSERT INTO event_records (seq, record) VALUES (?, ?)';
const INSERT_RESOURCE = 'INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name) VALUES (?, ?, ?, ?)';
const SELECT_AFTER = `SELECT seq, event_id, event_time_ms, region, event_source, event_name, read_only, event_category,
   ${storedRecord('events')} AS record, data_resource_arn
 FROM events WHERE seq > ? ORDER BY seq LIMIT ?`;
const SELECT_LAST = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM events';
const SELECT_STATS = 'SELECT COUNT(*) AS count, COALESCE(MAX(seq), 0) AS last, MIN(event_time_ms) AS oldest FROM events';

/** Events in SQLite: `seq` is the rowid, assigned by the single writer in commit order. */
export class SqliteEventRepository implements EventRepository {
  constructor(private readonly db: Db) {}

  async append(event: Omit<StoredEvent, 'seq'>): Promise<number> {
    return appendEvent(this.db, event);
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = this.db.prepare(SELECT_AFTER).raw(true).all(afterSeq, limit) as EventRow[];
    return rows.map((row) => toStoredEvent(this.db, row));
  }

  async lastSeq(): Promise<number> {
    return this.db.prepare(SELECT_LAST).pluck().get() as number;
  }

  /** The single writer appends next, and the newest rowid is never deleted (purgeBatch). */
  async nextSeq(): Promise<number> {
    return (await this.lastSeq()) + 1;
  }

  async lookup(query: LookupQuery): Promise<HistoryEvent[]> {
    return lookupPage(this.db, query);
  }

  async search(filter: EventSearch, page: SearchPage): Promise<FoundEvent[]> {
    return searchEvents(this.db, filter, page);
  }

  async purgeBatch(before: Date, maxSeq: number, limit: number): Promise<number> {
    return purgeBatch(this.db, before.getTime(), maxSeq, limit);
  }

  async countOlder(before: Date): Promise<number> {
    return countOlder(this.db, before.getTime());
  }

  async hasOlderAbove(before: Date, seq: number): Promise<boolean> {
    return hasOlderAbove(this.db, before.getTime(), seq);
  }

  async reclaimable(): Promise<number> {
    return freelistCount(this.db);
  }

  async reclaim(pages: number): Promise<number> {
    return incrementalVacuum(this.db, pages);
  }

  async deliveryHolds(): Promise<TrailHold[]> {
    return deliveryHolds(this.db);
  }

  async stats(): Promise<EventStats> {
    const row = this.db.prepare(SELECT_STATS).get() as { count: number; last: number; oldest: number | null };
    return { count: row.count, lastSeq: row.last, ...(row.oldest !== null ? { oldest: new Date(row.oldest) } : {}) };
  }
}

/** Appends on `db` at once (the repository's append, and test set-up that writes many events). */
export function appendEvent(db: Db, event: Omit<StoredEvent, 'seq'>): number {
  const time = event.eventTime.getTime();
  const lookup = event.lookup;
  const seq = Number(
    db
      .prepare(INSERT_EVENT)
      .run(
        storedEventId(event.eventId),
        time,
        event.region,
        event.eventSource,
        event.eventName,
        event.readOnly ? 1 : 0,
        lookup?.username ?? null,
        lookup?.accessKeyId ?? null,
        lookup?.errorCode ?? null,
        lookup?.sourceIp ?? null,
        event.eventCategory,
        event.dataResourceArn ?? null,
      ).lastInsertRowid,
  );
  db.prepare(INSERT_RECORD).run(seq, event.record);
  const insertResource = db.prepare(INSERT_RESOURCE);
  for (const r of lookup?.resources ?? []) insertResource.run(seq, time, r.resourceType ?? null, r.resourceName);
  return seq;
}

function toStoredEvent(db: Db, row: EventRow): StoredEvent {
  const [seq, eventId, eventTimeMs, region, eventSource, eventName, readOnly, eventCategory, stored, dataResourceArn] = row;
  return {
    seq,
    eventId: eventIdOf(eventId),
    eventTime: new Date(eventTimeMs),
    region,
    eventSource,
    eventName,
    readOnly: readOnly === 1,
    eventCategory,
    record: recordText(db, stored),
    ...(dataResourceArn ? { dataResourceArn } : {}),
  };
}
