import { awsId } from '../../../identity/ids.js';
import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import type { ManagedPolicyRow } from '../../../identity/store/rows.js';
import type { Operation } from '../../service.js';
import { entityArn, iso, putTags, type IamDeps } from '../context.js';
import type { Tag } from '../../../protocol/generated/iam.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity, policyError, policyNotFound } from '../errors.js';
import { date, encodeDocument, policyShape } from '../format.js';
import { paginate } from '../pagination.js';

const MAX_VERSIONS = 5;

type Page = { Marker?: string; MaxItems?: number };

function checkManaged(document: string): void {
  try {
    parsePolicy(document, 'identity', { sizeLimit: sizeLimit('managed') });
  } catch (err) {
    policyError(err);
  }
}

/** Customer managed policies and their versions; AWS managed ones are readable and attachable only. */
export function managedPolicyOps({ store }: IamDeps): Record<string, Operation> {
  const { policies, entities } = store;
  const requirePolicy = (arn: string): ManagedPolicyRow => {
    const p = policies.managed(arn);
    if (!p) throw policyNotFound(arn);
    return p;
  };
  const requireLocal = (arn: string): ManagedPolicyRow => {
    const p = requirePolicy(arn);
    if (p.awsManaged) throw invalidInput(`Policy ${arn} is an AWS managed policy and cannot be modified.`);
    return p;
  };
  const versionNotFound = (arn: string, v: string) => noSuchEntity(`Policy ${arn} version ${v} does not exist or is not attachable.`);
  const versionShape = (p: ManagedPolicyRow, v: { versionId: string; createDate: string }) => ({
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersion,
    CreateDate: date(v.createDate),
  });

  return {
    CreatePolicy(input: { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: Tag[] }, call) {
      const path = input.Path ?? '/';
      const arn = entityArn(call.accountId, 'policy', path, input.PolicyName);
      if (policies.managedByName(input.PolicyName)) {
        throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      }
      checkManaged(input.PolicyDocument);
      const now = iso(call);
      const row: ManagedPolicyRow = {
        arn,
        policyId: awsId('ANPA', 17),
        name: input.PolicyName,
        path,
        createDate: now,
        updateDate: now,
        defaultVersion: 'v1',
        nextVersion: 2,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      };
      policies.insertManaged(row, input.PolicyDocument);
      putTags(store, 'policy', arn, input.Tags);
      return { Policy: policyShape(row, 0, false, entities.tags('policy', arn)) };
    },

    GetPolicy(input: { PolicyArn: string }) {
      const p = requirePolicy(input.PolicyArn);
      return { Policy: policyShape(p, policies.attachmentCount(p.arn), true, entities.tags('policy', p.arn)) };
    },

    TagPolicy(input: { PolicyArn: string; Tags: Tag[] }) {
      putTags(store, 'policy', requireLocal(input.PolicyArn).arn, input.Tags);
      return {};
    },

    UntagPolicy(input: { PolicyArn: string; TagKeys: string[] }) {
      const p = requireLocal(input.PolicyArn);
      for (const k of input.TagKeys) entities.deleteTag('policy', p.arn, k);
      return {};
    },

    ListPolicyTags(input: { PolicyArn: string } & Page) {
      const { page, ...more } = paginate(entities.tags('policy', requirePolicy(input.PolicyArn).arn), input);
      return { Tags: page, ...more };
    },

    ListPolicies(input: { Scope?: 'All' | 'AWS' | 'Local'; OnlyAttached?: boolean; PathPrefix?: string } & Page) {
      const rows = policies
        .listManaged(input.Scope ?? 'All')
        .filter((p) => p.path.startsWith(input.PathPrefix ?? '/'))
        .map((p) => ({ p, count: policies.attachmentCount(p.arn) }))
        .filter(({ count }) => !input.OnlyAttached || count > 0);
      const { page, ...more } = paginate(rows, input);
      return { Policies: page.map(({ p, count }) => policyShape(p, count)), ...more };
    },

    DeletePolicy(input: { PolicyArn: string }) {
      const p = requireLocal(input.PolicyArn);
      if (policies.attachmentCount(p.arn)) throw deleteConflict('Cannot delete a policy attached to entities.');
      if (policies.versions(p.arn).length > 1) {
        throw deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      }
      policies.deleteManaged(p.arn);
      return {};
    },

    CreatePolicyVersion(input: { PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, call) {
      const p = requireLocal(input.PolicyArn);
      if (policies.versions(p.arn).length >= MAX_VERSIONS) {
        throw limitExceeded(
          'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
        );
      }
      checkManaged(input.PolicyDocument);
      const v = { policyArn: p.arn, versionId: `v${p.nextVersion}`, document: input.PolicyDocument, createDate: iso(call) };
      policies.insertVersion(v);
      if (input.SetAsDefault) policies.setDefault(p.arn, v.versionId, v.createDate);
      return { PolicyVersion: versionShape({ ...p, defaultVersion: input.SetAsDefault ? v.versionId : p.defaultVersion }, v) };
    },

    GetPolicyVersion(input: { PolicyArn: string; VersionId: string }) {
      const p = requirePolicy(input.PolicyArn);
      const v = policies.version(p.arn, input.VersionId);
      if (!v) throw versionNotFound(p.arn, input.VersionId);
      return { PolicyVersion: { Document: encodeDocument(v.document), ...versionShape(p, v) } };
    },

    ListPolicyVersions(input: { PolicyArn: string } & Page) {
      const p = requirePolicy(input.PolicyArn);
      const { page, ...more } = paginate(policies.versions(p.arn), input);
      return { Versions: page.map((v) => versionShape(p, v)), ...more };
    },

    DeletePolicyVersion(input: { PolicyArn: string; VersionId: string }) {
      const p = requireLocal(input.PolicyArn);
      if (!policies.version(p.arn, input.VersionId)) throw versionNotFound(p.arn, input.VersionId);
      if (p.defaultVersion === input.VersionId) throw deleteConflict('Cannot delete the default version of a policy.');
      policies.deleteVersion(p.arn, input.VersionId);
      return {};
    },

    SetDefaultPolicyVersion(input: { PolicyArn: string; VersionId: string }, call) {
      const p = requireLocal(input.PolicyArn);
      if (!policies.version(p.arn, input.VersionId)) throw versionNotFound(p.arn, input.VersionId);
      policies.setDefault(p.arn, input.VersionId, iso(call));
      return {};
    },

    ListEntitiesForPolicy(input: { PolicyArn: string; EntityFilter?: string } & Page) {
      const p = requirePolicy(input.PolicyArn);
      const out = { PolicyGroups: [] as object[], PolicyUsers: [] as object[], PolicyRoles: [] as object[] };
      const filter = input.EntityFilter;
      for (const e of policies.entitiesFor(p.arn)) {
        if (e.type === 'user' && (!filter || filter === 'User')) {
          const u = entities.userById(e.id);
          if (u) out.PolicyUsers.push({ UserName: u.name, UserId: u.userId });
        } else if (e.type === 'group' && (!filter || filter === 'Group')) {
          const g = entities.listGroups().find((x) => x.groupId === e.id);
          if (g) out.PolicyGroups.push({ GroupName: g.name, GroupId: g.groupId });
        } else if (e.type === 'role' && (!filter || filter === 'Role')) {
          const r = entities.roleById(e.id);
          if (r) out.PolicyRoles.push({ RoleName: r.name, RoleId: r.roleId });
        }
      }
      return { ...out, IsTruncated: false };
    },
  };
}
