import { hashPassword, hashPasswordAsync, verifyPassword, verifyPasswordAsync } from '../../../identity/store/password.js';
import type { ChangePasswordRequest as Input } from '../../../protocol/generated/iam.js';
import type { Tx } from '../../../storage/ports.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { iso, requireUser } from '../context.js';
import { invalidUserType, noSuchEntity, passwordPolicyViolation } from '../errors.js';
import { checkPassword } from '../password-rules.js';

/** scrypt results computed outside the write transaction, and the state they were checked against. */
interface Prepared {
  checkedAgainst: string;
  reuse?: number;
  newHash: string;
}

/**
 * Only an IAM user can call it, for itself (IAM API Reference, ChangePassword). AWS lists no
 * separate code for a wrong OldPassword; InvalidUserType, the code it lists for a caller the
 * operation rejects, answers both.
 */
const wrongOldPassword = () => invalidUserType('The old password is incorrect.');
const reused = (n: number) => passwordPolicyViolation(`Password should not be one of your last ${n} passwords`);

async function target(tx: Tx, call: CallContext) {
  const p = call.principal;
  if (p.type !== 'IAMUser' || !p.userName) throw invalidUserType('Only IAM users can change their own password with ChangePassword.');
  const user = await requireUser(tx, p.userName);
  const profile = await tx.iamEntities.loginProfile(user.userId);
  if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
  const policy = await tx.iamPasswords.policy();
  const reuse = policy?.passwordReusePrevention;
  return { user, profile, policy, reuse, previous: await previousHashes(tx, user.userId, profile.passwordHash, reuse) };
}

/**
 * PasswordReusePrevention compares with the last N passwords, the current one included (IAM User
 * Guide, "Set an account password policy for IAM users": Prevent password reuse).
 */
async function previousHashes(tx: Tx, userId: string, current: string, reuse: number | undefined): Promise<string[]> {
  if (!reuse) return [];
  const recent = await tx.iamPasswords.recentHashes(userId, reuse);
  if (!recent.includes(current)) recent.splice(reuse - 1, recent.length, current);
  return recent;
}

/**
 * ChangePassword. The scrypt work (old password, reuse history, new hash) runs in `prepare`, off the
 * write lock; `execute` re-checks the policy and repeats that work only when the password or the
 * reuse setting changed in between (or when called without `prepare`).
 */
export function changePasswordOp(): OperationSpec<Input, Record<string, never>, Prepared | undefined> {
  return {
    async prepare(input, call) {
      const t = await call.read((tx) => target(tx, call));
      if (!(await verifyPasswordAsync(input.OldPassword, t.profile.passwordHash))) throw wrongOldPassword();
      checkPassword(input.NewPassword, t.policy, t.user.name);
      for (const h of t.previous) if (await verifyPasswordAsync(input.NewPassword, h)) throw reused(t.reuse!);
      return { checkedAgainst: t.profile.passwordHash, reuse: t.reuse, newHash: await hashPasswordAsync(input.NewPassword) };
    },

    async execute(input, call, prepared) {
      const t = await target(call.tx, call);
      const fresh = prepared?.checkedAgainst === t.profile.passwordHash && prepared.reuse === t.reuse;
      if (!fresh && !verifyPassword(input.OldPassword, t.profile.passwordHash)) throw wrongOldPassword();
      checkPassword(input.NewPassword, t.policy, t.user.name);
      if (!fresh && t.previous.some((h) => verifyPassword(input.NewPassword, h))) throw reused(t.reuse!);
      const hash = fresh ? prepared!.newHash : hashPassword(input.NewPassword);
      await call.tx.iamEntities.putLoginProfile(t.user.userId, hash, false, iso(call));
      await call.tx.iamPasswords.remember(t.user.userId, hash, iso(call));
      return {};
    },
  };
}
