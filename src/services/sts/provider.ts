import { model } from '../../protocol/generated/sts.js';
import type { IamAccount } from '../../identity/account.js';
import type { AuthorizationRequest, CallContext, ServiceDefinition } from '../service.js';
import { assumeRole, authorizeAssumeRole, type AssumeRoleInput } from './assume-role.js';
import { accountOfAccessKey } from './access-key-info.js';
import { stsAudit } from './audit.js';
import { checkLongTermCaller, getSessionToken } from './session-token.js';

/** GetCallerIdentity answers from the verified principal, never from the request. */
export function getCallerIdentity(_input: unknown, call: CallContext) {
  const p = call.principal;
  return { UserId: p.userId, Account: p.accountId, Arn: p.arn };
}

/**
 * STS. Without an identity store only GetCallerIdentity is served. GetCallerIdentity and
 * GetSessionToken need no permission (as in AWS); AssumeRole is judged against the role's trust policy.
 */
export function stsService(account?: IamAccount): ServiceDefinition {
  const operations: ServiceDefinition['operations'] = { GetCallerIdentity: getCallerIdentity };
  if (account) {
    operations.AssumeRole = (input: AssumeRoleInput, call: CallContext) => assumeRole(account, input, call);
    operations.GetSessionToken = (input: { DurationSeconds?: number }, call: CallContext) => getSessionToken(account, input, call);
    operations.GetAccessKeyInfo = async (input: { AccessKeyId: string }, call: CallContext) => ({
      Account: await accountOfAccessKey(call.tx, account, input.AccessKeyId),
    });
  }
  return {
    id: 'sts',
    protocol: 'query',
    eventSource: 'sts.amazonaws.com',
    actionPrefix: 'sts',
    model,
    operations,
    audit: stsAudit,
    async authorize(operation: string, input: any, call: CallContext): Promise<AuthorizationRequest[]> {
      switch (operation) {
        case 'GetCallerIdentity':
          return [];
        case 'GetSessionToken':
          checkLongTermCaller(call);
          return [];
        case 'AssumeRole':
          return account ? authorizeAssumeRole(account, input, call) : [];
        default:
          return [{ action: `sts:${operation}`, resource: '*' }];
      }
    },
  };
}
