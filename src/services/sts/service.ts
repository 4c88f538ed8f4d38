/** STS as the gateway hosts it. */
import type { IamAccount } from '../../identity/account.js';
import { model } from '../../protocol/generated/sts.js';
import type { AuthorizationRequest, CallContext, ServiceDefinition } from '../service.js';
import { authorizeAssumeRole } from './assume-role.js';
import { stsAudit } from './audit.js';
import { getCallerIdentity, StsProvider } from './provider.js';
import { checkLongTermCaller } from './session-token.js';

/**
 * Without the identity module only GetCallerIdentity is served. GetCallerIdentity and
 * GetSessionToken need no permission (as in AWS); AssumeRole is judged against the role's trust policy.
 */
export function stsService(account?: IamAccount): ServiceDefinition {
  const operations: ServiceDefinition['operations'] = { GetCallerIdentity: getCallerIdentity };
  if (account) {
    const p = new StsProvider(account);
    Object.assign(operations, {
      AssumeRole: p.AssumeRole,
      GetSessionToken: p.GetSessionToken,
      GetAccessKeyInfo: p.GetAccessKeyInfo,
    });
  }
  return {
    id: 'sts',
    protocol: 'query',
    eventSource: 'sts.amazonaws.com',
    actionPrefix: 'sts',
    // GetSessionToken issues (stores) temporary credentials.
    writesOnRead: ['GetSessionToken'],
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
