import { model } from '../../protocol/generated/sts.js';
import type { CallContext, ServiceDefinition } from '../service.js';

/** GetCallerIdentity answers from the verified principal, never from the request. */
export function getCallerIdentity(_input: unknown, call: CallContext) {
  const p = call.principal;
  return { UserId: p.userId, Account: p.accountId, Arn: p.arn };
}

export function stsService(): ServiceDefinition {
  return {
    id: 'sts',
    protocol: 'query',
    eventSource: 'sts.amazonaws.com',
    actionPrefix: 'sts',
    model,
    operations: { GetCallerIdentity: getCallerIdentity },
  };
}
