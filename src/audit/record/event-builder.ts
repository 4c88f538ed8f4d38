import { newEventId } from './event-id.js';
import type { CallRecord } from './call-record.js';
import type { CallWire, EventResource } from '../../services/service.js';
import type { EventLookupFields } from '../events/ports.js';
import { eventNameOf, isDataEvent, isReadOnly, recordsResponse } from './classify.js';
import { recordParameters, redactShaped } from './parameters.js';
import { lookupUsername, unknownIdentity, userIdentityOf, type UserIdentity } from './user-identity.js';
import { fitParameters, truncate } from './limits.js';
import { lookupResourcesOf, recordResourcesOf } from './resources.js';

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
}

/** The record plus what the store indexes, computed once while the facts are at hand. */
export interface BuiltEvent {
  record: CloudTrailRecord;
  eventTime: Date;
  lookup: EventLookupFields;
  /** First resource of the call, for data-event selector matching. */
  resource?: EventResource;
}

/** Builds the CloudTrail record of one finished call from the facts the gateway gathered (CallRecord). */
export function buildEvent(call: CallRecord, opts: BuildOptions): BuiltEvent {
  const eventTime = new Date(Math.floor(opts.now.getTime() / 1000) * 1000);
  const eventName = eventNameOf(call);
  const readOnly = isReadOnly(call, eventName);
  const category = isDataEvent(call) ? 'Data' : 'Management';
  const userIdentity = call.principal
    ? userIdentityOf(call.principal)
    : unknownIdentity(call.claimedAccessKeyId, call.claimedAccessKeyId ? call.claimedAccountId : undefined);
  const region = call.region ?? call.service?.globalRegion ?? opts.defaultRegion;
  const resources = recordResourcesOf(call, opts.accountId, region);
  const wire = call.wire;
  const additionalEventData = call.operation ? call.service?.audit?.additionalEventData?.(call.operation, wire) : undefined;
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity,
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: call.service?.eventSource ?? `${call.scopeService ?? 'unknown'}.amazonaws.com`,
    eventName,
    awsRegion: region,
    sourceIPAddress: call.sourceIp,
    ...(call.userAgent ? { userAgent: truncate(call.userAgent) } : {}),
    ...(call.error ? { errorCode: truncate(call.error.code), errorMessage: truncate(call.error.message) } : {}),
    requestParameters: fitParameters(requestParametersOf(call, wire)),
    responseElements: call.error || !recordsResponse(call, eventName, readOnly) ? null : fitParameters(responseElementsOf(call)),
    ...(additionalEventData ? { additionalEventData } : {}),
    requestID: truncate(call.requestId),
    eventID: opts.eventId ?? newEventId(),
    readOnly,
    ...(resources.length ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: opts.accountId,
    eventCategory: category,
    ...(call.tls ? { tlsDetails: { ...call.tls } } : {}),
    // From the credential's origin (a console sign-in), never from anything the client sends.
    ...(call.principal?.consoleSession ? { sessionCredentialFromConsole: 'true' as const } : {}),
  };
  const lookup = lookupFields(record, lookupResourcesOf(call, resources, opts.accountId, region));
  return { record, eventTime, lookup, resource: resources[0] };
}

function requestParametersOf(call: CallRecord, wire: CallWire): Record<string, unknown> | null {
  if (!call.input) return null;
  const override = call.operation ? call.service?.audit?.requestParameters?.(call.operation, call.input, wire) : undefined;
  if (override !== undefined) return redactShaped(override);
  const model = call.service?.model;
  return recordParameters(model, call.operation ? model?.operations[call.operation]?.input : undefined, call.input);
}

function responseElementsOf(call: CallRecord): Record<string, unknown> | null {
  if (call.output === undefined || !call.operation) return null;
  const override = call.service?.audit?.responseElements?.(call.operation, call.output);
  if (override !== undefined) return redactShaped(override);
  const model = call.service?.model;
  return recordParameters(model, model?.operations[call.operation]?.output, call.output);
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
