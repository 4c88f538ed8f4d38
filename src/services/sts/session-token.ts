import { ServiceError } from '../../errors/service-error.js';
import type { Principal } from '../../identity/principal.js';
import type { IamAccount } from '../../identity/account.js';
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../protocol/generated/sts.js';
import type { CallContext } from '../service.js';
import { checkUserCode, rootOwnerId } from '../../identity/mfa/devices.js';
import { creationDate, issueSession } from './session.js';

const USER_DEFAULT = 43200;
/** The root user's session tokens last 900–3600 seconds (default 3600); longer requests are capped. */
const ROOT_MAX = 3600;

/** GetSessionToken needs long-term credentials: a session cannot mint another. */
export function checkLongTermCaller(call: CallContext): void {
  if (call.principal.sessionContext) {
    throw new ServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials', { status: 403 });
  }
}

/** Temporary credentials with the caller's own identity (IAMUser or Root) plus a sessionContext. */
export async function getSessionToken(
  account: IamAccount,
  input: GetSessionTokenRequest,
  call: CallContext,
): Promise<GetSessionTokenResponse> {
  checkLongTermCaller(call);
  const caller = call.principal;
  const duration = caller.type === 'Root' ? Math.min(input.DurationSeconds ?? ROOT_MAX, ROOT_MAX) : (input.DurationSeconds ?? USER_DEFAULT);
  const mfa = await checkMfa(account, input, call);
  const { accessKeyId: _longTerm, ...identity } = caller;
  const principal: Omit<Principal, 'accessKeyId'> = {
    ...identity,
    sessionPolicies: [],
    sessionContext: { attributes: { creationDate: creationDate(call.now), mfaAuthenticated: mfa ? 'true' : 'false' } },
  };
  return { Credentials: await issueSession(call.tx, account, principal, call.now, duration) };
}

/**
 * SerialNumber + TokenCode: the code must be valid now for that device, enabled for the calling
 * user; the code is then used up. AWS's refusal is AccessDenied "MultiFactorAuthentication failed
 * with invalid MFA one time pass code." (STS API Reference, GetSessionToken: SerialNumber, TokenCode).
 */
async function checkMfa(account: IamAccount, input: GetSessionTokenRequest, call: CallContext): Promise<boolean> {
  if (input.SerialNumber === undefined && input.TokenCode === undefined) return false;
  const caller = call.principal;
  // The root user's own device counts too (its console assigns one; root-user.ts).
  const user = caller.type === 'IAMUser' && caller.userName ? await call.tx.iamEntities.findUser(caller.userName) : undefined;
  const ownerId = caller.type === 'Root' ? rootOwnerId(call.accountId) : user?.userId;
  const found = ownerId && (await checkUserCode(call.tx, account, ownerId, input.TokenCode, call.now, input.SerialNumber ?? ''));
  if (!found)
    throw new ServiceError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', { status: 403 });
  await call.tx.iamMfa.useStep(found.device.serialNumber, found.step);
  return true;
}
