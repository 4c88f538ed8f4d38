/**
 * A bucket's event notification configuration (S3 User Guide, "Amazon S3 Event Notifications"): queue and topic
 * destinations, each with event types and an optional key filter (one prefix and/or one suffix rule). Validated
 * as S3 does on PutBucketNotificationConfiguration: known event types, well-formed filter rules, and no two
 * configurations sharing an event type over overlapping key ranges.
 */
import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../errors/service-error.js';
import type * as T from '../../../protocol/generated/s3.js';

export interface Destination {
  kind: 'queue' | 'topic';
  id: string;
  arn: string;
  events: string[];
  prefix?: string;
  suffix?: string;
}

/** The event types a configuration may name ("Supported event types for SQS, SNS, and Lambda"). */
const SUPPORTED_EVENTS = new Set([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectAcl:Put',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
]);

export const invalidArgument = (message: string, fields: Record<string, string> = {}) =>
  new ServiceError('InvalidArgument', message, { status: 400, fields });

/** Validates and normalises the request's configuration (an absent Id gets a generated one, as S3 does). */
export function parseConfiguration(c: T.NotificationConfiguration | undefined): Destination[] {
  if (c?.LambdaFunctionConfigurations?.length || c?.EventBridgeConfiguration) {
    const arn = c.LambdaFunctionConfigurations?.[0]?.LambdaFunctionArn ?? 'EventBridge';
    throw invalidArgument('Unable to validate the following destination configurations', {
      ArgumentName1: arn,
      ArgumentValue1: 'Lambda and EventBridge destinations are not supported by hsmtrail',
    });
  }
  const out: Destination[] = [
    ...(c?.QueueConfigurations ?? []).map((q) => destination('queue', q.Id, q.QueueArn, q.Events, q.Filter)),
    ...(c?.TopicConfigurations ?? []).map((t) => destination('topic', t.Id, t.TopicArn, t.Events, t.Filter)),
  ];
  assertNoOverlap(out);
  return out;
}

function destination(
  kind: Destination['kind'],
  id: string | undefined,
  arn: string,
  events: string[] | undefined,
  filter: T.NotificationConfigurationFilter | undefined,
): Destination {
  if (!events?.length) throw invalidArgument('At least one event must be specified', { ArgumentName: 'Event', ArgumentValue: '' });
  for (const e of events) {
    if (!SUPPORTED_EVENTS.has(e))
      throw invalidArgument('The event is not supported for notifications', { ArgumentName: 'Event', ArgumentValue: e });
  }
  const d: Destination = { kind, id: id || generatedId(), arn, events: [...new Set(events)] };
  for (const rule of filter?.Key?.FilterRules ?? []) {
    const name = rule.Name?.toLowerCase();
    if (name !== 'prefix' && name !== 'suffix') {
      throw invalidArgument('filter rule name must be either prefix or suffix', {
        ArgumentName: 'FilterRule.Name',
        ArgumentValue: rule.Name ?? '',
      });
    }
    if (d[name] !== undefined) {
      throw invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, {
        ArgumentName: 'FilterRule.Name',
        ArgumentValue: name,
      });
    }
    d[name] = rule.Value ?? '';
  }
  return d;
}

/** S3 names an unnamed configuration with a random id. */
const generatedId = () => randomBytes(24).toString('base64').replace(/[+/=]/g, '').slice(0, 32);

/** Two configurations overlap when they share an event type and some key could match both filters. */
function assertNoOverlap(all: Destination[]): void {
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!;
      const b = all[j]!;
      if (sharesEvent(a.events, b.events) && affixesOverlap(a.prefix, b.prefix, 'prefix') && affixesOverlap(a.suffix, b.suffix, 'suffix')) {
        throw invalidArgument('Configurations overlap. Configurations on the same bucket cannot share a common event type.', {
          ArgumentName: 'Event',
          ArgumentValue: a.events.find((e) => b.events.some((f) => eventsOverlap(e, f)))!,
        });
      }
    }
  }
}

const eventsOverlap = (a: string, b: string) =>
  a === b || (a.endsWith(':*') && b.startsWith(a.slice(0, -1))) || (b.endsWith(':*') && a.startsWith(b.slice(0, -1)));
const sharesEvent = (a: string[], b: string[]) => a.some((e) => b.some((f) => eventsOverlap(e, f)));

function affixesOverlap(a: string | undefined, b: string | undefined, kind: 'prefix' | 'suffix'): boolean {
  if (!a || !b) return true;
  return kind === 'prefix' ? a.startsWith(b) || b.startsWith(a) : a.endsWith(b) || b.endsWith(a);
}

/** The configuration as GetBucketNotificationConfiguration answers it. */
export function toConfiguration(destinations: Destination[]): T.NotificationConfiguration {
  const filter = (d: Destination): T.NotificationConfigurationFilter | undefined => {
    const rules: T.FilterRule[] = [];
    if (d.prefix !== undefined) rules.push({ Name: 'prefix' as T.FilterRuleName, Value: d.prefix });
    if (d.suffix !== undefined) rules.push({ Name: 'suffix' as T.FilterRuleName, Value: d.suffix });
    return rules.length ? { Key: { FilterRules: rules } } : undefined;
  };
  const of = (kind: Destination['kind']) => destinations.filter((d) => d.kind === kind);
  const out: T.NotificationConfiguration = {};
  const queues = of('queue').map((d) => ({ Id: d.id, QueueArn: d.arn, Events: d.events as T.Event[], Filter: filter(d) }));
  const topics = of('topic').map((d) => ({ Id: d.id, TopicArn: d.arn, Events: d.events as T.Event[], Filter: filter(d) }));
  if (topics.length) out.TopicConfigurations = topics;
  if (queues.length) out.QueueConfigurations = queues;
  return out;
}

/** Whether a destination wants this event (`s3:ObjectCreated:Put`) for this key. */
export function wants(d: Destination, eventName: string, key: string): boolean {
  if (!d.events.some((e) => e === eventName || (e.endsWith(':*') && eventName.startsWith(e.slice(0, -1))))) return false;
  return (d.prefix === undefined || key.startsWith(d.prefix)) && (d.suffix === undefined || key.endsWith(d.suffix));
}
