import { hashPassword, verifyPassword } from '../../../identity/store/password.js';
import type { PasswordPolicyRow } from '../../../identity/store/rows.js';
import type { Operation } from '../../service.js';
import { iso, requireUser, type IamDeps } from '../context.js';
import { invalidUserType, noSuchEntity, passwordPolicyViolation } from '../errors.js';
import { checkPassword } from '../password-rules.js';

type PolicyInput = {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
};

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

/** The account password policy, and ChangePassword: an IAM user replacing its own console password. */
export function passwordPolicyOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, passwords } = store;
  return {
    GetAccountPasswordPolicy(_input, call) {
      const policy = passwords.policy();
      if (!policy) throw noSuchEntity(`The Password Policy with domain name ${call.accountId} cannot be found.`);
      return { PasswordPolicy: policyShape(policy) };
    },

    UpdateAccountPasswordPolicy(input: PolicyInput) {
      passwords.putPolicy(policyFrom(input));
      return {};
    },

    DeleteAccountPasswordPolicy() {
      if (!passwords.deletePolicy()) throw noSuchEntity('The account policy with name PasswordPolicy cannot be found.');
      return {};
    },

    /**
     * Only an IAM user can call it, for itself (IAM API Reference, ChangePassword). AWS lists no
     * separate code for a wrong OldPassword; InvalidUserType, the code it lists for a caller the
     * operation rejects, answers both. Reuse prevention compares with the last N passwords, the
     * current one included (IAM User Guide, "Set an account password policy": Prevent password reuse).
     */
    ChangePassword(input: { OldPassword: string; NewPassword: string }, call) {
      const p = call.principal;
      if (p.type !== 'IAMUser' || !p.userName) throw invalidUserType('Only IAM users can change their own password with ChangePassword.');
      const user = requireUser(store, p.userName);
      const profile = entities.loginProfile(user.userId);
      if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
      if (!verifyPassword(input.OldPassword, profile.passwordHash)) throw invalidUserType('The old password is incorrect.');
      const policy = passwords.policy();
      checkPassword(input.NewPassword, policy, user.name);
      const reuse = policy?.passwordReusePrevention;
      const recent = reuse ? passwords.recentHashes(user.userId, reuse) : [];
      if (reuse && !recent.includes(profile.passwordHash)) recent.splice(reuse - 1, recent.length, profile.passwordHash);
      if (recent.some((h) => verifyPassword(input.NewPassword, h))) {
        throw passwordPolicyViolation(`Password should not be one of your last ${reuse} passwords`);
      }
      const hash = hashPassword(input.NewPassword);
      entities.putLoginProfile(user.userId, hash, false, iso(call));
      passwords.remember(user.userId, hash, iso(call));
      return {};
    },
  };
}
