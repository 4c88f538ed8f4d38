import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../service.js';
import { entityArn, iso, putTags, requireUser, userNameOrCaller, type IamDeps } from '../context.js';
import { deleteConflict, entityAlreadyExists } from '../errors.js';
import { date, userShape } from '../format.js';
import { paginate } from '../pagination.js';
import type { Tag } from '../../../protocol/generated/iam.js';

export function userOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, keys, policies } = store;

  return {
    CreateUser(input: { UserName: string; Path?: string; Tags?: Tag[] }, call) {
      if (entities.findUser(input.UserName)) throw entityAlreadyExists(`User with name ${input.UserName} already exists.`);
      const path = input.Path ?? '/';
      const user = {
        userId: awsId('AIDA', 17),
        name: input.UserName,
        path,
        arn: entityArn(call.accountId, 'user', path, input.UserName),
        createDate: iso(call),
      };
      entities.insertUser(user);
      putTags(store, 'user', user.userId, input.Tags);
      return { User: userShape(user, entities.tags('user', user.userId)) };
    },

    GetUser(input: { UserName?: string }, call) {
      if (input.UserName === undefined && call.principal.type === 'Root') {
        return { User: { UserId: call.accountId, Arn: call.principal.arn, CreateDate: date(store.createdAt ?? iso(call)) } };
      }
      const user = requireUser(store, userNameOrCaller(input.UserName, call));
      return { User: userShape(user, entities.tags('user', user.userId)) };
    },

    ListUsers(input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
      const users = entities.listUsers().filter((u) => u.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(users, input);
      return { Users: page.map((u) => userShape(u)), ...more };
    },

    UpdateUser(input: { UserName: string; NewUserName?: string; NewPath?: string }, call) {
      const user = requireUser(store, input.UserName);
      const name = input.NewUserName ?? user.name;
      const path = input.NewPath ?? user.path;
      const other = entities.findUser(name);
      if (other && other.userId !== user.userId) throw entityAlreadyExists(`User with name ${name} already exists.`);
      entities.updateUser(user.userId, name, path, entityArn(call.accountId, 'user', path, name));
      return {};
    },

    DeleteUser(input: { UserName: string }) {
      const user = requireUser(store, input.UserName);
      if (entities.loginProfile(user.userId)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
      if (keys.keysOf(user.userId).length) throw deleteConflict('Cannot delete entity, must delete access keys first.');
      if (policies.inlineAll('user', user.userId).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
      if (policies.attached('user', user.userId).length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (entities.groupsOf(user.userId).length) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      entities.deleteUser(user.userId);
      return {};
    },

    TagUser(input: { UserName: string; Tags: Tag[] }) {
      putTags(store, 'user', requireUser(store, input.UserName).userId, input.Tags);
      return {};
    },

    UntagUser(input: { UserName: string; TagKeys: string[] }) {
      const user = requireUser(store, input.UserName);
      for (const k of input.TagKeys) entities.deleteTag('user', user.userId, k);
      return {};
    },

    ListUserTags(input: { UserName: string; Marker?: string; MaxItems?: number }) {
      const { page, ...more } = paginate(entities.tags('user', requireUser(store, input.UserName).userId), input);
      return { Tags: page, ...more };
    },
  };
}
