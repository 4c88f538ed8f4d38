import type { Db } from '../storage/sqlite/database.js';
import { resourceNameOf } from '../audit/record/event-builder.js';
import { lookupErrors } from './lookup-errors.js';
import { decodeNextToken, encodeNextToken, type PageCursor } from './next-token.js';
import { prepared } from './statements.js';
import type { LookupThrottle } from './throttle.js';

export type LookupAttributeKey =
  'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

export interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: 'true' | 'false';
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType?: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

export interface LookupEventsOutput {
  Events: LookupEvent[];
  NextToken?: string;
}

export interface LookupOptions {
  /** Event history is per region: the endpoint's region. */
  region: string;
  now?: Date;
  /** How far back event history reaches (AWS: 90 days). */
  retentionDays?: number;
  throttle?: LookupThrottle;
}

/** Columns of `events` each attribute filters on; resources live in the side table. */
const ATTRIBUTE_COLUMNS: Record<Exclude<LookupAttributeKey, 'ResourceType' | 'ResourceName'>, string> = {
  EventId: 'event_id',
  EventName: 'event_name',
  ReadOnly: 'read_only',
  Username: 'username',
  EventSource: 'event_source',
  AccessKeyId: 'access_key_id',
};
const RESOURCE_COLUMNS = { ResourceType: 'resource_type', ResourceName: 'resource_name' } as const;
const DAY_MS = 86_400_000;

interface Row {
  seq: number;
  t: number;
  event_id: string;
  event_name: string;
  read_only: number;
  access_key_id: string | null;
  event_source: string;
  username: string | null;
  record: string;
}

/**
 * CloudTrail's LookupEvents over the event store (CloudTrail API Reference, "LookupEvents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html): management events of one
 * region within the retention window, newest first, at most one lookup attribute, keyset-paginated
 * on (event time, seq) so any page is an index range scan however many events exist.
 */
export function lookupEvents(store: { db: Db }, input: LookupEventsInput, opts: LookupOptions): LookupEventsOutput {
  opts.throttle?.take();
  const limit = input.MaxResults ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw lookupErrors.maxResults();
  const attribute = lookupAttribute(input.LookupAttributes);
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime()) throw lookupErrors.timeRange();
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') throw lookupErrors.eventCategory(input.EventCategory);
  const filters = [attribute, input.StartTime?.getTime(), input.EndTime?.getTime(), input.EventCategory ?? null, opts.region];
  const cursor = input.NextToken ? decodeNextToken(input.NextToken, filters) : undefined;
  // hsmtrail emits no Insights events, so an Insights lookup is valid and empty.
  if (input.EventCategory === 'insight') return { Events: [] };
  const now = (opts.now ?? new Date()).getTime();
  const from = Math.max(input.StartTime?.getTime() ?? 0, now - (opts.retentionDays ?? 90) * DAY_MS);
  const to = input.EndTime?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const rows = queryPage(store.db, attribute, { region: opts.region, from, to, cursor, limit: limit + 1 });
  const page = dedupe(rows).slice(0, limit);
  const last = page[page.length - 1];
  const resources = indexedResources(store.db, page);
  return {
    Events: page.map((row) => project(row, resources.get(row.seq) ?? [])),
    ...(rows.length > limit && last ? { NextToken: encodeNextToken({ timeMs: last.t, seq: last.seq }, filters) } : {}),
  };
}

type Attribute = { key: LookupAttributeKey; value: string } | null;

function lookupAttribute(list: LookupEventsInput['LookupAttributes']): Attribute {
  if (!list || list.length === 0) return null;
  if (list.length > 1) throw lookupErrors.attributes('You can specify at most one lookup attribute.');
  const { AttributeKey: key, AttributeValue: value } = list[0]!;
  if (!(key in ATTRIBUTE_COLUMNS) && !(key in RESOURCE_COLUMNS)) throw lookupErrors.attributes(`Invalid lookup attribute key: ${key}.`);
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw lookupErrors.attributes('The lookup attribute value must be between 1 and 2000 characters long.');
  }
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false')
    throw lookupErrors.attributes("The ReadOnly attribute value must be 'true' or 'false'.");
  return { key: key as LookupAttributeKey, value };
}

const COLUMNS = 'e.seq, e.event_time_ms AS t, e.event_id, e.event_name, e.read_only, e.access_key_id, e.event_source, e.username, e.record';

function queryPage(
  db: Db,
  attribute: Attribute,
  q: { region: string; from: number; to: number; cursor?: PageCursor; limit: number },
): Row[] {
  const resource = attribute && (RESOURCE_COLUMNS as Record<string, string>)[attribute.key];
  // Time and cursor conditions go on the table whose index drives the scan.
  const driver = resource ? 'r' : 'e';
  const from = resource ? 'event_resources r JOIN events e ON e.seq = r.seq' : 'events e';
  const where = [`${driver}.event_time_ms BETWEEN ? AND ?`, 'e.region = ?', "e.event_category = 'Management'"];
  const params: unknown[] = [q.from, q.to, q.region];
  if (attribute) {
    const column = resource ? `r.${resource}` : `e.${ATTRIBUTE_COLUMNS[attribute.key as keyof typeof ATTRIBUTE_COLUMNS]}`;
    where.push(`${column} = ?`);
    params.push(attributeParam(attribute));
  }
  if (q.cursor) {
    where.push(`(${driver}.event_time_ms < ? OR (${driver}.event_time_ms = ? AND ${driver}.seq < ?))`);
    params.push(q.cursor.timeMs, q.cursor.timeMs, q.cursor.seq);
  }
  const sql = `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}
    ORDER BY ${driver}.event_time_ms DESC, ${driver}.seq DESC LIMIT ?`;
  return prepared(db, sql).all(...params, q.limit) as Row[];
}

/**
 * The value as the column holds it. Event history names a resource by its id (`bob`, `cluster-abc`);
 * hsmtrail also lets the ARN find it, by the id the ARN ends in (the index keeps ids only).
 */
function attributeParam({ key, value }: NonNullable<Attribute>): string | number {
  if (key === 'ReadOnly') return value === 'true' ? 1 : 0;
  if (key === 'ResourceName' && value.startsWith('arn:')) return resourceNameOf(value);
  return value;
}

/** An event with two resources of the same name appears twice in a resource lookup; keep one. */
function dedupe(rows: Row[]): Row[] {
  return rows.filter((r, i) => i === 0 || rows[i - 1]!.seq !== r.seq);
}

interface ResourceRow {
  seq: number;
  resource_type: string | null;
  resource_name: string;
}

/**
 * A page's Resources come from the event-history index, not the record: most management records
 * carry no `resources`, yet event history lists what it indexed for them.
 */
function indexedResources(db: Db, page: Row[]): Map<number, LookupEvent['Resources']> {
  const bySeq = new Map<number, LookupEvent['Resources']>();
  if (page.length === 0) return bySeq;
  const sql =
    'SELECT seq, resource_type, resource_name FROM event_resources WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq, rowid';
  for (const r of prepared(db, sql).all(JSON.stringify(page.map((r) => r.seq))) as ResourceRow[]) {
    const list = bySeq.get(r.seq) ?? [];
    list.push({ ...(r.resource_type ? { ResourceType: r.resource_type } : {}), ResourceName: r.resource_name });
    bySeq.set(r.seq, list);
  }
  return bySeq;
}

function project(row: Row, resources: LookupEvent['Resources']): LookupEvent {
  return {
    EventId: row.event_id,
    EventName: row.event_name,
    ReadOnly: row.read_only === 1 ? 'true' : 'false',
    ...(row.access_key_id ? { AccessKeyId: row.access_key_id } : {}),
    EventTime: new Date(row.t),
    EventSource: row.event_source,
    ...(row.username ? { Username: row.username } : {}),
    Resources: resources,
    CloudTrailEvent: row.record,
  };
}
