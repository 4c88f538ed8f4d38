/**
 * What credentials from GetSessionToken may not do. AWS STS API Reference, GetSessionToken: "You
 * cannot call any IAM API operations unless MFA authentication information is included in the
 * request. You cannot call any STS API except AssumeRole or GetCallerIdentity."
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html)
 * A session issued with SerialNumber and TokenCode (a virtual MFA device's code) carries MFA.
 */
import { ServiceError } from '../errors/service-error.js';
import type { Principal } from './principal.js';

const STS_ALLOWED = new Set(['AssumeRole', 'GetCallerIdentity']);

/**
 * A GetSessionToken session: temporary credentials that keep the user's (or root's) own identity.
 * A console sign-in session is not one: the AWS console calls IAM with its sign-in credentials.
 */
function isSessionTokenSession(p: Principal): boolean {
  return p.sessionContext !== undefined && p.type !== 'AssumedRole' && !p.consoleSession;
}

/**
 * Throws AWS's refusal. IAM answers InvalidClientTokenId (403) with this wording, without a final
 * period (raw IAM response in aws/aws-cli#8918; AWS knowledge center "authenticate-mfa-cli");
 * STS answers AccessDenied "Cannot call <Operation> with session credentials", as it does for
 * GetSessionToken and GetFederationToken called with session credentials.
 */
export function checkSessionTokenLimits(principal: Principal, service: string | undefined, operation: string | undefined): void {
  if (!isSessionTokenSession(principal)) return;
  if (service === 'iam' && principal.sessionContext!.attributes.mfaAuthenticated !== 'true') {
    throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid', { status: 403 });
  }
  if (service === 'sts' && operation !== undefined && !STS_ALLOWED.has(operation)) {
    throw new ServiceError('AccessDenied', `Cannot call ${operation} with session credentials`, { status: 403 });
  }
}
