import { awsId } from '../../../identity/ids.js';
import { entityArn, iso, requireGroup, requireUser, type IamOps } from '../context.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../errors.js';
import { groupShape, userShape } from '../format.js';
import { paginate } from '../pagination.js';

const exists = (name: string) => entityAlreadyExists(`Group with name ${name} already exists.`);

type Ops = 'CreateGroup' | 'GetGroup' | 'ListGroups' | 'DeleteGroup' | 'AddUserToGroup' | 'RemoveUserFromGroup' | 'ListGroupsForUser';

export function groupOps(): IamOps<Ops> {
  return {
    async CreateGroup(input, call) {
      if (await call.tx.iamEntities.findGroup(input.GroupName)) throw exists(input.GroupName);
      const path = input.Path ?? '/';
      const group = {
        groupId: awsId('AGPA', 17),
        name: input.GroupName,
        path,
        arn: entityArn(call.accountId, 'group', path, input.GroupName),
        createDate: iso(call),
      };
      if (!(await call.tx.iamEntities.insertGroup(group))) throw exists(input.GroupName);
      return { Group: groupShape(group) };
    },

    async GetGroup(input, call) {
      const group = await requireGroup(call.tx, input.GroupName);
      const { page, ...more } = paginate(await call.tx.iamEntities.membersOf(group.groupId), input);
      return { Group: groupShape(group), Users: page.map((u) => userShape(u)), ...more };
    },

    async ListGroups(input, call) {
      const groups = (await call.tx.iamEntities.listGroups()).filter((g) => g.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(groups, input);
      return { Groups: page.map(groupShape), ...more };
    },

    async DeleteGroup(input, call) {
      const { iamEntities, iamPolicies } = call.tx;
      const group = await requireGroup(call.tx, input.GroupName);
      if ((await iamEntities.membersOf(group.groupId)).length)
        throw deleteConflict('Cannot delete entity, must remove users from group first.');
      if ((await iamPolicies.inlineAll('group', group.groupId)).length)
        throw deleteConflict('Cannot delete entity, must delete policies first.');
      if ((await iamPolicies.attached('group', group.groupId)).length)
        throw deleteConflict('Cannot delete entity, must detach all policies first.');
      await iamEntities.deleteGroup(group.groupId);
    },

    async AddUserToGroup(input, call) {
      const group = await requireGroup(call.tx, input.GroupName);
      await call.tx.iamEntities.addMember(group.groupId, (await requireUser(call.tx, input.UserName)).userId);
    },

    async RemoveUserFromGroup(input, call) {
      const group = await requireGroup(call.tx, input.GroupName);
      const user = await requireUser(call.tx, input.UserName);
      // IAM answers NoSuchEntity for a user that exists but is not a member, naming both.
      if (!(await call.tx.iamEntities.removeMember(group.groupId, user.userId)))
        throw noSuchEntity(`User ${user.name} does not exist in group ${group.name}.`);
    },

    async ListGroupsForUser(input, call) {
      const user = await requireUser(call.tx, input.UserName);
      const { page, ...more } = paginate(await call.tx.iamEntities.groupsOf(user.userId), input);
      return { Groups: page.map(groupShape), ...more };
    },
  };
}
