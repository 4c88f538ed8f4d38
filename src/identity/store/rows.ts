/** Row shapes of the identity store, in IAM's vocabulary. Dates are ISO 8601 strings. */
export type EntityType = 'user' | 'group' | 'role';

/** What IAM tags: users and roles by id, customer managed policies by ARN. */
export type TagTarget = 'user' | 'role' | 'policy';

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
