import type { IamAccount } from '../../identity/account.js';
import type { LastUsedTracker } from '../../identity/store/last-used.js';
import type { GroupRow, RoleRow, TagTarget, UserRow } from '../../identity/store/rows.js';
import type { Tx } from '../../storage/ports.js';
import type { CallContext } from '../service.js';
import { groupNotFound, invalidInput, limitExceeded, roleNotFound, userNotFound, validationError } from './errors.js';
import type { IAMApi, Tag } from '../../protocol/generated/iam.js';

export interface IamDeps {
  account: IamAccount;
  lastUsed?: LastUsedTracker;
}

export type Kind = 'user' | 'group' | 'role' | 'policy';

export const entityArn = (accountId: string, kind: Kind, path: string, name: string) => `arn:aws:iam::${accountId}:${kind}${path}${name}`;

export const iso = (call: CallContext) => call.now.toISOString();

export async function requireUser(tx: Tx, name: string): Promise<UserRow> {
  const user = await tx.iamEntities.findUser(name);
  if (!user) throw userNotFound(name);
  return user;
}

export async function requireGroup(tx: Tx, name: string): Promise<GroupRow> {
  const group = await tx.iamEntities.findGroup(name);
  if (!group) throw groupNotFound(name);
  return group;
}

export async function requireRole(tx: Tx, name: string): Promise<RoleRow> {
  const role = await tx.iamEntities.findRole(name);
  if (!role) throw roleNotFound(name);
  return role;
}

/** Operations whose UserName defaults to the calling IAM user. */
export function userNameOrCaller(name: string | undefined, call: CallContext): string {
  if (name !== undefined) return name;
  const p = call.principal;
  if (p.type === 'IAMUser' && p.userName) return p.userName;
  throw validationError('Must specify userName when calling with non-User credentials');
}

const MAX_TAGS = 50;
const QUOTA_NAME: Record<TagTarget, string> = {
  user: 'TagsPerUser',
  role: 'TagsPerRole',
  policy: 'TagsPerPolicy',
  mfa: 'TagsPerMFADevice',
};

/**
 * Adds or replaces tags within IAM's 50-tag quota. Keys are case-insensitive: two in one request that
 * differ only in case are refused, and a key matching an existing one in another case replaces it.
 */
export async function putTags(tx: Tx, type: TagTarget, id: string, tags: Tag[] | undefined): Promise<void> {
  if (!tags?.length) return;
  const keys = tags.map((t) => t.Key.toLowerCase());
  if (new Set(keys).size < keys.length) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  const after = new Set([...(await tx.iamEntities.tags(type, id)).map((t) => t.Key.toLowerCase()), ...keys]);
  if (after.size > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[type]}: ${MAX_TAGS}`);
  for (const t of tags) await tx.iamEntities.putTag(type, id, t.Key, t.Value);
}

/** A group of IAM operations, typed by the generated API: inputs and outputs are the model's. */
export type IamOps<K extends keyof IAMApi<CallContext>> = Pick<IAMApi<CallContext>, K>;
