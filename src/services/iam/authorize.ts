import type { Tx } from '../../storage/ports.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { mfaSerial } from '../../identity/mfa/devices.js';
import { entityArn } from './context.js';
import { passwordExpired } from './password-rules.js';
import { ROOT_MFA_OPERATIONS, ROOT_USER_NAME, rootArn } from './root-user.js';

const READ = /^(Get|List)/;
/** Operations whose UserName defaults to the caller. */
const CALLER_DEFAULT = new Set([
  'GetUser',
  'CreateAccessKey',
  'ListAccessKeys',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'CreateLoginProfile',
  'GetLoginProfile',
  'UpdateLoginProfile',
  'DeleteLoginProfile',
  'ChangePassword',
  'ListMFADevices',
  'DeactivateMFADevice',
]);

/** What AllowUsersToChangePassword grants every IAM user, for itself. */
const SELF_SERVICE = new Set(['ChangePassword', 'GetAccountPasswordPolicy']);

/**
 * `iam:<Op>` on the ARN of the entity the operation names: the group for membership and group
 * policy calls, else the role, the user (the caller when UserName is omitted), or the policy.
 * AWS managed policies belong to account `aws`; reading them is treated as a same-account read.
 */
export function iamAuthorizer() {
  return async (operation: string, input: Record<string, any>, call: CallContext): Promise<AuthorizationRequest[]> => {
    const acct = call.accountId;
    const action = `iam:${operation}`;
    const context: Record<string, string | string[]> = {};
    if (typeof input.PolicyArn === 'string') context['iam:PolicyARN'] = input.PolicyArn;
    if (Array.isArray(input.Tags)) {
      context['aws:TagKeys'] = input.Tags.map((t: { Key: string }) => t.Key);
      for (const t of input.Tags as Array<{ Key: string; Value: string }>) context[`aws:RequestTag/${t.Key}`] = t.Value;
    }
    const resource = await resourceOf(call.tx, operation, input, call);
    const request: AuthorizationRequest = { action, resource, context };
    if (resource.startsWith('arn:aws:iam::aws:') && READ.test(operation)) request.resourceAccountId = acct;
    if (SELF_SERVICE.has(operation) && (await selfServiceAllowed(call.tx, call)))
      request.resourcePolicy = selfServicePolicy(call.principal.arn, action, resource);
    return [request];
  };
}

async function resourceOf(tx: Tx, operation: string, input: Record<string, any>, call: CallContext): Promise<string> {
  const acct = call.accountId;
  if (typeof input.GroupName === 'string') {
    const g = await tx.iamEntities.findGroup(input.GroupName);
    return g?.arn ?? entityArn(acct, 'group', input.Path ?? '/', input.GroupName);
  }
  if (typeof input.RoleName === 'string') {
    const r = await tx.iamEntities.findRole(input.RoleName);
    return r?.arn ?? entityArn(acct, 'role', input.Path ?? '/', input.RoleName);
  }
  const userName =
    input.UserName ?? (call.principal.type === 'IAMUser' && CALLER_DEFAULT.has(operation) ? call.principal.userName : undefined);
  if (userName === ROOT_USER_NAME && ROOT_MFA_OPERATIONS.has(operation)) return rootArn(acct);
  if (typeof userName === 'string') {
    const u = await tx.iamEntities.findUser(userName);
    return u?.arn ?? entityArn(acct, 'user', input.Path ?? '/', userName);
  }
  if (typeof input.PolicyArn === 'string') return input.PolicyArn;
  if (operation === 'CreatePolicy') return entityArn(acct, 'policy', input.Path ?? '/', input.PolicyName);
  // Virtual MFA devices are resources of their own (IAM Service Authorization Reference: resource type mfa).
  if (operation === 'CreateVirtualMFADevice') return mfaSerial(acct, input.Path ?? '/', input.VirtualMFADeviceName);
  if (typeof input.SerialNumber === 'string') return input.SerialNumber;
  return '*';
}

/**
 * AllowUsersToChangePassword "gives IAM users permissions to iam:ChangePassword for only their user
 * and to the iam:GetAccountPasswordPolicy action ... at the account-level" (IAM API Reference,
 * PasswordPolicy). With HardExpiry an expired password loses that grant: only users with
 * iam:ChangePassword permission of their own can then reset it through the API (same page, HardExpiry).
 */
async function selfServiceAllowed(tx: Tx, call: CallContext): Promise<boolean> {
  const p = call.principal;
  const policy = await tx.iamPasswords.policy();
  if (p.type !== 'IAMUser' || !p.userName || !policy?.allowUsersToChangePassword) return false;
  if (!policy.hardExpiry) return true;
  const user = await tx.iamEntities.findUser(p.userName);
  const profile = user && (await tx.iamEntities.loginProfile(user.userId));
  return !profile || !passwordExpired(policy, profile.passwordDate, call.now);
}

/** The account-level grant, as a policy naming the caller: an explicit Deny of its own still wins. */
function selfServicePolicy(userArn: string, action: string, resource: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: userArn }, Action: action, Resource: resource }],
  });
}
