import { hashPassword, hashPasswordAsync } from '../../../identity/store/password.js';
import type { UserRow } from '../../../identity/store/rows.js';
import type { Tx } from '../../../storage/ports.js';
import type { CreateLoginProfileRequest, UpdateLoginProfileRequest } from '../../../protocol/generated/iam.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { iso, requireUser, userNameOrCaller, type IamOps } from '../context.js';
import { entityAlreadyExists, noSuchEntity, validationError } from '../errors.js';
import { date } from '../format.js';
import { checkPassword } from '../password-rules.js';

/**
 * An operation that sets a new password: `check` validates (cheap, run in both phases), `prepare`
 * hashes the password off the write lock, and `apply` writes with that hash (hashing there only
 * when called without `prepare`).
 */
function settingPassword<I extends { Password?: string }, T>(
  check: (tx: Tx, input: I, call: CallContext) => Promise<T>,
  apply: (tx: Tx, input: I, call: CallContext, checked: T, hash: string | undefined) => Promise<object>,
): OperationSpec<I, object, string | undefined> {
  return {
    async prepare(input, call) {
      await call.read((tx) => check(tx, input, call));
      return input.Password === undefined ? undefined : hashPasswordAsync(input.Password);
    },
    async execute(input, call, prepared) {
      const checked = await check(call.tx, input, call);
      const hash = input.Password === undefined ? undefined : (prepared ?? hashPassword(input.Password));
      return apply(call.tx, input, call, checked, hash);
    },
  };
}

/**
 * Console passwords: stored as scrypt hashes, never returned (not even by CreateLoginProfile). New
 * passwords must meet the account password policy; each is remembered for reuse prevention.
 */
type LoginProfileOps = IamOps<'GetLoginProfile' | 'DeleteLoginProfile'> &
  Record<'CreateLoginProfile' | 'UpdateLoginProfile', OperationSpec>;

export function loginProfileOps(): LoginProfileOps {
  const profileOf = async (tx: Tx, userName: string) => {
    const user = await requireUser(tx, userName);
    const profile = await tx.iamEntities.loginProfile(user.userId);
    if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    return { user, profile };
  };
  const checkNew = async (tx: Tx, user: UserRow, password: string | undefined) => {
    if (password !== undefined) checkPassword(password, await tx.iamPasswords.policy(), user.name);
  };
  const remember = async (tx: Tx, user: UserRow, hash: string | undefined, call: CallContext) => {
    if (hash) await tx.iamPasswords.remember(user.userId, hash, iso(call));
  };
  const shape = (userName: string, p: { createDate: string; resetRequired: boolean }) => ({
    UserName: userName,
    CreateDate: date(p.createDate),
    PasswordResetRequired: p.resetRequired,
  });

  return {
    CreateLoginProfile: settingPassword<CreateLoginProfileRequest, UserRow>(
      async (tx, input, call) => {
        const user = await requireUser(tx, userNameOrCaller(input.UserName, call));
        if (await tx.iamEntities.loginProfile(user.userId))
          throw entityAlreadyExists(`Login Profile for user ${user.name} already exists.`);
        if (input.Password === undefined)
          throw validationError(
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
          );
        await checkNew(tx, user, input.Password);
        return user;
      },
      async (tx, input, call, user, hash) => {
        const reset = input.PasswordResetRequired ?? false;
        await tx.iamEntities.putLoginProfile(user.userId, hash, reset, iso(call));
        await remember(tx, user, hash, call);
        return { LoginProfile: shape(user.name, { createDate: iso(call), resetRequired: reset }) };
      },
    ),

    async GetLoginProfile(input, call) {
      const { user, profile } = await profileOf(call.tx, userNameOrCaller(input.UserName, call));
      return { LoginProfile: shape(user.name, profile) };
    },

    UpdateLoginProfile: settingPassword<UpdateLoginProfileRequest, Awaited<ReturnType<typeof profileOf>>>(
      async (tx, input, call) => {
        const found = await profileOf(tx, userNameOrCaller(input.UserName, call));
        await checkNew(tx, found.user, input.Password);
        return found;
      },
      async (tx, input, call, { user, profile }, hash) => {
        await tx.iamEntities.putLoginProfile(user.userId, hash, input.PasswordResetRequired ?? profile.resetRequired, iso(call));
        await remember(tx, user, hash, call);
        return {};
      },
    ),

    async DeleteLoginProfile(input, call) {
      const { user } = await profileOf(call.tx, userNameOrCaller(input.UserName, call));
      await call.tx.iamEntities.deleteLoginProfile(user.userId);
    },
  };
}
