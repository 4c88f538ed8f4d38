import type { IdentityStore } from '../../identity/store/identity-store.js';
import type { LastUsedTracker } from '../../identity/store/last-used.js';
import type { GroupRow, RoleRow, UserRow } from '../../identity/store/rows.js';
import type { CallContext } from '../service.js';
import { groupNotFound, limitExceeded, roleNotFound, userNotFound, validationError } from './errors.js';
import type { Tag } from '../../protocol/generated/iam.js';

export interface IamDeps {
  store: IdentityStore;
  lastUsed?: LastUsedTracker;
}

export type Kind = 'user' | 'group' | 'role' | 'policy';

export const entityArn = (accountId: string, kind: Kind, path: string, name: string) => `arn:aws:iam::${accountId}:${kind}${path}${name}`;

export const iso = (call: CallContext) => call.now.toISOString();

export function requireUser(store: IdentityStore, name: string): UserRow {
  const user = store.entities.findUser(name);
  if (!user) throw userNotFound(name);
  return user;
}

export function requireGroup(store: IdentityStore, name: string): GroupRow {
  const group = store.entities.findGroup(name);
  if (!group) throw groupNotFound(name);
  return group;
}

export function requireRole(store: IdentityStore, name: string): RoleRow {
  const role = store.entities.findRole(name);
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

/** Adds or replaces tags on a user or role, within IAM's 50-tag quota. */
export function putTags(store: IdentityStore, type: 'user' | 'role', id: string, tags: Tag[] | undefined): void {
  const existing = store.entities.tagMap(type, id);
  const after = new Set([...Object.keys(existing), ...(tags ?? []).map((t) => t.Key)]);
  if (after.size > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for TagsPer${type === 'user' ? 'User' : 'Role'}: ${MAX_TAGS}`);
  for (const t of tags ?? []) store.entities.putTag(type, id, t.Key, t.Value);
}
