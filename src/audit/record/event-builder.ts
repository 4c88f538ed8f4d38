import { newEventId } from './event-id.js';
import type { RequestContext } from '../../gateway/context.js';
import type { CallWire, EventResource } from '../../services/service.js';
import type { EventLookupFields } from '../events/ports.js';
import { eventNameOf, isDataEvent, isReadOnly, recordsResponse } from './classify.js';
import { recordParameters, redactShaped } from './parameters.js';
import { lookupUsername, unknownIdentity, userIdentityOf, type UserIdentity } from './user-identity.js';
import { fitParameters, truncate } from './limits.js';
import { lookupResourcesOf, recordResourcesOf } from './resources.js';
import { callWireOf } from './wire.js';

export { resourceNameOf } from './resources.js';

/** The eventVersion whose field set hsmtrail emits (tlsDetails and sessionCredentialFromConsole are 1.08; 1.11 is current). */
export const EVENT_VERSION = '1.11';

/**
 * A CloudTrail record, members in the order real records list them (CloudTrail User Guide, "CloudTrail record contents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: EventResource[];
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management' | 'Data';
  tlsDetails?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
  sessionCredentialFromConsole?: 'true';
}

export interface BuildOptions {
  /** The account this server hosts: every record's recipientAccountId. */
  accountId: string;
  /** Region for calls that failed before a region was known. */
  defaultRegion: string;
  /** Completion time of the call (CloudTrail's eventTime). */
  now: Date;
  eventId?: string;
  /** Account owning an access key, for records of calls that failed authentication. */
  accountOfKey?: (accessKeyId: string) => string | undefined;
}

/** The record plus what the store indexes, computed once while the facts are at hand. */
export interface BuiltEvent {
  record: CloudTrailRecord;
  eventTime: Date;
  lookup: EventLookupFields;
  /** First resource of the call, for data-event selector matching. */
  resource?: EventResource;
}

/** Builds the CloudTrail record of one finished request from what the pipeline learned (RequestContext). */
export function buildEvent(ctx: RequestContext, opts: BuildOptions): BuiltEvent {
  const eventTime = new Date(Math.floor(opts.now.getTime() / 1000) * 1000);
  const eventName = eventNameOf(ctx);
  const readOnly = isReadOnly(ctx, eventName);
  const category = isDataEvent(ctx) ? 'Data' : 'Management';
  const userIdentity = ctx.principal
    ? userIdentityOf(ctx.principal)
    : unknownIdentity(ctx.claimedAccessKeyId, ctx.claimedAccessKeyId ? opts.accountOfKey?.(ctx.claimedAccessKeyId) : undefined);
  const region = ctx.region ?? ctx.service?.globalRegion ?? opts.defaultRegion;
  const resources = recordResourcesOf(ctx, opts.accountId, region);
  const wire = callWireOf(ctx);
  const additionalEventData = ctx.operation ? ctx.service?.audit?.additionalEventData?.(ctx.operation, wire) : undefined;
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity,
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: ctx.service?.eventSource ?? eventSourceFromScope(ctx),
    eventName,
    awsRegion: region,
    sourceIPAddress: ctx.sourceIp,
    ...(ctx.userAgent ? { userAgent: truncate(ctx.userAgent) } : {}),
    ...(ctx.error ? { errorCode: truncate(ctx.error.code), errorMessage: truncate(ctx.error.message) } : {}),
    requestParameters: fitParameters(requestParametersOf(ctx, wire)),
    responseElements: ctx.error || !recordsResponse(ctx, eventName, readOnly) ? null : fitParameters(responseElementsOf(ctx)),
    ...(additionalEventData ? { additionalEventData } : {}),
    requestID: truncate(ctx.requestId),
    eventID: opts.eventId ?? newEventId(),
    readOnly,
    ...(resources.length ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: opts.accountId,
    eventCategory: category,
    ...(ctx.tls ? { tlsDetails: { ...ctx.tls } } : {}),
    // From the credential's origin (a console sign-in), never from anything the client sends.
    ...(ctx.principal?.consoleSession ? { sessionCredentialFromConsole: 'true' as const } : {}),
  };
  const lookup = lookupFields(record, lookupResourcesOf(ctx, resources, opts.accountId, region));
  return { record, eventTime, lookup, resource: resources[0] };
}

function requestParametersOf(ctx: RequestContext, wire: CallWire): Record<string, unknown> | null {
  if (!ctx.input) return null;
  const override = ctx.operation ? ctx.service?.audit?.requestParameters?.(ctx.operation, ctx.input, wire) : undefined;
  if (override !== undefined) return redactShaped(override);
  const model = ctx.service?.model;
  return recordParameters(model, ctx.operation ? model?.operations[ctx.operation]?.input : undefined, ctx.input);
}

function responseElementsOf(ctx: RequestContext): Record<string, unknown> | null {
  if (ctx.output === undefined || !ctx.operation) return null;
  const override = ctx.service?.audit?.responseElements?.(ctx.operation, ctx.output);
  if (override !== undefined) return redactShaped(override);
  const model = ctx.service?.model;
  return recordParameters(model, model?.operations[ctx.operation]?.output, ctx.output);
}

/** No service identified: the signing name of the credential scope is the best evidence. */
function eventSourceFromScope(ctx: RequestContext): string {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(ctx.req.headers.authorization ?? '');
  return `${scope?.[1] ?? 'unknown'}.amazonaws.com`;
}

function lookupFields(record: CloudTrailRecord, resources: EventLookupFields['resources']): EventLookupFields {
  return {
    username: lookupUsername(record.userIdentity),
    accessKeyId: record.userIdentity.accessKeyId || undefined,
    errorCode: record.errorCode,
    sourceIp: record.sourceIPAddress,
    resources,
  };
}
