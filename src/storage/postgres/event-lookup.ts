import type { HistoryEvent, LookupAttribute, LookupQuery } from '../ports/events.js';
import type { Sql } from './sql.js';

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
const COLUMNS = 'e.seq, e.event_time_ms AS t, e.event_id, e.event_name, e.read_only, e.access_key_id, e.event_source, e.username, e.record';

interface Row {
  seq: number;
  t: number;
  event_id: string;
  event_name: string;
  read_only: boolean;
  access_key_id: string | null;
  event_source: string;
  username: string | null;
  record: string;
}

interface ResourceRow {
  seq: number;
  resource_type: string | null;
  resource_name: string;
}

/**
 * One LookupEvents page, keyset-paginated on (event time, seq): each attribute has an index ending in
 * (event_time_ms, seq) (audit migration 1), so a page is an index range scan, compared as a row value.
 */
export async function lookupPage(sql: Sql, q: LookupQuery): Promise<HistoryEvent[]> {
  const rows = dedupe(await queryPage(sql, q));
  const resources = await indexedResources(sql, rows);
  return rows.map((row) => toHistoryEvent(row, resources.get(row.seq) ?? []));
}

function queryPage(sql: Sql, q: LookupQuery): Promise<Row[]> {
  const resource = q.attribute && RESOURCE_COLUMNS[q.attribute.key];
  // Time and cursor conditions go on the table whose index drives the scan.
  const d = resource ? 'r' : 'e';
  const from = resource ? 'event_resources r JOIN events e ON e.seq = r.seq' : 'events e';
  const params: unknown[] = [q.from.getTime(), q.to.getTime(), q.region];
  const where = [`${d}.event_time_ms BETWEEN $1 AND $2`, 'e.region = $3', "e.event_category = 'Management'"];
  if (q.attribute) {
    params.push(attributeParam(q.attribute));
    where.push(`${resource ? `r.${resource}` : `e.${EVENT_COLUMNS[q.attribute.key]}`} = $${params.length}`);
  }
  if (q.after) {
    params.push(q.after.timeMs, q.after.seq);
    where.push(`(${d}.event_time_ms, ${d}.seq) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(q.limit);
  return sql.all<Row>(
    `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
     ORDER BY ${d}.event_time_ms DESC, ${d}.seq DESC LIMIT $${params.length}`,
    params,
  );
}

function attributeParam(a: LookupAttribute): string | boolean {
  return a.value;
}

/** An event with two resources of the same name appears twice in a resource lookup; keep one. */
function dedupe(rows: Row[]): Row[] {
  return rows.filter((r, i) => i === 0 || rows[i - 1]!.seq !== r.seq);
}

/** A page's resources come from the event-history index, not the record. */
async function indexedResources(sql: Sql, page: Row[]): Promise<Map<number, HistoryEvent['resources']>> {
  const bySeq = new Map<number, HistoryEvent['resources']>();
  if (page.length === 0) return bySeq;
  const rows = await sql.all<ResourceRow>(
    'SELECT seq, resource_type, resource_name FROM event_resources WHERE seq = ANY($1::bigint[]) ORDER BY seq, id',
    [page.map((r) => r.seq)],
  );
  for (const r of rows) {
    const list = bySeq.get(r.seq) ?? [];
    list.push({ ...(r.resource_type ? { resourceType: r.resource_type } : {}), resourceName: r.resource_name });
    bySeq.set(r.seq, list);
  }
  return bySeq;
}

function toHistoryEvent(row: Row, resources: HistoryEvent['resources']): HistoryEvent {
  return {
    seq: row.seq,
    eventId: row.event_id,
    eventTime: new Date(row.t),
    eventName: row.event_name,
    eventSource: row.event_source,
    readOnly: row.read_only,
    ...(row.access_key_id ? { accessKeyId: row.access_key_id } : {}),
    ...(row.username ? { username: row.username } : {}),
    resources,
    record: row.record,
  };
}
