import type { CallRecord } from './call-record.js';

const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List', 'Lookup', 'Head'];

/** Stands in for an operation the request did not name in any recognisable way. */
export const UNIDENTIFIED_OPERATION = 'UnknownOperation';

/**
 * The eventName: the parsed operation, else what the wire named before parsing failed (the
 * gateway's `wireOperation`), so that rejected calls are still findable by the name the caller used.
 */
export function eventNameOf(call: CallRecord): string {
  return call.operation ?? (call.wireOperation || UNIDENTIFIED_OPERATION);
}

/**
 * Where CloudTrail's classification contradicts the name (as real CloudTrail records show): STS's token-issuing
 * Get* calls are writes, and its AssumeRole* calls are read-only.
 */
const CLOUDTRAIL_EXCEPTIONS: Record<string, boolean> = {
  'sts.amazonaws.com GetSessionToken': false,
  'sts.amazonaws.com GetFederationToken': false,
  'sts.amazonaws.com AssumeRole': true,
  'sts.amazonaws.com AssumeRoleWithSAML': true,
  'sts.amazonaws.com AssumeRoleWithWebIdentity': true,
};

/** AuditSpec.readOnly wins, then CloudTrail's known exceptions, then the Describe/Get/List/Lookup/Head rule. */
export function isReadOnly(call: CallRecord, eventName: string): boolean {
  const declared = call.operation ? call.service?.audit?.readOnly?.(call.operation) : undefined;
  if (declared !== undefined) return declared;
  const known = CLOUDTRAIL_EXCEPTIONS[`${call.service?.eventSource} ${eventName}`];
  if (known !== undefined) return known;
  return READ_ONLY_PREFIXES.some((p) => eventName.startsWith(p));
}

export function isDataEvent(call: CallRecord): boolean {
  return Boolean(call.operation && call.service?.audit?.isDataEvent?.(call.operation));
}

/** Read-only calls whose responses CloudTrail still records: AssumeRole* return the session they create. */
const READ_ONLY_WITH_RESPONSE = new Set([
  'sts.amazonaws.com AssumeRole',
  'sts.amazonaws.com AssumeRoleWithSAML',
  'sts.amazonaws.com AssumeRoleWithWebIdentity',
]);

/** responseElements are recorded for writes (and the exceptions above); read-only calls get null. */
export function recordsResponse(call: CallRecord, eventName: string, readOnly: boolean): boolean {
  return !readOnly || READ_ONLY_WITH_RESPONSE.has(`${call.service?.eventSource} ${eventName}`);
}
