/**
 * IAM: the subset of API 2010-05-08 hsmtrail serves. Each group of operations is typed by the
 * generated IAMApi (IamOps), so the compiler checks inputs and outputs against the model; the inline
 * policy and attachment operations are built per entity kind (User, Group, Role) from one definition.
 */
import type { Operation } from '../service.js';
import type { IamDeps } from './context.js';
import { accountOps } from './ops/account.js';
import { attachmentOps } from './ops/attachments.js';
import { groupOps } from './ops/groups.js';
import { inlinePolicyOps } from './ops/inline-policies.js';
import { accessKeyOps } from './ops/keys.js';
import { loginProfileOps } from './ops/login-profiles.js';
import { managedPolicyOps } from './ops/managed-policies.js';
import { mfaOps } from './ops/mfa.js';
import { passwordPolicyOps } from './ops/password-policy.js';
import { roleOps } from './ops/roles.js';
import { userOps } from './ops/users.js';

export function iamProvider(deps: IamDeps) {
  return {
    ...userOps(deps),
    ...accessKeyOps(deps),
    ...groupOps(),
    ...roleOps(),
    ...managedPolicyOps(),
    ...loginProfileOps(),
    ...passwordPolicyOps(),
    ...accountOps(deps),
    ...inlinePolicyOps(),
    ...attachmentOps(),
    ...mfaOps(deps),
  } satisfies Record<string, Operation>;
}
