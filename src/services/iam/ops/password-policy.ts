import type { UpdateAccountPasswordPolicyRequest as PolicyInput } from '../../../protocol/generated/iam.js';
import type { PasswordPolicyRow } from '../../../identity/store/rows.js';
import type { OperationSpec } from '../../service.js';
import type { IamOps } from '../context.js';
import { noSuchEntity } from '../errors.js';
import { changePasswordOp } from './change-password.js';

/**
 * UpdateAccountPasswordPolicy does not merge: every parameter left out reverts to its default
 * (IAM API Reference, UpdateAccountPasswordPolicy: minimum length 6, the rest false or unset).
 */
function policyFrom(input: PolicyInput): PasswordPolicyRow {
  return {
    minimumPasswordLength: input.MinimumPasswordLength ?? 6,
    requireSymbols: input.RequireSymbols ?? false,
    requireNumbers: input.RequireNumbers ?? false,
    requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ...(input.MaxPasswordAge !== undefined ? { maxPasswordAge: input.MaxPasswordAge } : {}),
    ...(input.PasswordReusePrevention !== undefined ? { passwordReusePrevention: input.PasswordReusePrevention } : {}),
    hardExpiry: input.HardExpiry ?? false,
  };
}

function policyShape(p: PasswordPolicyRow) {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    // ExpirePasswords: "true if MaxPasswordAge contains a value greater than 0" (IAM API Reference, PasswordPolicy).
    ExpirePasswords: (p.maxPasswordAge ?? 0) > 0,
    ...(p.maxPasswordAge !== undefined ? { MaxPasswordAge: p.maxPasswordAge } : {}),
    ...(p.passwordReusePrevention !== undefined ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
    HardExpiry: p.hardExpiry,
  };
}

type PasswordPolicyOps = IamOps<'GetAccountPasswordPolicy' | 'UpdateAccountPasswordPolicy' | 'DeleteAccountPasswordPolicy'> &
  Record<'ChangePassword', OperationSpec>;

/** The account password policy, and ChangePassword (change-password.ts). */
export function passwordPolicyOps(): PasswordPolicyOps {
  return {
    async GetAccountPasswordPolicy(_input, call) {
      const policy = await call.tx.iamPasswords.policy();
      if (!policy) throw noSuchEntity(`The Password Policy with domain name ${call.accountId} cannot be found.`);
      return { PasswordPolicy: policyShape(policy) };
    },

    async UpdateAccountPasswordPolicy(input, call) {
      await call.tx.iamPasswords.putPolicy(policyFrom(input));
    },

    async DeleteAccountPasswordPolicy(_input, call) {
      if (!(await call.tx.iamPasswords.deletePolicy())) throw noSuchEntity('The account policy with name PasswordPolicy cannot be found.');
    },

    ChangePassword: changePasswordOp(),
  };
}
