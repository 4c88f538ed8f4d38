import { hashPassword } from '../../../identity/store/password.js';
import type { CallContext, Operation } from '../../service.js';
import { iso, requireUser, userNameOrCaller, type IamDeps } from '../context.js';
import { entityAlreadyExists, noSuchEntity, validationError } from '../errors.js';
import { date } from '../format.js';
import { checkPassword } from '../password-rules.js';

/**
 * Console passwords: stored as scrypt hashes, never returned (not even by CreateLoginProfile). New
 * passwords must meet the account password policy; each is remembered for reuse prevention.
 */
export function loginProfileOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, passwords } = store;
  const setPassword = (user: { userId: string; name: string }, password: string, call: CallContext): string => {
    checkPassword(password, passwords.policy(), user.name);
    const hash = hashPassword(password);
    passwords.remember(user.userId, hash, iso(call));
    return hash;
  };
  const profileOf = (userName: string) => {
    const user = requireUser(store, userName);
    const profile = entities.loginProfile(user.userId);
    if (!profile) throw noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    return { user, profile };
  };
  const shape = (userName: string, p: { createDate: string; resetRequired: boolean }) => ({
    UserName: userName,
    CreateDate: date(p.createDate),
    PasswordResetRequired: p.resetRequired,
  });

  return {
    CreateLoginProfile(input: { UserName?: string; Password: string; PasswordResetRequired?: boolean }, call) {
      const user = requireUser(store, userNameOrCaller(input.UserName, call));
      if (entities.loginProfile(user.userId)) throw entityAlreadyExists(`Login Profile for user ${user.name} already exists.`);
      if (input.Password === undefined) throw validationError("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
      const reset = input.PasswordResetRequired ?? false;
      entities.putLoginProfile(user.userId, setPassword(user, input.Password, call), reset, iso(call));
      return { LoginProfile: shape(user.name, { createDate: iso(call), resetRequired: reset }) };
    },

    GetLoginProfile(input: { UserName?: string }, call) {
      const { user, profile } = profileOf(userNameOrCaller(input.UserName, call));
      return { LoginProfile: shape(user.name, profile) };
    },

    UpdateLoginProfile(input: { UserName?: string; Password?: string; PasswordResetRequired?: boolean }, call) {
      const { user, profile } = profileOf(userNameOrCaller(input.UserName, call));
      const hash = input.Password !== undefined ? setPassword(user, input.Password, call) : undefined;
      entities.putLoginProfile(user.userId, hash, input.PasswordResetRequired ?? profile.resetRequired, iso(call));
      return {};
    },

    DeleteLoginProfile(input: { UserName?: string }, call) {
      const { user } = profileOf(userNameOrCaller(input.UserName, call));
      entities.deleteLoginProfile(user.userId);
      return {};
    },
  };
}
