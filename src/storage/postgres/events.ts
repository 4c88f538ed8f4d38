import { isIP } from 'node:net';
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
import type { Sql } from './sql.js';
import { lookupPage } from './event-lookup.js';
import { searchEvents } from './event-search.js';
import { countOlder, deliveryHolds, hasOlderAbove, purgeBatch } from './event-retention.js';

interface EventRow {
  seq: number;
  event_id: string;
  event_time_ms: number;
  region: string;
  event_source: string;
  event_name: string;
  read_only: boolean;
  event_category: 'Management' | 'Data';
  record: string;
  data_resource_arn: string | null;
}

/** The event and its lookup resources in one statement (one round trip), resources in their order. */
const INSERT_EVENT = `WITH e AS (
   INSERT INTO events (event_id, event_time_ms, region, event_source, event_name, read_only, username,
     access_key_id, error_code, source_ip, source_inet, event_category, record, data_resource_arn)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING seq),
 r AS (
   INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name)
   SELECT e.seq, $2, t, n FROM e, unnest($15::text[], $16::text[]) WITH ORDINALITY AS x (t, n, i) ORDER BY i)
 SELECT seq FROM e`;
const SELECT_AFTER = `SELECT seq, event_id, event_time_ms, region, event_source, event_name, read_only, event_category, record, data_resource_arn
 FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`;
const SELECT_LAST = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM events';
const SELECT_STATS = 'SELECT COUNT(*) AS count, COALESCE(MAX(seq), 0) AS last, MIN(event_time_ms) AS oldest FROM events';

/**
 * Events in PostgreSQL: `seq` is drawn from the table's identity sequence inside a write, which holds
 * the store's write lock (store.ts), so seqs are assigned, and become visible, in commit order.
 */
export class PgEventRepository implements EventRepository {
  constructor(private readonly sql: Sql) {}

  async append(event: Omit<StoredEvent, 'seq'>): Promise<number> {
    const time = event.eventTime.getTime();
    const lookup = event.lookup;
    const ip = lookup?.sourceIp;
    const resources = lookup?.resources ?? [];
    const row = await this.sql.one<{ seq: number }>(INSERT_EVENT, [
      event.eventId,
      time,
      event.region,
      event.eventSource,
      event.eventName,
      event.readOnly,
      lookup?.username ?? null,
      lookup?.accessKeyId ?? null,
      lookup?.errorCode ?? null,
      ip ?? null,
      ip && isIP(ip) ? ip : null,
      event.eventCategory,
      event.record,
      event.dataResourceArn ?? null,
      resources.map((r) => r.resourceType ?? null),
      resources.map((r) => r.resourceName),
    ]);
    return row!.seq;
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return (await this.sql.all<EventRow>(SELECT_AFTER, [afterSeq, limit])).map(toStoredEvent);
  }

  async lastSeq(): Promise<number> {
    return (await this.sql.one<{ seq: number }>(SELECT_LAST))!.seq;
  }

  lookup(query: LookupQuery): Promise<HistoryEvent[]> {
    return lookupPage(this.sql, query);
  }

  search(filter: EventSearch, page: SearchPage): Promise<FoundEvent[]> {
    return searchEvents(this.sql, filter, page);
  }

  purgeBatch(before: Date, maxSeq: number, limit: number): Promise<number> {
    return purgeBatch(this.sql, before.getTime(), maxSeq, limit);
  }

  countOlder(before: Date): Promise<number> {
    return countOlder(this.sql, before.getTime());
  }

  hasOlderAbove(before: Date, seq: number): Promise<boolean> {
    return hasOlderAbove(this.sql, before.getTime(), seq);
  }

  /** PostgreSQL's autovacuum reuses dead rows' space by itself: nothing to hand back by hand. */
  async reclaimable(): Promise<number> {
    return 0;
  }

  async reclaim(): Promise<number> {
    return 0;
  }

  deliveryHolds(): Promise<TrailHold[]> {
    return deliveryHolds(this.sql);
  }

  async stats(): Promise<EventStats> {
    const row = (await this.sql.one<{ count: number; last: number; oldest: number | null }>(SELECT_STATS))!;
    return { count: row.count, lastSeq: row.last, ...(row.oldest !== null ? { oldest: new Date(row.oldest) } : {}) };
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    eventId: row.event_id,
    eventTime: new Date(row.event_time_ms),
    region: row.region,
    eventSource: row.event_source,
    eventName: row.event_name,
    readOnly: row.read_only,
    eventCategory: row.event_category,
    record: row.record,
    ...(row.data_resource_arn ? { dataResourceArn: row.data_resource_arn } : {}),
  };
}
