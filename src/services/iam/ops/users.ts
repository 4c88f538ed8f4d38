import { awsId } from '../../../identity/ids.js';
import { entityArn, iso, putTags, requireUser, userNameOrCaller, type IamDeps, type IamOps } from '../context.js';
import { deleteConflict, entityAlreadyExists } from '../errors.js';
import { date, userShape } from '../format.js';
import { paginate } from '../pagination.js';
import type { User } from '../../../protocol/generated/iam.js';

const exists = (name: string) => entityAlreadyExists(`User with name ${name} already exists.`);

type UserOps = 'CreateUser' | 'GetUser' | 'ListUsers' | 'UpdateUser' | 'DeleteUser' | 'TagUser' | 'UntagUser' | 'ListUserTags';

export function userOps({ account }: IamDeps): IamOps<UserOps> {
  return {
    async CreateUser(input, call) {
      const { iamEntities } = call.tx;
      if (await iamEntities.findUser(input.UserName)) throw exists(input.UserName);
      const path = input.Path ?? '/';
      const user = {
        userId: awsId('AIDA', 17),
        name: input.UserName,
        path,
        arn: entityArn(call.accountId, 'user', path, input.UserName),
        createDate: iso(call),
      };
      if (!(await iamEntities.insertUser(user))) throw exists(input.UserName);
      await putTags(call.tx, 'user', user.userId, input.Tags);
      return { User: userShape(user, await iamEntities.tags('user', user.userId)) };
    },

    async GetUser(input, call) {
      if (input.UserName === undefined && call.principal.type === 'Root') {
        // AWS answers the root user without Path and UserName, though the model marks them required.
        const root = { UserId: call.accountId, Arn: call.principal.arn, CreateDate: date(account.createdAt ?? iso(call)) };
        return { User: root as User };
      }
      const user = await requireUser(call.tx, userNameOrCaller(input.UserName, call));
      return { User: userShape(user, await call.tx.iamEntities.tags('user', user.userId)) };
    },

    async ListUsers(input, call) {
      const users = (await call.tx.iamEntities.listUsers()).filter((u) => u.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(users, input);
      return { Users: page.map((u) => userShape(u)), ...more };
    },

    async UpdateUser(input, call) {
      const user = await requireUser(call.tx, input.UserName);
      const name = input.NewUserName ?? user.name;
      const path = input.NewPath ?? user.path;
      const other = await call.tx.iamEntities.findUser(name);
      if (other && other.userId !== user.userId) throw exists(name);
      await call.tx.iamEntities.updateUser(user.userId, name, path, entityArn(call.accountId, 'user', path, name));
    },

    async DeleteUser(input, call) {
      const { iamEntities, iamKeys, iamPolicies } = call.tx;
      const user = await requireUser(call.tx, input.UserName);
      if (await iamEntities.loginProfile(user.userId)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
      if ((await iamKeys.keysOf(user.userId)).length) throw deleteConflict('Cannot delete entity, must delete access keys first.');
      if ((await iamPolicies.inlineAll('user', user.userId)).length)
        throw deleteConflict('Cannot delete entity, must delete policies first.');
      if ((await iamPolicies.attached('user', user.userId)).length)
        throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if ((await call.tx.iamMfa.devicesOf(user.userId)).length) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
      if ((await iamEntities.groupsOf(user.userId)).length)
        throw deleteConflict('Cannot delete entity, must remove users from group first.');
      await iamEntities.deleteUser(user.userId);
    },

    async TagUser(input, call) {
      await putTags(call.tx, 'user', (await requireUser(call.tx, input.UserName)).userId, input.Tags);
    },

    async UntagUser(input, call) {
      const user = await requireUser(call.tx, input.UserName);
      for (const k of input.TagKeys) await call.tx.iamEntities.deleteTag('user', user.userId, k);
    },

    async ListUserTags(input, call) {
      const user = await requireUser(call.tx, input.UserName);
      const { page, ...more } = paginate(await call.tx.iamEntities.tags('user', user.userId), input);
      return { Tags: page, ...more };
    },
  };
}
