import { awsId } from '../../../identity/ids.js';
import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import type { Tag } from '../../../protocol/generated/iam.js';
import type { Operation } from '../../service.js';
import { entityArn, iso, putTags, requireRole, type IamDeps } from '../context.js';
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

export function roleOps({ store }: IamDeps): Record<string, Operation> {
  const { entities, policies } = store;
  return {
    CreateRole(
      input: {
        RoleName: string;
        Path?: string;
        AssumeRolePolicyDocument: string;
        Description?: string;
        MaxSessionDuration?: number;
        Tags?: Tag[];
      },
      call,
    ) {
      if (entities.findRole(input.RoleName)) throw entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
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
      entities.insertRole(role);
      putTags(store, 'role', role.roleId, input.Tags);
      return { Role: roleShape(role, entities.tags('role', role.roleId)) };
    },

    GetRole(input: { RoleName: string }) {
      const role = requireRole(store, input.RoleName);
      return { Role: roleShape(role, entities.tags('role', role.roleId)) };
    },

    ListRoles(input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
      const roles = entities.listRoles().filter((r) => r.path.startsWith(input.PathPrefix ?? '/'));
      const { page, ...more } = paginate(roles, input);
      return { Roles: page.map((r) => roleShape(r)), ...more };
    },

    UpdateRole(input: { RoleName: string; Description?: string; MaxSessionDuration?: number }) {
      const role = requireRole(store, input.RoleName);
      entities.updateRole(role.roleId, { description: input.Description, maxSessionDuration: input.MaxSessionDuration });
      return {};
    },

    UpdateAssumeRolePolicy(input: { RoleName: string; PolicyDocument: string }) {
      const role = requireRole(store, input.RoleName);
      checkTrustPolicy(input.PolicyDocument);
      entities.updateRole(role.roleId, { trustPolicy: input.PolicyDocument });
      return {};
    },

    DeleteRole(input: { RoleName: string }) {
      const role = requireRole(store, input.RoleName);
      if (policies.attached('role', role.roleId).length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (policies.inlineAll('role', role.roleId).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
      entities.deleteRole(role.roleId);
      return {};
    },

    TagRole(input: { RoleName: string; Tags: Tag[] }) {
      putTags(store, 'role', requireRole(store, input.RoleName).roleId, input.Tags);
      return {};
    },

    UntagRole(input: { RoleName: string; TagKeys: string[] }) {
      const role = requireRole(store, input.RoleName);
      for (const k of input.TagKeys) entities.deleteTag('role', role.roleId, k);
      return {};
    },

    ListRoleTags(input: { RoleName: string; Marker?: string; MaxItems?: number }) {
      const { page, ...more } = paginate(entities.tags('role', requireRole(store, input.RoleName).roleId), input);
      return { Tags: page, ...more };
    },
  };
}
