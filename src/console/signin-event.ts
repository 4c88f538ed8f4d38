import { EVENT_VERSION } from '../audit/record/event-builder.js';
import { newEventId } from '../audit/record/event-id.js';
import { truncate } from '../audit/record/limits.js';
import { lookupUsername } from '../audit/record/user-identity.js';
import type { TlsDetails } from '../gateway/context.js';
import type { EventRepository } from '../storage/ports/events.js';

/** AWS writes this user name when the name given at sign-in matches no IAM user. */
export const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Who tried to sign in, as CloudTrail writes it for ConsoleLogin: a known IAM user (principalId,
 * arn, userName), the root user, or an unknown name (type IAMUser, the name hidden). `accessKeyId`
 * is the empty string: no key signs a password sign-in.
 */
export type SignInIdentity =
  | { type: 'IAMUser'; principalId: string; arn: string; accountId: string; userName: string }
  | { type: 'Root'; accountId: string }
  | { type: 'Unknown'; accountId: string };

export interface SignInAttempt {
  identity: SignInIdentity;
  success: boolean;
  mfaUsed: boolean;
  /** The MFA device's ARN, when one was used. */
  mfaIdentifier?: string;
  sourceIp: string;
  userAgent: string;
  loginTo: string;
  region: string;
  recipientAccountId: string;
  tls?: TlsDetails;
  now: Date;
}

function userIdentity(id: SignInIdentity) {
  switch (id.type) {
    case 'IAMUser':
      return {
        type: 'IAMUser' as const,
        principalId: id.principalId,
        arn: id.arn,
        accountId: id.accountId,
        accessKeyId: '',
        userName: id.userName,
      };
    case 'Root':
      return {
        type: 'Root' as const,
        principalId: id.accountId,
        arn: `arn:aws:iam::${id.accountId}:root`,
        accountId: id.accountId,
        accessKeyId: '',
      };
    default:
      return { type: 'IAMUser' as const, accountId: id.accountId, accessKeyId: '', userName: HIDDEN_USER };
  }
}

/**
 * A ConsoleLogin record as CloudTrail writes sign-in events (CloudTrail User Guide, "AWS Management
 * Console sign-in events", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html):
 * eventType AwsConsoleSignIn, eventSource signin.amazonaws.com, responseElements.ConsoleLogin
 * Success or Failure, errorMessage "Failed authentication" on failure, additionalEventData with
 * LoginTo, MobileVersion, MFAUsed and, after an MFA sign-in, MFAIdentifier (the device's ARN). No requestID: sign-ins are not API calls.
 */
export function consoleLoginRecord(a: SignInAttempt, eventId = newEventId(a.now.getTime())) {
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(a.identity),
    eventTime: a.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: a.region,
    sourceIPAddress: a.sourceIp,
    ...(a.userAgent ? { userAgent: truncate(a.userAgent) } : {}),
    ...(a.success ? {} : { errorMessage: 'Failed authentication' }),
    requestParameters: null,
    responseElements: { ConsoleLogin: a.success ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: a.loginTo,
      MobileVersion: 'No',
      ...(a.mfaIdentifier ? { MFAIdentifier: a.mfaIdentifier } : {}),
      MFAUsed: a.mfaUsed ? 'Yes' : 'No',
    },
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: a.recipientAccountId,
    eventCategory: 'Management' as const,
    ...(a.tls ? { tlsDetails: { ...a.tls } } : {}),
  };
}

/** Appends the record inside the caller's transaction, with the lookup columns event history filters on. */
export async function appendConsoleLogin(events: EventRepository, a: SignInAttempt): Promise<ReturnType<typeof consoleLoginRecord>> {
  const record = consoleLoginRecord(a);
  await events.append({
    eventId: record.eventID,
    eventTime: new Date(Math.floor(a.now.getTime() / 1000) * 1000),
    region: record.awsRegion,
    eventSource: record.eventSource,
    eventName: record.eventName,
    readOnly: false,
    eventCategory: 'Management',
    record: JSON.stringify(record),
    lookup: { username: lookupUsername(record.userIdentity), sourceIp: a.sourceIp, resources: [] },
  });
  return record;
}
