import type { EventRepository } from '../../storage/ports/events.js';
import { trailSelects, type SelectableEvent } from '../trails/selectors.js';
import type { LoggingInterval, TrailRecord } from '../trails/trail.js';
import type { StoredEvent } from '../events/ports.js';

/** The StoredEvent fields selector matching reads, with the data event's resource type. */
export function selectable(e: StoredEvent): SelectableEvent {
  return {
    region: e.region,
    eventSource: e.eventSource,
    eventName: e.eventName,
    readOnly: e.readOnly,
    eventCategory: e.eventCategory,
    resourceArn: e.dataResourceArn,
    resourceType: dataResourceType(e),
    record: () => JSON.parse(e.record) as Record<string, unknown>,
  };
}

/**
 * S3's from the ARN (an object's has a key); other services' data events (SQS queues, SNS topics, EventBridge buses)
 * name theirs in the record's `resources`, as the recorder asked the trails with it.
 */
function dataResourceType(e: StoredEvent): string | undefined {
  const arn = e.dataResourceArn;
  if (e.eventCategory !== 'Data' || arn === undefined) return undefined;
  if (arn.startsWith('arn:aws:s3:::')) return arn.slice('arn:aws:s3:::'.length).includes('/') ? 'AWS::S3::Object' : 'AWS::S3::Bucket';
  const { resources } = JSON.parse(e.record) as { resources?: Array<{ ARN?: string; type?: string }> };
  return resources?.find((r) => r.ARN === arn)?.type;
}

/** Whether the trail logged the event: it was logging when the event was recorded, and its scope and selectors take it. */
export function trailLogged(trail: TrailRecord, intervals: LoggingInterval[], e: StoredEvent): boolean {
  return intervals.some((i) => withinInterval(i, e)) && trailSelects(trail, selectable(e));
}

/** The events past each region's cursor that the trail logged and selects, by region. */
export function selectByRegion(
  trail: TrailRecord,
  intervals: LoggingInterval[],
  events: StoredEvent[],
  cursorOf: (region: string) => number,
): Map<string, StoredEvent[]> {
  const byRegion = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.seq <= cursorOf(e.region) || !trailLogged(trail, intervals, e)) continue;
    const list = byRegion.get(e.region) ?? [];
    list.push(e);
    byRegion.set(e.region, list);
  }
  return byRegion;
}

/** The planned events, in order; a missing one is an error (the plan must be delivered as planned). */
export async function readSeqs(events: EventRepository, seqs: number[]): Promise<StoredEvent[]> {
  const wanted = new Set(seqs);
  const first = seqs[0]!;
  const last = seqs[seqs.length - 1]!;
  const found: StoredEvent[] = [];
  for (let after = first - 1; after < last;) {
    const page = await events.readAfter(after, Math.max(1, last - after));
    if (page.length === 0) break;
    for (const e of page) if (wanted.has(e.seq)) found.push(e);
    after = page[page.length - 1]!.seq;
  }
  if (found.length !== seqs.length) throw new Error(`event log is missing ${seqs.length - found.length} planned events`);
  return found;
}

/** Splits a region's batch so no file's records exceed `maxBytes` (a single larger record keeps its own file). */
export function chunkBySize(events: StoredEvent[], maxBytes: number): StoredEvent[][] {
  const chunks: StoredEvent[][] = [[]];
  let size = 0;
  for (const e of events) {
    if (size + e.record.length > maxBytes && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(e);
    size += e.record.length + 1;
  }
  return chunks;
}

/**
 * Whether the trail was logging when the event was recorded: by sequence number (StartLogging's and
 * StopLogging's own events bound the interval); intervals stored without one fall back to whole seconds.
 */
function withinInterval(i: LoggingInterval, e: StoredEvent): boolean {
  const sec = (ms: number) => Math.floor(ms / 1000);
  const t = e.eventTime.getTime();
  const afterStart = i.startSeq !== undefined ? e.seq >= i.startSeq : sec(t) >= sec(i.start);
  if (!afterStart) return false;
  if (i.stop === undefined) return true;
  return i.stopSeq !== undefined ? e.seq <= i.stopSeq : sec(t) <= sec(i.stop);
}
