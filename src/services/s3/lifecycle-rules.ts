/**
 * Lifecycle configuration rules: S3's validation of a PutBucketLifecycleConfiguration document, and
 * when a rule's objects are due (S3 User Guide, "Lifecycle configuration elements").
 */
import { ServiceError } from '../../errors/service-error.js';
import type { LifecycleSelection } from '../../storage/objects/local/lifecycle.js';
import { S3Errors } from './errors.js';

interface Tag {
  Key: string;
  Value: string;
}

export interface LifecycleFilter {
  Prefix?: string;
  Tag?: Tag;
  ObjectSizeGreaterThan?: number;
  ObjectSizeLessThan?: number;
  And?: { Prefix?: string; Tags?: Tag[]; ObjectSizeGreaterThan?: number; ObjectSizeLessThan?: number };
}

export interface LifecycleRule {
  ID?: string;
  Status?: string;
  Prefix?: string;
  Filter?: LifecycleFilter;
  Expiration?: { Date?: Date | string; Days?: number; ExpiredObjectDeleteMarker?: boolean };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: number };
  Transitions?: unknown[];
  NoncurrentVersionTransitions?: unknown[];
  NoncurrentVersionExpiration?: unknown;
}

const MAX_RULES = 1000; // "Lifecycle configuration elements": up to 1,000 rules
const MAX_ID_LENGTH = 255;
const DAY_MS = 86_400_000;

const positive = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n > 0;
const count = (...values: unknown[]) => values.filter((v) => v !== undefined).length;

/** Actions that need storage classes or versioning, which the built-in bucket does not have. */
const UNSUPPORTED_ACTIONS = ['Transitions', 'NoncurrentVersionTransitions', 'NoncurrentVersionExpiration'] as const;

function notImplemented(action: string): ServiceError {
  return new ServiceError('NotImplemented', `The lifecycle action ${action.replace(/s$/, '')} is not implemented by this bucket store`, {
    status: 501,
  });
}

/** Throws S3's error for the first problem in the rules; returns them as they will be stored. */
export function assertLifecycleRules(rules: LifecycleRule[] | undefined): LifecycleRule[] {
  if (!rules || rules.length === 0 || rules.length > MAX_RULES) throw S3Errors.MalformedXML();
  const ids = new Set<string>();
  for (const rule of rules) {
    assertRule(rule);
    if (rule.ID === undefined || rule.ID === '') continue;
    if (ids.has(rule.ID)) throw S3Errors.InvalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', rule.ID);
    ids.add(rule.ID);
  }
  return rules;
}

function assertRule(rule: LifecycleRule): void {
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw S3Errors.MalformedXML();
  if (rule.ID !== undefined && rule.ID.length > MAX_ID_LENGTH) {
    throw S3Errors.InvalidArgument('ID length should not exceed allowed limit of 255', 'ID', rule.ID);
  }
  // A rule names its objects with the (deprecated) Prefix element or with a Filter, never both.
  if (count(rule.Prefix, rule.Filter) !== 1) throw S3Errors.MalformedXML();
  if (rule.Filter) assertFilter(rule.Filter);
  for (const action of UNSUPPORTED_ACTIONS) if (rule[action] !== undefined) throw notImplemented(action);
  if (rule.Expiration === undefined && rule.AbortIncompleteMultipartUpload === undefined) {
    throw S3Errors.InvalidRequest('At least one action needs to be specified in a rule');
  }
  if (rule.Expiration) assertExpiration(rule.Expiration);
  if (rule.AbortIncompleteMultipartUpload) {
    const days = rule.AbortIncompleteMultipartUpload.DaysAfterInitiation;
    if (!positive(days)) {
      throw S3Errors.InvalidArgument(
        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
        'DaysAfterInitiation',
        String(days ?? ''),
      );
    }
    if (hasTags(rule.Filter)) throw S3Errors.InvalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
  }
}

/** A Filter holds exactly one of Prefix, Tag, the size bounds or And (or nothing: every object). */
function assertFilter(f: LifecycleFilter): void {
  if (count(f.Prefix, f.Tag, f.ObjectSizeGreaterThan, f.ObjectSizeLessThan, f.And) > 1) throw S3Errors.MalformedXML();
  const and = f.And;
  if (and && count(and.Prefix, and.ObjectSizeGreaterThan, and.ObjectSizeLessThan) + (and.Tags?.length ?? 0) < 2)
    throw S3Errors.MalformedXML();
  const above = f.ObjectSizeGreaterThan ?? and?.ObjectSizeGreaterThan;
  const below = f.ObjectSizeLessThan ?? and?.ObjectSizeLessThan;
  if ((above !== undefined && above < 0) || (below !== undefined && below <= 0)) throw S3Errors.MalformedXML();
  if (above !== undefined && below !== undefined && above >= below) {
    throw S3Errors.InvalidRequest('ObjectSizeGreaterThan must be less than ObjectSizeLessThan');
  }
}

function assertExpiration(e: NonNullable<LifecycleRule['Expiration']>): void {
  const when = count(e.Days, e.Date);
  // ExpiredObjectDeleteMarker "cannot be specified with Days or Date" (API Reference, LifecycleExpiration).
  if (when > 1 || (when === 1 && e.ExpiredObjectDeleteMarker !== undefined) || (when === 0 && e.ExpiredObjectDeleteMarker === undefined)) {
    throw S3Errors.MalformedXML();
  }
  if (e.Days !== undefined && !positive(e.Days)) {
    throw S3Errors.InvalidArgument("'Days' for Expiration action must be a positive integer", 'Days', String(e.Days));
  }
  if (e.Date !== undefined && new Date(e.Date).getTime() % DAY_MS !== 0) {
    throw S3Errors.InvalidArgument("'Date' must be at midnight GMT", 'Date', new Date(e.Date).toISOString());
  }
}

function hasTags(f: LifecycleFilter | undefined): boolean {
  return Boolean(f?.Tag || f?.And?.Tags?.length);
}

/** The objects a rule applies to. */
export function ruleSelection(rule: LifecycleRule): LifecycleSelection {
  const f = rule.Filter ?? {};
  return {
    prefix: rule.Prefix ?? f.Prefix ?? f.And?.Prefix ?? '',
    sizeAbove: f.ObjectSizeGreaterThan ?? f.And?.ObjectSizeGreaterThan,
    sizeBelow: f.ObjectSizeLessThan ?? f.And?.ObjectSizeLessThan,
    tags: hasTags(f),
  };
}

/**
 * Objects created before the returned instant are due under `days`. S3 adds the days to the
 * creation time and rounds up to the next midnight UTC ("Lifecycle configuration elements":
 * created 1/15 10:30 UTC with 3 days expires 1/19 00:00 UTC), so an object is due once
 * now >= (startOfDay(created) + days + 1 day), i.e. created < startOfDay(now) - days.
 */
export function dueBefore(days: number, now: Date): Date {
  const startOfToday = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return new Date(startOfToday - days * DAY_MS);
}

/** The creation-time bound for a rule's Expiration at `now`, or undefined when nothing is due. */
export function expirationBound(rule: LifecycleRule, now: Date): Date | undefined {
  const e = rule.Expiration;
  if (rule.Status !== 'Enabled' || !e) return undefined;
  if (e.Days !== undefined) return dueBefore(e.Days, now);
  // On and after the Date every object the rule applies to is due.
  if (e.Date !== undefined && now.getTime() >= new Date(e.Date).getTime()) return new Date(now.getTime() + 1);
  return undefined;
}
