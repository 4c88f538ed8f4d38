/**
 * The identity aggregates (IAM users, groups, roles, policies, keys, sessions, passwords) as the
 * services see them. Dates are ISO 8601 strings, as IAM's store keeps them. Every lookup by name is
 * case-insensitive, as IAM's names are ("IAM identifiers": names are not distinguished by case).
 * Every change that can alter what a caller may do bumps the authorization version in the same
 * transaction (see IdentityVersionRepository); last-used bookkeeping and session purges do not.
 */
import type { Principal } from '../../identity/principal.js';

export type EntityType = 'user' | 'group' | 'role';

/** What IAM tags: users and roles by id, customer managed policies by ARN, virtual MFA devices by serial number. */
export type TagTarget = 'user' | 'role' | 'policy' | 'mfa';

export interface IamTag {
  Key: string;
  Value: string;
}

export interface UserRow {
  userId: string;
  name: string;
  path: string;
  arn: string;
  createDate: string;
}

export interface GroupRow {
  groupId: string;
  name: string;
  path: string;
  arn: string;
  createDate: string;
}

export interface RoleRow {
  roleId: string;
  name: string;
  path: string;
  arn: string;
  createDate: string;
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
}

export interface AccessKeyRow {
  accessKeyId: string;
  userId: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsedDate?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface ManagedPolicyRow {
  arn: string;
  policyId: string;
  name: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersion: string;
  nextVersion: number;
  /** AWS managed policies are not stored; they come from src/identity/policy. */
  awsManaged?: boolean;
}

export interface PolicyVersionRow {
  policyArn: string;
  versionId: string;
  document: string;
  createDate: string;
}

export interface LoginProfileRow {
  userId: string;
  createDate: string;
  resetRequired: boolean;
  /** When the current password was set (expiry counts from here). */
  passwordDate: string;
}

/** The account password policy, in UpdateAccountPasswordPolicy's terms (absent numbers are unset). */
export interface PasswordPolicyRow {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry: boolean;
}

/** An STS session as stored: the secret sealed by the identity module's SecretBox. */
export interface StoredSession {
  accessKeyId: string;
  sealedSecret: string;
  tokenSha256: string;
  expiration: string;
  principal: Principal;
}

export interface LastUse {
  date: string;
  service: string;
  region: string;
}

/** Users, groups with their members, roles, login profiles and tags. */
export interface IamEntityRepository {
  findUser(name: string): Promise<UserRow | undefined>;
  userById(userId: string): Promise<UserRow | undefined>;
  /** Ordered by name, case-insensitively. */
  listUsers(): Promise<UserRow[]>;
  /** Resolves false (and stores nothing) when a user of that name, in any case, exists. */
  insertUser(u: UserRow): Promise<boolean>;
  updateUser(userId: string, name: string, path: string, arn: string): Promise<void>;
  /** Also drops the user's tags and password history. */
  deleteUser(userId: string): Promise<void>;

  findGroup(name: string): Promise<GroupRow | undefined>;
  groupById(groupId: string): Promise<GroupRow | undefined>;
  listGroups(): Promise<GroupRow[]>;
  insertGroup(g: GroupRow): Promise<boolean>;
  deleteGroup(groupId: string): Promise<void>;
  /** Idempotent. */
  addMember(groupId: string, userId: string): Promise<void>;
  /** Resolves false when the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  membersOf(groupId: string): Promise<UserRow[]>;
  groupsOf(userId: string): Promise<GroupRow[]>;

  findRole(name: string): Promise<RoleRow | undefined>;
  roleById(roleId: string): Promise<RoleRow | undefined>;
  listRoles(): Promise<RoleRow[]>;
  insertRole(r: RoleRow): Promise<boolean>;
  /** Fields left undefined keep their value. */
  updateRole(roleId: string, fields: { trustPolicy?: string; description?: string; maxSessionDuration?: number }): Promise<void>;
  deleteRole(roleId: string): Promise<void>;

  loginProfile(userId: string): Promise<(LoginProfileRow & { passwordHash: string }) | undefined>;
  /** Creates the profile, or updates it: a new hash (set at `date`) and/or the reset flag. */
  putLoginProfile(userId: string, passwordHash: string | undefined, resetRequired: boolean, date: string): Promise<void>;
  deleteLoginProfile(userId: string): Promise<void>;

  /** In the order they were first added. */
  tags(type: TagTarget, id: string): Promise<IamTag[]>;
  /** Adds the tag, or replaces the value (and spelling) of the one whose key differs only in case. */
  putTag(type: TagTarget, id: string, key: string, value: string): Promise<void>;
  /** Tag keys compare case-insensitively. */
  deleteTag(type: TagTarget, id: string, key: string): Promise<void>;
}

/** IAM user access keys (with their last use) and STS sessions. */
export interface IamKeyRepository {
  /** Oldest first. */
  keysOf(userId: string): Promise<AccessKeyRow[]>;
  findKey(accessKeyId: string): Promise<AccessKeyRow | undefined>;
  /** The sealed secret, for SigV4 verification only. */
  sealedSecretOf(accessKeyId: string): Promise<string | undefined>;
  insertKey(accessKeyId: string, userId: string, sealedSecret: string, createDate: string): Promise<void>;
  setStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  deleteKey(accessKeyId: string): Promise<void>;
  /** Does not change what a key may do, so it does not bump the authorization version. */
  recordLastUsed(accessKeyId: string, use: LastUse): Promise<void>;

  insertSession(s: StoredSession, createDate: string): Promise<void>;
  findSession(accessKeyId: string): Promise<StoredSession | undefined>;
  /** Ends one session (console sign-out). */
  deleteSession(accessKeyId: string): Promise<void>;
  /** Deletes sessions that expired before `before`. */
  purgeSessions(before: string): Promise<void>;
}

/** Inline policies, customer managed policies with their versions, and attachments (of any policy ARN). */
export interface IamPolicyRepository {
  inline(type: EntityType, id: string, name: string): Promise<{ name: string; document: string } | undefined>;
  /** Ordered by name, case-insensitively. */
  inlineAll(type: EntityType, id: string): Promise<Array<{ name: string; document: string }>>;
  putInline(type: EntityType, id: string, name: string, document: string): Promise<void>;
  deleteInline(type: EntityType, id: string, name: string): Promise<boolean>;

  /** Customer managed policies only. */
  managed(arn: string): Promise<ManagedPolicyRow | undefined>;
  managedByName(name: string): Promise<ManagedPolicyRow | undefined>;
  listManaged(): Promise<ManagedPolicyRow[]>;
  /** Stores the policy with `document` as its default version v1. */
  insertManaged(p: ManagedPolicyRow, document: string): Promise<void>;
  /** With its versions and tags. */
  deleteManaged(arn: string): Promise<void>;
  /** Newest first. */
  versions(arn: string): Promise<PolicyVersionRow[]>;
  insertVersion(v: PolicyVersionRow): Promise<void>;
  deleteVersion(arn: string, versionId: string): Promise<void>;
  setDefault(arn: string, versionId: string, updateDate: string): Promise<void>;

  /** Policy ARNs, in the order they were attached. */
  attached(type: EntityType, id: string): Promise<string[]>;
  /** Idempotent. */
  attach(type: EntityType, id: string, arn: string): Promise<void>;
  detach(type: EntityType, id: string, arn: string): Promise<boolean>;
  attachmentCount(arn: string): Promise<number>;
  entitiesFor(arn: string): Promise<Array<{ type: EntityType; id: string }>>;
}

/** The root user's console password: the scrypt hash and when it was set. */
export interface RootPasswordRow {
  passwordHash: string;
  setDate: string;
}

/**
 * The account password policy (one per account), each user's recent password hashes, and the root
 * user's console password (kept in the store so every node that shares it signs root in alike).
 */
export interface IamPasswordRepository {
  policy(): Promise<PasswordPolicyRow | undefined>;
  putPolicy(p: PasswordPolicyRow): Promise<void>;
  deletePolicy(): Promise<boolean>;
  /** The user's most recent password hashes, newest first. */
  recentHashes(userId: string, count: number): Promise<string[]>;
  /** Keeps at most the 24 newest (PasswordReusePrevention's maximum). */
  remember(userId: string, passwordHash: string, date: string): Promise<void>;
  /** undefined until `hsmtrail console set-root-password` sets one (root console sign-in is refused). */
  rootPassword(): Promise<RootPasswordRow | undefined>;
  /** Sets or replaces it, bumping the authorization version in the same transaction. */
  putRootPassword(row: RootPasswordRow): Promise<void>;
}

/**
 * The authorization version: a counter every process reads on each request's snapshot, so caches
 * of credentials and compiled policies never outlive a change committed anywhere.
 */
export interface IdentityVersionRepository {
  current(): Promise<number>;
  /** For changes made outside the repositories above (none should remain). */
  bump(): Promise<void>;
}

/** Failed console sign-ins per key (a user or a source IP), shared by every process. */
export interface SignInFailureRepository {
  /** The failures counted for `key`, or undefined when none are. */
  get(key: string): Promise<{ count: number; lastMs: number } | undefined>;
  put(key: string, failures: { count: number; lastMs: number }): Promise<void>;
  delete(key: string): Promise<void>;
  /** Forgets failures whose last one is older than `beforeMs`. */
  purge(beforeMs: number): Promise<void>;
}

/** Console sign-in sessions, keyed by SHA-256 of the cookie value, stored sealed. */
export interface ConsoleSessionRepository {
  put(idSha256: string, sealed: string, expiresMs: number): Promise<void>;
  get(idSha256: string): Promise<{ sealed: string; expiresMs: number } | undefined>;
  delete(idSha256: string): Promise<void>;
  /** Deletes sessions expired at `nowMs`, then, while more than `max` remain, those expiring soonest. */
  prune(nowMs: number, max: number): Promise<void>;
}
