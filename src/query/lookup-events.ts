import { resourceNameOf } from '../audit/record/event-builder.js';
import type { Repositories } from '../storage/ports.js';
import type { HistoryEvent, LookupAttribute } from '../storage/ports/events.js';
import { lookupErrors } from './lookup-errors.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
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
  /** The caller's account: the throttle's budget is per account and region. */
  accountId?: string;
}

const ATTRIBUTE_KEYS = new Set<string>([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);
const DAY_MS = 86_400_000;
/** The latest time a Date can hold (ECMAScript's time value range). */
const MAX_TIME_MS = 8.64e15;

/**
 * CloudTrail's LookupEvents over the event store (CloudTrail API Reference, "LookupEvents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html): management events of one
 * region within the retention window, newest first, at most one lookup attribute, keyset-paginated
 * on (event time, seq) so any page is an index range scan however many events exist.
 */
export async function lookupEvents(
  tx: Pick<Repositories, 'events' | 'throttles'>,
  input: LookupEventsInput,
  opts: LookupOptions,
): Promise<LookupEventsOutput> {
  await opts.throttle?.take(tx.throttles, opts.accountId ?? '', opts.region);
  const limit = input.MaxResults ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw lookupErrors.maxResults();
  const attribute = lookupAttribute(input.LookupAttributes);
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime()) throw lookupErrors.timeRange();
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') throw lookupErrors.eventCategory(input.EventCategory);
  const filters = [
    tokenAttribute(input.LookupAttributes),
    input.StartTime?.getTime(),
    input.EndTime?.getTime(),
    input.EventCategory ?? null,
    opts.region,
  ];
  const cursor = input.NextToken ? decodeNextToken(input.NextToken, filters) : undefined;
  // hsmtrail emits no Insights events, so an Insights lookup is valid and empty.
  if (input.EventCategory === 'insight') return { Events: [] };
  const now = (opts.now ?? new Date()).getTime();
  const from = Math.max(input.StartTime?.getTime() ?? 0, now - (opts.retentionDays ?? 90) * DAY_MS);
  const to = input.EndTime?.getTime() ?? MAX_TIME_MS;
  const rows = await tx.events.lookup({
    region: opts.region,
    ...(attribute ? { attribute } : {}),
    from: new Date(from),
    to: new Date(to),
    ...(cursor ? { after: cursor } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Events: page.map(project),
    ...(rows.length > limit && last ? { NextToken: encodeNextToken({ timeMs: last.eventTime.getTime(), seq: last.seq }, filters) } : {}),
  };
}

/** Validates the one attribute LookupEvents allows and turns it into the store's terms. */
function lookupAttribute(list: LookupEventsInput['LookupAttributes']): LookupAttribute | undefined {
  if (!list || list.length === 0) return undefined;
  if (list.length > 1) throw lookupErrors.attributes('You can specify at most one lookup attribute.');
  const { AttributeKey: key, AttributeValue: value } = list[0]!;
  if (!ATTRIBUTE_KEYS.has(key)) throw lookupErrors.attributes(`Invalid lookup attribute key: ${key}.`);
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw lookupErrors.attributes('The lookup attribute value must be between 1 and 2000 characters long.');
  }
  if (key === 'ReadOnly') {
    if (value !== 'true' && value !== 'false') throw lookupErrors.attributes("The ReadOnly attribute value must be 'true' or 'false'.");
    return { key, value: value === 'true' };
  }
  // Event history names a resource by its id (`bob`, `cluster-abc`); hsmtrail also lets the ARN find
  // it, by the id the ARN ends in (the index keeps ids only).
  if (key === 'ResourceName' && value.startsWith('arn:')) return { key, value: resourceNameOf(value) };
  return { key: key as Exclude<LookupAttribute['key'], 'ReadOnly'>, value };
}

/** The attribute as the client sent it: what a NextToken is bound to. */
function tokenAttribute(list: LookupEventsInput['LookupAttributes']): { key: string; value: string } | null {
  const first = list?.[0];
  return first ? { key: first.AttributeKey, value: first.AttributeValue } : null;
}

function project(e: HistoryEvent): LookupEvent {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: e.readOnly ? 'true' : 'false',
    ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
    EventTime: e.eventTime,
    EventSource: e.eventSource,
    ...(e.username ? { Username: e.username } : {}),
    Resources: e.resources.map((r) => ({ ...(r.resourceType ? { ResourceType: r.resourceType } : {}), ResourceName: r.resourceName })),
    CloudTrailEvent: e.record,
  };
}
