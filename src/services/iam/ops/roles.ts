import { awsId } from '../../../identity/ids.js';
import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import { entityArn, iso, putTags, requireRole, type IamOps } from '../context.js';
import { deleteConflict, entityAlreadyExists, policyError } from '../errors.js';
import { roleShape } from '../format.js';
import { paginate } from '../pagination.js';

const DEFAULT_MAX_SESSION_DURATION = 3600;

/** Validates a trust policy as IAM does (MalformedPolicyDocument, ACLSizePerRole). */
export function checkTrustPolicy(document: string): void {
  try {
    parsePolicy(document, 'trust', { sizeLimit: sizeLimit('trust') });
  } catch (err) {
    policyError(err);
  }
}

const exists = (name: string) => entityAlreadyExists(`Role with name ${name} already exists.`);

type Ops =
  | 'CreateRole'
  | 'GetRole'
  | 'ListRoles'
  | 'UpdateRole'
  | 'UpdateAssumeRolePolicy'
  | 'DeleteRole'
  | 'TagRole'
  | 'UntagRole'
  | 'ListRoleTags';

export function roleOps(): IamOps<Ops> {
  return {
    async CreateRole(input, call) {
      if (await call.tx.iamEntities.findRole(input.RoleName)) throw exists(input.RoleName);
      checkTrustPolicy(input.AssumeRolePolicyDocument);
      const path = input.Path ?? '/';
      const role = {
        roleId: awsId('AROA', 17),
        name: input.RoleName,
        path,
        arn: entityArn(call.accountId, 'role', path, input.RoleName),
        createDate: iso(call),
        trustPolicy: input.AssumeRolePolicyDocument,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      };
      if (!(await call.tx.iamEntities.insertRole(role))) throw exists(input.RoleName);
      await putTags(call.tx, 'role', role.roleId, input.Tags);
      return { Role: roleShape(role, await call.tx.iamEntities.tags('role', role.roleId)) };
    },

    async GetRole(input, call) {
      const role = await requireRole(call.tx, input.RoleName);
      return { Role: roleShape(role, await call.tx.iamEntities.tags('role', role.roleId)) };
    },

    async ListRoles(input, call) {
      const roles = (await call.tx.iamEntities.listRoles()).filter((r) => r.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(roles, input);
      return { Roles: page.map((r) => roleShape(r)), ...more };
    },

    async UpdateRole(input, call) {
      const role = await requireRole(call.tx, input.RoleName);
      await call.tx.iamEntities.updateRole(role.roleId, { description: input.Description, maxSessionDuration: input.MaxSessionDuration });
    },

    async UpdateAssumeRolePolicy(input, call) {
      const role = await requireRole(call.tx, input.RoleName);
      checkTrustPolicy(input.PolicyDocument);
      await call.tx.iamEntities.updateRole(role.roleId, { trustPolicy: input.PolicyDocument });
    },

    async DeleteRole(input, call) {
      const { iamEntities, iamPolicies } = call.tx;
      const role = await requireRole(call.tx, input.RoleName);
      if ((await iamPolicies.attached('role', role.roleId)).length)
        throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if ((await iamPolicies.inlineAll('role', role.roleId)).length)
        throw deleteConflict('Cannot delete entity, must delete policies first.');
      await iamEntities.deleteRole(role.roleId);
    },

    async TagRole(input, call) {
      await putTags(call.tx, 'role', (await requireRole(call.tx, input.RoleName)).roleId, input.Tags);
    },

    async UntagRole(input, call) {
      const role = await requireRole(call.tx, input.RoleName);
      for (const k of input.TagKeys) await call.tx.iamEntities.deleteTag('role', role.roleId, k);
    },

    async ListRoleTags(input, call) {
      const role = await requireRole(call.tx, input.RoleName);
      const { page, ...more } = paginate(await call.tx.iamEntities.tags('role', role.roleId), input);
      return { Tags: page, ...more };
    },
  };
}
