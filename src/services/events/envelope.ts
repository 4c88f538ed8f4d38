/**
 * The event EventBridge hands to rules and targets (EventBridge User Guide, "Amazon EventBridge events":
 * version, id, detail-type, source, account, time, region, resources, detail), from a PutEvents entry or from a
 * CloudTrail record ("AWS service events delivered via AWS CloudTrail": detail-type "AWS API Call via
 * CloudTrail", source aws.<service>, detail = the record).
 */
import { randomUUID } from 'node:crypto';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** Events carry whole seconds: 2019-12-03T17:07:09Z. */
export const eventTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function customEvent(
  e: { source: string; detailType: string; detail: unknown; resources?: string[]; time: Date },
  where: {
    account: string;
    region: string;
  },
): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': e.detailType,
    source: e.source,
    account: where.account,
    time: eventTime(e.time),
    region: where.region,
    resources: e.resources ?? [],
    detail: e.detail,
  };
}

/** `signin.amazonaws.com` → `aws.signin`, `cloudhsm.amazonaws.com` → `aws.cloudhsm` (CloudHSM v2's source). */
export const sourceOf = (eventSource: string) => `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;

export function cloudTrailEvent(record: Record<string, unknown>, fallbackAccount: string): BusEvent {
  const signIn = record.eventType === 'AwsConsoleSignIn';
  const account = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : fallbackAccount;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: sourceOf(String(record.eventSource)),
    account,
    time: String(record.eventTime),
    region: String(record.awsRegion),
    resources: [],
    detail: record,
  };
}
