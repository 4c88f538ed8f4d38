/**
 * AccessDenied messages in IAM's format (IAM User Guide, "Troubleshoot access denied error messages",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 *   User: <principal-arn> is not authorized to perform: <action>[ on resource: <resource>] <context>
 * The principal ARN is the session ARN for role sessions. ` on resource: …` is omitted when the
 * action was evaluated against `*` (actions without a resource type), as AWS does.
 */
import type { Decision, PolicySource } from './types.js';

const POLICY_NAMES: Record<PolicySource, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

const IMPLICIT_NAMES: Record<PolicySource, string> = { ...POLICY_NAMES, trust: 'role trust policy' };

export interface DenyMessageInput {
  principalArn: string;
  action: string;
  resource?: string;
  decision: Decision;
}

function reason(action: string, decision: Decision): string {
  const by = decision.deniedBy ?? 'identity';
  if (decision.reason === 'explicitDeny') {
    const name = POLICY_NAMES[by];
    return `with an explicit deny in ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  return `because no ${IMPLICIT_NAMES[by]} allows the ${action} action`;
}

export function accessDeniedMessage({ principalArn, action, resource, decision }: DenyMessageInput): string {
  const on = resource && resource !== '*' ? ` on resource: ${resource}` : '';
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${reason(action, decision)}`;
}
