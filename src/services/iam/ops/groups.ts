import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../service.js';
import { entityArn, iso, requireGroup, requireUser, type IamDeps } from '../context.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../errors.js';
import { groupShape, userShape } from '../format.js';
import { paginate } from '../pagination.js';

type Page = { Marker?: string; MaxItems?: number };

export function groupOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, policies } = store;
  return {
    CreateGroup(input: { GroupName: string; Path?: string }, call) {
      if (entities.findGroup(input.GroupName)) throw entityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
      const path = input.Path ?? '/';
      const group = {
        groupId: awsId('AGPA', 17),
        name: input.GroupName,
        path,
        arn: entityArn(call.accountId, 'group', path, input.GroupName),
        createDate: iso(call),
      };
      entities.insertGroup(group);
      return { Group: groupShape(group) };
    },

    GetGroup(input: { GroupName: string } & Page) {
      const group = requireGroup(store, input.GroupName);
      const { page, ...more } = paginate(entities.membersOf(group.groupId), input);
      return { Group: groupShape(group), Users: page.map((u) => userShape(u)), ...more };
    },

    ListGroups(input: { PathPrefix?: string } & Page) {
      const groups = entities.listGroups().filter((g) => g.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(groups, input);
      return { Groups: page.map(groupShape), ...more };
    },

    DeleteGroup(input: { GroupName: string }) {
      const group = requireGroup(store, input.GroupName);
      if (entities.membersOf(group.groupId).length) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      if (policies.inlineAll('group', group.groupId).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
      if (policies.attached('group', group.groupId).length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      entities.deleteGroup(group.groupId);
      return {};
    },

    AddUserToGroup(input: { GroupName: string; UserName: string }) {
      const group = requireGroup(store, input.GroupName);
      entities.addMember(group.groupId, requireUser(store, input.UserName).userId);
      return {};
    },

    RemoveUserFromGroup(input: { GroupName: string; UserName: string }) {
      const group = requireGroup(store, input.GroupName);
      const user = requireUser(store, input.UserName);
      // IAM answers NoSuchEntity for a user that exists but is not a member, naming both.
      if (!entities.removeMember(group.groupId, user.userId))
        throw noSuchEntity(`User ${user.name} does not exist in group ${group.name}.`);
      return {};
    },

    ListGroupsForUser(input: { UserName: string } & Page) {
      const { page, ...more } = paginate(entities.groupsOf(requireUser(store, input.UserName).userId), input);
      return { Groups: page.map(groupShape), ...more };
    },
  };
}
