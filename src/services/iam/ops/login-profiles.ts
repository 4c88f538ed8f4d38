import { hashPassword, hashPasswordAsync } from '../../../identity/store/password.js';
import type { UserRow } from '../../../identity/store/rows.js';
import type { CallContext, Operation, OperationSpec } from '../../service.js';
import { iso, requireUser, userNameOrCaller, type IamDeps } from '../context.js';
import { entityAlreadyExists, noSuchEntity, validationError } from '../errors.js';
import { date } from '../format.js';
import { checkPassword } from '../password-rules.js';

type CreateInput = { UserName?: string; Password?: string; PasswordResetRequired?: boolean };
type UpdateInput = CreateInput;

/**
 * An operation that sets a new password: `check` validates (cheap, run in both phases), `prepare`
 * hashes the password off the write lock, and `apply` writes with that hash (hashing there only
 * when called without `prepare`).
 */
function settingPassword<I extends { Password?: string }, T>(
  check: (input: I, call: CallContext) => T,
  apply: (input: I, call: CallContext, checked: T, hash: string | undefined) => object,
): OperationSpec<I, object, string | undefined> {
  return {
    async prepare(input, call) {
      check(input, call);
      return input.Password === undefined ? undefined : hashPasswordAsync(input.Password);
    },
    execute(input, call, prepared) {
      const checked = check(input, call);
      const hash = input.Password === undefined ? undefined : (prepared ?? hashPassword(input.Password));
      return apply(input, call, checked, hash);
    },
  };
}

/**
 * Console passwords: stored as scrypt hashes, never returned (not even by CreateLoginProfile). New
 * passwords must meet the account password policy; each is remembered for reuse prevention.
 */
export function loginProfileOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, passwords } = store;
  const profileOf = (userName: string) => {
    const user = requireUser(store, userName);
    const profile = entities.loginProfile(user.userId);
    if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    return { user, profile };
  };
  const checkNew = (user: UserRow, password: string | undefined) => {
    if (password !== undefined) checkPassword(password, passwords.policy(), user.name);
  };
  const remember = (user: UserRow, hash: string | undefined, call: CallContext) => {
    if (hash) passwords.remember(user.userId, hash, iso(call));
  };
  const shape = (userName: string, p: { createDate: string; resetRequired: boolean }) => ({
    UserName: userName,
    CreateDate: date(p.createDate),
    PasswordResetRequired: p.resetRequired,
  });

  return {
    CreateLoginProfile: settingPassword<CreateInput, UserRow>(
      (input, call) => {
        const user = requireUser(store, userNameOrCaller(input.UserName, call));
        if (entities.loginProfile(user.userId)) throw entityAlreadyExists(`Login Profile for user ${user.name} already exists.`);
        if (input.Password === undefined)
          throw validationError(
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
          );
        checkNew(user, input.Password);
        return user;
      },
      (input, call, user, hash) => {
        const reset = input.PasswordResetRequired ?? false;
        entities.putLoginProfile(user.userId, hash, reset, iso(call));
        remember(user, hash, call);
        return { LoginProfile: shape(user.name, { createDate: iso(call), resetRequired: reset }) };
      },
    ),

    GetLoginProfile(input: { UserName?: string }, call) {
      const { user, profile } = profileOf(userNameOrCaller(input.UserName, call));
      return { LoginProfile: shape(user.name, profile) };
    },

    UpdateLoginProfile: settingPassword<UpdateInput, ReturnType<typeof profileOf>>(
      (input, call) => {
        const found = profileOf(userNameOrCaller(input.UserName, call));
        checkNew(found.user, input.Password);
        return found;
      },
      (input, call, { user, profile }, hash) => {
        entities.putLoginProfile(user.userId, hash, input.PasswordResetRequired ?? profile.resetRequired, iso(call));
        remember(user, hash, call);
        return {};
      },
    ),

    DeleteLoginProfile(input: { UserName?: string }, call) {
      const { user } = profileOf(userNameOrCaller(input.UserName, call));
      entities.deleteLoginProfile(user.userId);
      return {};
    },
  };
}
