import { hashPassword } from '../../../identity/store/password.js';
import type { Operation } from '../../service.js';
import { iso, requireUser, userNameOrCaller, type IamDeps } from '../context.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';
import { date } from '../format.js';

/** Console passwords: stored as scrypt hashes, never returned (not even by CreateLoginProfile). */
export function loginProfileOps({ store }: IamDeps): Record<string, Operation> {
  const { entities } = store;
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
      const reset = input.PasswordResetRequired ?? false;
      entities.putLoginProfile(user.userId, hashPassword(input.Password), reset, iso(call));
      return { LoginProfile: shape(user.name, { createDate: iso(call), resetRequired: reset }) };
    },

    GetLoginProfile(input: { UserName?: string }, call) {
      const { user, profile } = profileOf(userNameOrCaller(input.UserName, call));
      return { LoginProfile: shape(user.name, profile) };
    },

    UpdateLoginProfile(input: { UserName?: string; Password?: string; PasswordResetRequired?: boolean }, call) {
      const { user, profile } = profileOf(userNameOrCaller(input.UserName, call));
      const hash = input.Password !== undefined ? hashPassword(input.Password) : undefined;
      entities.putLoginProfile(user.userId, hash, input.PasswordResetRequired ?? profile.resetRequired, profile.createDate);
      return {};
    },

    DeleteLoginProfile(input: { UserName?: string }, call) {
      const { user } = profileOf(userNameOrCaller(input.UserName, call));
      entities.deleteLoginProfile(user.userId);
      return {};
    },
  };
}
