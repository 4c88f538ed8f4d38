/** STS: the subset of API 2011-06-15 hsmtrail serves, typed by the generated model. */
import type { IamAccount } from '../../identity/account.js';
import type * as T from '../../protocol/generated/sts.js';
import type { CallContext } from '../service.js';
import { accountOfAccessKey } from './access-key-info.js';
import { assumeRole } from './assume-role.js';
import { getSessionToken } from './session-token.js';

export type StsOperation = 'GetCallerIdentity' | 'AssumeRole' | 'GetSessionToken' | 'GetAccessKeyInfo';

/** GetCallerIdentity answers from the verified principal, never from the request. */
export function getCallerIdentity(_input: T.GetCallerIdentityRequest, call: CallContext): T.GetCallerIdentityResponse {
  const p = call.principal;
  return { UserId: p.userId, Account: p.accountId, Arn: p.arn };
}

export class StsProvider implements Pick<T.STSApi<CallContext>, StsOperation> {
  constructor(private readonly account: IamAccount) {}

  GetCallerIdentity = getCallerIdentity;
  AssumeRole = (i: T.AssumeRoleRequest, c: CallContext) => assumeRole(this.account, i, c);
  GetSessionToken = (i: T.GetSessionTokenRequest, c: CallContext) => getSessionToken(this.account, i, c);
  GetAccessKeyInfo = async (i: T.GetAccessKeyInfoRequest, c: CallContext): Promise<T.GetAccessKeyInfoResponse> => ({
    Account: await accountOfAccessKey(c.tx, this.account, i.AccessKeyId),
  });
}
