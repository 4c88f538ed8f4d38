import type { Principal } from './principal.js';

/** The account's root user as a principal: CloudTrail's `Root` identity. */
export function rootPrincipal(accountId: string, accessKeyId: string): Principal {
  return {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    accessKeyId,
    tags: {},
    sessionPolicies: [],
    userId: accountId,
  };
}
