import type { EventSearch, FoundEvent, SearchPage } from '../ports/events.js';
import type { Db } from './database.js';
import { storedRecord } from './event-records.js';
import { recordText } from './record-codec.js';

type Add = (sql: string, ...values: unknown[]) => void;

/** Any combination of filters over the indexed columns (never the JSON record). */
export function searchEvents(db: Db, filter: EventSearch, page: SearchPage): FoundEvent[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add: Add = (sql, ...values) => {
    where.push(sql);
    params.push(...values);
  };
  conditions(db, filter, add);
  if (page.afterSeq !== undefined) add('e.seq > ?', page.afterSeq);
  if (page.throughSeq !== undefined) add('e.seq <= ?', page.throughSeq);
  const order = page.order === 'oldest' ? 'e.seq ASC' : 'e.event_time_ms DESC, e.seq DESC';
  const sql = `SELECT e.seq, ${storedRecord('e')} AS record FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order} LIMIT ?`;
  const rows = db.prepare(sql).all(...params, page.limit) as Array<{ seq: number; record: string | Uint8Array }>;
  return rows.map((r) => ({ seq: r.seq, record: recordText(db, r.record) }));
}

function conditions(db: Db, f: EventSearch, add: Add): void {
  if (f.users?.length) add(`e.username IN (${f.users.map(() => '?').join(', ')})`, ...f.users);
  if (f.eventName) add(f.eventName.includes('*') ? 'e.event_name GLOB ?' : 'e.event_name = ?', f.eventName);
  if (f.eventSource) add('e.event_source = ?', f.eventSource);
  if (f.sourceIp) sourceIp(db, f.sourceIp, add);
  if (f.errorCode) add('e.error_code = ?', f.errorCode);
  if (f.errorsOnly) add('e.error_code IS NOT NULL');
  if (f.resourceName) add('EXISTS (SELECT 1 FROM event_resources r WHERE r.seq = e.seq AND r.resource_name = ?)', f.resourceName);
  if (f.accessKeyId) add('e.access_key_id = ?', f.accessKeyId);
  if (f.readOnly !== undefined) add('e.read_only = ?', f.readOnly ? 1 : 0);
  if (f.since) add('e.event_time_ms >= ?', f.since.getTime());
  if (f.until) add('e.event_time_ms <= ?', f.until.getTime());
  if (f.region) add('e.region = ?', f.region);
  if (f.category) add('e.event_category = ?', f.category);
}

/** SQLite has no address type: a CIDR block is tested by a function registered on this connection. */
function sourceIp(db: Db, ip: NonNullable<EventSearch['sourceIp']>, add: Add): void {
  if ('address' in ip) return add('e.source_ip = ?', ip.address);
  db.function('hsmtrail_in_cidr', { deterministic: true }, (value: unknown) => (typeof value === 'string' && ip.contains(value) ? 1 : 0));
  add('hsmtrail_in_cidr(e.source_ip) = 1');
}
