import type { EventSearch, FoundEvent, SearchPage } from '../ports/events.js';
import type { Sql } from './sql.js';

/** Appends a condition; `$` in it stands for the next parameter, in order. */
type Add = (condition: string, ...values: unknown[]) => void;

/** Any combination of filters over the indexed columns (never the JSON record). */
export function searchEvents(sql: Sql, filter: EventSearch, page: SearchPage): Promise<FoundEvent[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add: Add = (condition, ...values) => {
    where.push(condition.replace(/\$/g, () => `$${params.push(values.shift())}`));
  };
  conditions(filter, add);
  if (page.afterSeq !== undefined) add('e.seq > $', page.afterSeq);
  if (page.throughSeq !== undefined) add('e.seq <= $', page.throughSeq);
  const order = page.order === 'oldest' ? 'e.seq ASC' : 'e.event_time_ms DESC, e.seq DESC';
  params.push(page.limit);
  return sql.all<FoundEvent>(
    `SELECT e.seq, e.record FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
}

function conditions(f: EventSearch, add: Add): void {
  if (f.users?.length) add('e.username = ANY($::text[])', f.users);
  if (f.eventName) add(f.eventName.includes('*') ? "e.event_name LIKE $ ESCAPE '\\'" : 'e.event_name = $', likePattern(f.eventName));
  if (f.eventSource) add('e.event_source = $', f.eventSource);
  if (f.sourceIp) {
    // An address compares as text; a CIDR block with PostgreSQL's inet containment (<<=).
    if ('address' in f.sourceIp) add('e.source_ip = $', f.sourceIp.address);
    else add('e.source_inet <<= $::inet', f.sourceIp.cidr);
  }
  if (f.errorCode) add('e.error_code = $', f.errorCode);
  if (f.errorsOnly) add('e.error_code IS NOT NULL');
  if (f.resourceName) add('EXISTS (SELECT 1 FROM event_resources r WHERE r.seq = e.seq AND r.resource_name = $)', f.resourceName);
  if (f.accessKeyId) add('e.access_key_id = $', f.accessKeyId);
  if (f.readOnly !== undefined) add('e.read_only = $', f.readOnly);
  if (f.since) add('e.event_time_ms >= $', f.since.getTime());
  if (f.until) add('e.event_time_ms <= $', f.until.getTime());
  if (f.region) add('e.region = $', f.region);
  if (f.category) add('e.event_category = $', f.category);
}

/** `*` matches any run of characters (as SQLite's GLOB); LIKE's own wildcards are taken literally. */
function likePattern(name: string): string {
  if (!name.includes('*')) return name;
  return name.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}
