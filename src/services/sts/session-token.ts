import { ServiceError } from '../../errors/service-error.js';
import type { Principal } from '../../identity/principal.js';
import type { IamAccount } from '../../identity/account.js';
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../protocol/generated/sts.js';
import type { CallContext } from '../service.js';
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
  const { accessKeyId: _longTerm, ...identity } = caller;
  const principal: Omit<Principal, 'accessKeyId'> = {
    ...identity,
    sessionPolicies: [],
    sessionContext: { attributes: { creationDate: creationDate(call.now), mfaAuthenticated: 'false' } },
  };
  return { Credentials: await issueSession(call.tx, account, principal, call.now, duration) };
}
