import type { NewEvent, StoredEvent } from '../../audit/events/ports.js';
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
import { EVENT_COLUMNS, eventParams, TAKE_EVENT_ORDER_LOCK } from './event-order.js';
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

/**
 * The event and its lookup resources in one statement (one round trip), resources in their order. The
 * seq is drawn only after the event-order lock is held (`o` is scanned before the INSERT sees its row),
 * and the lock is held until this transaction's commit is visible (event-order.ts).
 */
const INSERT_EVENT = `WITH o AS MATERIALIZED (${TAKE_EVENT_ORDER_LOCK}),
 e AS (
   INSERT INTO events (${EVENT_COLUMNS})
   SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::boolean, $7::text, $8::text, $9::text, $10::text,
     $11::inet, $12::text, $13::text, $14::text FROM o
   RETURNING seq),
 r AS (
   INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name)
   SELECT e.seq, $2, t, n FROM e, unnest($15::text[], $16::text[]) WITH ORDINALITY AS x (t, n, i) ORDER BY i)
 SELECT seq FROM e`;
/** Under the event-order lock no other transaction draws a seq: the next one is the sequence's next value. */
const SELECT_NEXT = `SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('events', 'seq')::regclass), 0) + 1 AS seq
 FROM (${TAKE_EVENT_ORDER_LOCK}) o`;
const SELECT_AFTER = `SELECT seq, event_id, event_time_ms, region, event_source, event_name, read_only, event_category, record, data_resource_arn
 FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`;
const SELECT_LAST = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM events';
const SELECT_STATS = 'SELECT COUNT(*) AS count, COALESCE(MAX(seq), 0) AS last, MIN(event_time_ms) AS oldest FROM events';

/**
 * Events in PostgreSQL: `seq` is drawn from the table's identity sequence only under the event-order
 * lock, held to the commit (event-order.ts), so seqs are assigned, and become visible, in commit order.
 */
export class PgEventRepository implements EventRepository {
  constructor(private readonly sql: Sql) {}

  async append(event: NewEvent): Promise<number> {
    const resources = event.lookup?.resources ?? [];
    const row = await this.sql.one<{ seq: number }>(INSERT_EVENT, [
      ...eventParams(event),
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

  /** Takes the event-order lock (held to the commit), then reads the sequence: rolled-back draws leave gaps. */
  async nextSeq(): Promise<number> {
    return (await this.sql.one<{ seq: number }>(SELECT_NEXT))!.seq;
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
