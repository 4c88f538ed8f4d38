import type { HistoryEvent, LookupAttribute, LookupQuery } from '../ports/events.js';
import type { Db } from './database.js';
import { storedRecord } from './event-records.js';
import { eventIdOf, storedEventId } from './event-ids.js';
import { recordText } from './record-codec.js';

/** Columns of `events` each attribute filters on; resources live in the side table. */
const EVENT_COLUMNS: Record<string, string> = {
  EventId: 'event_id',
  EventName: 'event_name',
  ReadOnly: 'read_only',
  Username: 'username',
  EventSource: 'event_source',
  AccessKeyId: 'access_key_id',
};
const RESOURCE_COLUMNS: Record<string, string> = { ResourceType: 'resource_type', ResourceName: 'resource_name' };
const COLUMNS = `e.seq, e.event_time_ms AS t, e.event_id, e.event_name, e.read_only, e.access_key_id, e.event_source, e.username,
  ${storedRecord('e')} AS record`;

/** A page's row, read as an array (`.raw()`): better-sqlite3 then builds no object keyed by column name per row. */
type Row = [
  seq: number,
  t: number,
  eventId: string | Uint8Array,
  eventName: string,
  readOnly: number,
  accessKeyId: string | null,
  eventSource: string,
  username: string | null,
  record: string | Uint8Array,
];

type ResourceRow = [seq: number, resourceType: string | null, resourceName: string];

/**
 * One LookupEvents page, keyset-paginated on (event time, seq): each attribute has an index ending in
 * event_time_ms (audit migration 1), so any page is an index range scan however many events exist.
 */
export function lookupPage(db: Db, q: LookupQuery): HistoryEvent[] {
  const rows = dedupe(queryPage(db, q));
  const resources = indexedResources(db, rows);
  return rows.map((row) => toHistoryEvent(db, row, resources.get(row[0]) ?? []));
}

function queryPage(db: Db, q: LookupQuery): Row[] {
  const { sql, params } = pageQuery(q);
  return db
    .prepare(sql)
    .raw(true)
    .all(...params) as Row[];
}

/** A page's statement and its parameters (exported for the query-plan test). */
export function pageQuery(q: LookupQuery): { sql: string; params: unknown[] } {
  const resource = q.attribute && RESOURCE_COLUMNS[q.attribute.key];
  // Time and cursor conditions go on the table whose index drives the scan.
  const driver = resource ? 'r' : 'e';
  const from = resource ? 'event_resources r JOIN events e ON e.seq = r.seq' : 'events e';
  const where = [`${driver}.event_time_ms BETWEEN ? AND ?`, 'e.region = ?', "e.event_category = 'Management'"];
  // A page after a cursor is older than the cursor's time or tied with it: that bound goes into the range
  // too, since SQLite bounds the index range by the BETWEEN and only filters by the OR below, which left
  // each page scanning every row of the pages before it (page 20 ~30% slower than page 1, and growing).
  const to = q.after ? Math.min(q.to.getTime(), q.after.timeMs) : q.to.getTime();
  const params: unknown[] = [q.from.getTime(), to, q.region];
  if (q.attribute) {
    where.push(`${resource ? `r.${resource}` : `e.${EVENT_COLUMNS[q.attribute.key]}`} = ?`);
    params.push(attributeParam(q.attribute));
  }
  if (q.after) {
    where.push(`(${driver}.event_time_ms < ? OR (${driver}.event_time_ms = ? AND ${driver}.seq < ?))`);
    params.push(q.after.timeMs, q.after.timeMs, q.after.seq);
  }
  const sql = `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
    ORDER BY ${driver}.event_time_ms DESC, ${driver}.seq DESC LIMIT ?`;
  return { sql, params: [...params, q.limit] };
}

function attributeParam(a: LookupAttribute): string | number | Buffer {
  if (a.key === 'EventId') return storedEventId(a.value);
  return a.key === 'ReadOnly' ? (a.value ? 1 : 0) : a.value;
}

/** An event with two resources of the same name appears twice in a resource lookup; keep one. */
function dedupe(rows: Row[]): Row[] {
  return rows.filter((r, i) => i === 0 || rows[i - 1]![0] !== r[0]);
}

/** A page's resources come from the event-history index, not the record. */
export const PAGE_RESOURCES =
  'SELECT seq, resource_type, resource_name FROM event_resources WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq, rowid';

function indexedResources(db: Db, page: Row[]): Map<number, HistoryEvent['resources']> {
  const bySeq = new Map<number, HistoryEvent['resources']>();
  if (page.length === 0) return bySeq;
  const rows = db
    .prepare(PAGE_RESOURCES)
    .raw(true)
    .all(JSON.stringify(page.map((r) => r[0]))) as ResourceRow[];
  for (const [seq, resourceType, resourceName] of rows) {
    let list = bySeq.get(seq);
    if (!list) bySeq.set(seq, (list = []));
    list.push(resourceType ? { resourceType, resourceName } : { resourceName });
  }
  return bySeq;
}

function toHistoryEvent(db: Db, row: Row, resources: HistoryEvent['resources']): HistoryEvent {
  const [seq, t, eventId, eventName, readOnly, accessKeyId, eventSource, username, stored] = row;
  return {
    seq,
    eventId: eventIdOf(eventId),
    eventTime: new Date(t),
    eventName,
    eventSource,
    readOnly: readOnly === 1,
    ...(accessKeyId ? { accessKeyId } : {}),
    ...(username ? { username } : {}),
    resources,
    record: recordText(db, stored),
  };
}
