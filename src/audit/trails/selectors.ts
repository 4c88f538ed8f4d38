import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../../protocol/generated/cloudtrail.js';
import type { StoredSelectors, TrailRecord } from './trail.js';

/** What selector matching needs to know about an event (a StoredEvent or a call about to be recorded). */
export interface SelectableEvent {
  region: string;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  eventCategory: 'Management' | 'Data';
  resourceArn?: string;
  resourceType?: string;
  /** The full record, for advanced fields that only it carries (eventType, errorCode, userIdentity.arn). */
  record?: () => Record<string, unknown>;
}

/** Services whose events are "global": recorded in us-east-1 and delivered to trails that include global events. */
const GLOBAL_EVENT_SOURCES = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'organizations.amazonaws.com',
]);
export const GLOBAL_EVENTS_REGION = 'us-east-1';

export function isGlobalServiceEvent(e: Pick<SelectableEvent, 'region' | 'eventSource'>): boolean {
  return e.region === GLOBAL_EVENTS_REGION && GLOBAL_EVENT_SOURCES.has(e.eventSource);
}

/** Region scope: multi-region trails see every region, single-region ones their home (+ global events, recorded in us-east-1). */
export function trailCoversRegion(trail: TrailRecord, e: Pick<SelectableEvent, 'region' | 'eventSource'>): boolean {
  const global = isGlobalServiceEvent(e);
  if (global && !trail.includeGlobalServiceEvents) return false;
  return trail.isMultiRegionTrail || e.region === trail.homeRegion || global;
}

/** Whether the trail delivers this event: its region scope and its event selectors (OR-ed). */
export function trailSelects(trail: TrailRecord, e: SelectableEvent): boolean {
  return trailCoversRegion(trail, e) && selectorsMatch(trail.selectors, e);
}

export function selectorsMatch(stored: StoredSelectors | null, e: SelectableEvent): boolean {
  if (stored === null) return e.eventCategory === 'Management';
  return stored.kind === 'basic'
    ? stored.selectors.some((s) => basicMatches(s, e))
    : stored.selectors.some((s) => s.FieldSelectors.every((f) => fieldMatches(f, fieldValue(f.Field, e))));
}

function basicMatches(s: EventSelector, e: SelectableEvent): boolean {
  const rw = s.ReadWriteType ?? 'All';
  if ((rw === 'ReadOnly' && !e.readOnly) || (rw === 'WriteOnly' && e.readOnly)) return false;
  if (e.eventCategory === 'Management') {
    return (s.IncludeManagementEvents ?? true) && !(s.ExcludeManagementEventSources ?? []).includes(e.eventSource);
  }
  return (s.DataResources ?? []).some(
    (r) => r.Type === e.resourceType && e.resourceArn !== undefined && (r.Values ?? []).some((v) => dataValueMatches(v, e.resourceArn!)),
  );
}

/** `arn:aws:s3` (or `arn:aws:s3:::`) selects every object; otherwise the value is an ARN prefix (a bare bucket ARN means all its objects). */
function dataValueMatches(value: string, arn: string): boolean {
  if (value === 'arn:aws:s3' || value === 'arn:aws:s3:::') return arn.startsWith('arn:aws:s3:::');
  const bucketOnly = /^arn:aws:s3:::[^/]+$/.test(value);
  return arn.startsWith(bucketOnly ? `${value}/` : value);
}

function fieldValue(field: string, e: SelectableEvent): string | undefined {
  switch (field) {
    case 'eventCategory':
      return e.eventCategory;
    case 'eventSource':
      return e.eventSource;
    case 'eventName':
      return e.eventName;
    case 'readOnly':
      return String(e.readOnly);
    case 'resources.type':
      return e.resourceType;
    case 'resources.ARN':
      return e.resourceArn;
    default:
      return recordField(field, e.record?.());
  }
}

function recordField(path: string, record: Record<string, unknown> | undefined): string | undefined {
  let value: unknown = record;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

function fieldMatches(f: AdvancedFieldSelector, value: string | undefined): boolean {
  const has = value !== undefined;
  const any = (list: string[] | undefined, test: (v: string) => boolean) => list === undefined || (has && list.some(test));
  const none = (list: string[] | undefined, test: (v: string) => boolean) => list === undefined || !has || !list.some(test);
  return (
    any(f.Equals, (v) => value === v) &&
    any(f.StartsWith, (v) => value!.startsWith(v)) &&
    any(f.EndsWith, (v) => value!.endsWith(v)) &&
    none(f.NotEquals, (v) => value === v) &&
    none(f.NotStartsWith, (v) => value!.startsWith(v)) &&
    none(f.NotEndsWith, (v) => value!.endsWith(v))
  );
}

export type { AdvancedEventSelector, EventSelector };
