import { isIP } from 'node:net';
import type pg from 'pg';
import type { NewEvent } from '../../audit/events/ports.js';

/**
 * The event-order lock ("hsme" in ASCII), apart from the body lock of state-changing writes
 * (write-queue.ts). Every statement that draws an event seq takes it first, and as a transaction-scoped
 * advisory lock it is released only after its holder's commit is visible. So a transaction that draws
 * a seq later commits later: seq order is commit order, and a consumer's cursor (`seq > cursor`) can
 * never pass an event that commits after it read (a sequence alone hands out numbers in draw order
 * and lets a later draw commit first). A state-changing write takes it only at its event's append,
 * after its body lock, never the other way round, so the two locks cannot deadlock.
 */
export const EVENT_ORDER_LOCK_KEY = 0x68736d65;

/** A one-row relation whose scan takes the event-order lock: join it before a seq is drawn. */
export const TAKE_EVENT_ORDER_LOCK = `SELECT 1 AS locked FROM pg_advisory_xact_lock(${EVENT_ORDER_LOCK_KEY})`;

export const EVENT_COLUMNS = `event_id, event_time_ms, region, event_source, event_name, read_only, username,
 access_key_id, error_code, source_ip, source_inet, event_category, record, data_resource_arn`;

const COLUMN_COUNT = EVENT_COLUMNS.split(',').length;

/** The values of EVENT_COLUMNS, in their order. */
export function eventParams(event: NewEvent): unknown[] {
  const lookup = event.lookup;
  const ip = lookup?.sourceIp;
  return [
    event.eventId,
    event.eventTime.getTime(),
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
  ];
}

/**
 * Events that change nothing else, as ONE statement in its own (implicit) transaction: one round trip,
 * and the event-order lock is held only while the server runs it and commits, never across the
 * network. `set_config(..., true)` is SET LOCAL for this transaction: an acknowledged event survives a
 * database crash even when the server defaults to asynchronous commit (PostgreSQL docs, "Asynchronous
 * Commit"). The rows are inserted in the given order (ORDER BY below the INSERT), so seqs follow it.
 */
const INSERT_EVENTS = `WITH o AS MATERIALIZED (${TAKE_EVENT_ORDER_LOCK}, set_config('synchronous_commit', 'on', true)),
 x AS (
   SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[],
     $9::text[], $10::text[], $11::inet[], $12::text[], $13::text[], $14::text[]) WITH ORDINALITY AS x (${EVENT_COLUMNS}, i)),
 e AS (
   INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM o, x ORDER BY x.i
   RETURNING seq, event_id, event_time_ms),
 r AS (
   INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name)
   SELECT e.seq, e.event_time_ms, y.t, y.n FROM unnest($15::bigint[], $16::text[], $17::text[]) WITH ORDINALITY AS y (k, t, n, j)
   JOIN x ON x.i = y.k JOIN e ON e.event_id = x.event_id ORDER BY y.j)
 SELECT COUNT(*)::int AS n FROM e`;

/** Runs INSERT_EVENTS on a pooled connection outside any transaction block (autocommit). */
export async function insertEventsAlone(pool: pg.Pool, events: readonly NewEvent[]): Promise<void> {
  const columns: unknown[][] = Array.from({ length: COLUMN_COUNT }, () => []);
  const resources: [number[], (string | null)[], string[]] = [[], [], []];
  events.forEach((event, i) => {
    eventParams(event).forEach((v, c) => columns[c]!.push(v));
    for (const r of event.lookup?.resources ?? []) {
      resources[0].push(i + 1);
      resources[1].push(r.resourceType ?? null);
      resources[2].push(r.resourceName);
    }
  });
  const { rows } = await pool.query<{ n: number }>(INSERT_EVENTS, [...columns, ...resources]);
  if (rows[0]?.n !== events.length) throw new Error(`appended ${rows[0]?.n ?? 0} of ${events.length} events`);
}
