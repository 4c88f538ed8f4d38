import { ServiceError } from '../../errors/service-error.js';
import { accessDeniedError } from '../../identity/access-denied.js';
import type { Principal } from '../../identity/principal.js';
import { accessDeniedMessage, parsePolicy, PolicyValidationError } from '../../identity/policy/index.js';
import type { IamAccount } from '../../identity/account.js';
import { tagMap } from '../../identity/store/credential-store.js';
import { defaultDocument } from '../../identity/store/policies.js';
import type { Tx } from '../../storage/ports.js';
import type { RoleRow } from '../../identity/store/rows.js';
import type { AssumeRoleRequest, AssumeRoleResponse } from '../../protocol/generated/sts.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { creationDate, issueSession } from './session.js';

/** AssumeRole's input, from the generated model. */
export type AssumeRoleInput = AssumeRoleRequest;

const DEFAULT_DURATION = 3600;
const CHAINED_MAX_DURATION = 3600;
/** Session policies and tags are packed into at most this many plain-text characters (100%). */
const PACKED_LIMIT = 2048;

const validation = (message: string) => new ServiceError('ValidationError', message, { status: 400 });

/** The role an ARN names, when it exists in this account with exactly that path. */
export async function roleForArn(tx: Tx, account: IamAccount, arn: string): Promise<RoleRow | undefined> {
  const m = /^arn:aws:iam::(\d{12}):role(\/.*)?\/([^/]+)$/.exec(arn);
  if (!m || m[1] !== account.accountId) return undefined;
  const role = await tx.iamEntities.findRole(m[3]!);
  return role?.arn === arn ? role : undefined;
}

function denied(call: CallContext, roleArn: string): ServiceError {
  return accessDeniedError(
    'query',
    accessDeniedMessage({
      principalArn: call.principal.arn,
      action: 'sts:AssumeRole',
      resource: roleArn,
      decision: { allowed: false, reason: 'implicitDeny', deniedBy: 'trust' },
    }),
  );
}

/**
 * What AssumeRole needs: sts:AssumeRole on the role, judged against its trust policy (with
 * sts:ExternalId, sts:RoleSessionName, sts:SourceIdentity and request tags as condition keys), plus
 * sts:TagSession / sts:SetSourceIdentity when tags or a source identity are passed, as AWS requires.
 */
export async function authorizeAssumeRole(account: IamAccount, input: AssumeRoleInput, call: CallContext): Promise<AuthorizationRequest[]> {
  if (call.principal.type === 'Root') throw new ServiceError('AccessDenied', 'Roles may not be assumed by root accounts.', { status: 403 });
  const role = await roleForArn(call.tx, account, input.RoleArn);
  if (!role) throw denied(call, input.RoleArn);
  const context: Record<string, string | string[] | undefined> = {
    'sts:ExternalId': input.ExternalId,
    'sts:RoleSessionName': input.RoleSessionName,
    'sts:SourceIdentity': input.SourceIdentity,
  };
  if (input.Tags?.length) {
    context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
    for (const t of input.Tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
  }
  const request = (action: string): AuthorizationRequest => ({ action, resource: role.arn, resourcePolicy: role.trustPolicy, context });
  const out = [request('sts:AssumeRole')];
  if (input.Tags?.length) out.push(request('sts:TagSession'));
  if (input.SourceIdentity !== undefined) out.push(request('sts:SetSourceIdentity'));
  return out;
}

async function sessionPolicies(tx: Tx, input: AssumeRoleInput): Promise<string[]> {
  const docs: string[] = [];
  if (input.Policy !== undefined) {
    try {
      parsePolicy(input.Policy, 'identity');
    } catch (err) {
      if (err instanceof PolicyValidationError) throw new ServiceError('MalformedPolicyDocument', err.message, { status: 400 });
      throw err;
    }
    docs.push(input.Policy);
  }
  for (const { arn } of input.PolicyArns ?? []) {
    const doc = arn ? await defaultDocument(tx, arn) : undefined;
    if (!doc) throw validation(`Policy ${arn} does not exist or is not attachable.`);
    docs.push(doc);
  }
  return docs;
}

function packedSize(input: AssumeRoleInput): number | undefined {
  if (input.Policy === undefined && !input.PolicyArns?.length && !input.Tags?.length) return undefined;
  let chars = input.Policy ? JSON.stringify(JSON.parse(input.Policy)).length : 0;
  for (const p of input.PolicyArns ?? []) chars += (p.arn ?? '').length;
  for (const t of input.Tags ?? []) chars += t.Key.length + t.Value.length;
  const percent = Math.max(1, Math.ceil((100 * chars) / PACKED_LIMIT));
  if (percent > 100)
    throw new ServiceError('PackedPolicyTooLarge', `Packed size of consumed policies exceeds 100% of limit.`, { status: 400 });
  return percent;
}

function durationFor(input: AssumeRoleInput, role: RoleRow, caller: Principal): number {
  const duration = input.DurationSeconds ?? DEFAULT_DURATION;
  if (caller.type === 'AssumedRole' && duration > CHAINED_MAX_DURATION) {
    throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > role.maxSessionDuration)
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return duration;
}

/** Session tags: the role's tags, then tags carried from the calling session, then the request's. */
async function sessionTags(tx: Tx, role: RoleRow, caller: Principal, input: AssumeRoleInput) {
  const tags: Record<string, string> = await tagMap(tx, 'role', role.roleId);
  const transitive = new Set(input.TransitiveTagKeys ?? []);
  for (const key of caller.transitiveTagKeys ?? []) {
    if (caller.tags[key] !== undefined) tags[key] = caller.tags[key]!;
    transitive.add(key);
  }
  for (const t of input.Tags ?? []) tags[t.Key] = t.Value;
  return { tags, transitiveTagKeys: [...transitive] };
}

export async function assumeRole(account: IamAccount, input: AssumeRoleInput, call: CallContext): Promise<AssumeRoleResponse> {
  const role = await roleForArn(call.tx, account, input.RoleArn);
  if (!role) throw denied(call, input.RoleArn);
  if (input.SourceIdentity?.toLowerCase().startsWith('aws:')) throw validation('SourceIdentity must not begin with the prefix aws:');
  const duration = durationFor(input, role, call.principal);
  const PackedPolicySize = packedSize(input);
  const sourceIdentity = input.SourceIdentity ?? call.principal.sessionContext?.sourceIdentity;
  const assumedRoleId = `${role.roleId}:${input.RoleSessionName}`;
  const arn = `arn:aws:sts::${account.accountId}:assumed-role/${role.name}/${input.RoleSessionName}`;
  const { tags, transitiveTagKeys } = await sessionTags(call.tx, role, call.principal, input);
  const principal: Omit<Principal, 'accessKeyId'> = {
    type: 'AssumedRole',
    principalId: assumedRoleId,
    arn,
    accountId: account.accountId,
    userId: assumedRoleId,
    tags,
    ...(transitiveTagKeys.length ? { transitiveTagKeys } : {}),
    sessionPolicies: await sessionPolicies(call.tx, input),
    sessionContext: {
      attributes: { creationDate: creationDate(call.now), mfaAuthenticated: 'false' },
      sessionIssuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId: account.accountId, userName: role.name },
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    },
  };
  const Credentials = await issueSession(call.tx, account, principal, call.now, duration);
  return {
    Credentials,
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
    ...(PackedPolicySize !== undefined ? { PackedPolicySize } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
}
