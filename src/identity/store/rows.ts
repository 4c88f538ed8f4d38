/** The identity store's values, in IAM's vocabulary: defined by the storage port. */
export type {
  AccessKeyRow,
  EntityType,
  GroupRow,
  LoginProfileRow,
  ManagedPolicyRow,
  PasswordPolicyRow,
  PolicyVersionRow,
  RoleRow,
  TagTarget,
  UserRow,
} from '../../storage/ports/identity.js';
