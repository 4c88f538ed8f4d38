import { awsId } from '../../../identity/ids.js';
import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import type { ManagedPolicyRow } from '../../../identity/store/rows.js';
import { listManagedPolicies, managedPolicy, policyVersion, policyVersions } from '../../../identity/store/policies.js';
import type { Tx } from '../../../storage/ports.js';
import { entityArn, iso, putTags, type IamOps } from '../context.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity, policyError, policyNotFound } from '../errors.js';
import { date, encodeDocument, policyShape } from '../format.js';
import { paginate } from '../pagination.js';

const MAX_VERSIONS = 5;

function checkManaged(document: string): void {
  try {
    parsePolicy(document, 'identity', { sizeLimit: sizeLimit('managed') });
  } catch (err) {
    policyError(err);
  }
}

/** Customer managed policies and their versions; AWS managed ones are readable and attachable only. */
type Ops =
  | 'CreatePolicy'
  | 'GetPolicy'
  | 'TagPolicy'
  | 'UntagPolicy'
  | 'ListPolicyTags'
  | 'ListPolicies'
  | 'DeletePolicy'
  | 'CreatePolicyVersion'
  | 'GetPolicyVersion'
  | 'ListPolicyVersions'
  | 'DeletePolicyVersion'
  | 'SetDefaultPolicyVersion'
  | 'ListEntitiesForPolicy';

export function managedPolicyOps(): IamOps<Ops> {
  const requirePolicy = async (tx: Tx, arn: string): Promise<ManagedPolicyRow> => {
    const p = await managedPolicy(tx, arn);
    if (!p) throw policyNotFound(arn);
    return p;
  };
  const requireLocal = async (tx: Tx, arn: string): Promise<ManagedPolicyRow> => {
    const p = await requirePolicy(tx, arn);
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
    async CreatePolicy(input, call) {
      const path = input.Path ?? '/';
      const arn = entityArn(call.accountId, 'policy', path, input.PolicyName);
      if (await call.tx.iamPolicies.managedByName(input.PolicyName)) {
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
      await call.tx.iamPolicies.insertManaged(row, input.PolicyDocument);
      await putTags(call.tx, 'policy', arn, input.Tags);
      return { Policy: policyShape(row, 0, false, await call.tx.iamEntities.tags('policy', arn)) };
    },

    async GetPolicy(input, call) {
      const p = await requirePolicy(call.tx, input.PolicyArn);
      return {
        Policy: policyShape(p, await call.tx.iamPolicies.attachmentCount(p.arn), true, await call.tx.iamEntities.tags('policy', p.arn)),
      };
    },

    async TagPolicy(input, call) {
      await putTags(call.tx, 'policy', (await requireLocal(call.tx, input.PolicyArn)).arn, input.Tags);
    },

    async UntagPolicy(input, call) {
      const p = await requireLocal(call.tx, input.PolicyArn);
      for (const k of input.TagKeys) await call.tx.iamEntities.deleteTag('policy', p.arn, k);
    },

    async ListPolicyTags(input, call) {
      const { page, ...more } = paginate(
        await call.tx.iamEntities.tags('policy', (await requirePolicy(call.tx, input.PolicyArn)).arn),
        input,
      );
      return { Tags: page, ...more };
    },

    async ListPolicies(input, call) {
      const rows = [];
      for (const p of await listManagedPolicies(call.tx, input.Scope ?? 'All')) {
        if (!p.path.startsWith(input.PathPrefix ?? '/')) continue;
        const count = await call.tx.iamPolicies.attachmentCount(p.arn);
        if (!input.OnlyAttached || count > 0) rows.push({ p, count });
      }
      const { page, ...more } = paginate(rows, input);
      return { Policies: page.map(({ p, count }) => policyShape(p, count)), ...more };
    },

    async DeletePolicy(input, call) {
      const p = await requireLocal(call.tx, input.PolicyArn);
      if (await call.tx.iamPolicies.attachmentCount(p.arn)) throw deleteConflict('Cannot delete a policy attached to entities.');
      if ((await policyVersions(call.tx, p.arn)).length > 1) {
        throw deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      }
      await call.tx.iamPolicies.deleteManaged(p.arn);
    },

    async CreatePolicyVersion(input, call) {
      const p = await requireLocal(call.tx, input.PolicyArn);
      if ((await policyVersions(call.tx, p.arn)).length >= MAX_VERSIONS) {
        throw limitExceeded(
          'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
        );
      }
      checkManaged(input.PolicyDocument);
      const v = { policyArn: p.arn, versionId: `v${p.nextVersion}`, document: input.PolicyDocument, createDate: iso(call) };
      await call.tx.iamPolicies.insertVersion(v);
      if (input.SetAsDefault) await call.tx.iamPolicies.setDefault(p.arn, v.versionId, v.createDate);
      return { PolicyVersion: versionShape({ ...p, defaultVersion: input.SetAsDefault ? v.versionId : p.defaultVersion }, v) };
    },

    async GetPolicyVersion(input, call) {
      const p = await requirePolicy(call.tx, input.PolicyArn);
      const v = await policyVersion(call.tx, p.arn, input.VersionId);
      if (!v) throw versionNotFound(p.arn, input.VersionId);
      return { PolicyVersion: { Document: encodeDocument(v.document), ...versionShape(p, v) } };
    },

    async ListPolicyVersions(input, call) {
      const p = await requirePolicy(call.tx, input.PolicyArn);
      const { page, ...more } = paginate(await policyVersions(call.tx, p.arn), input);
      return { Versions: page.map((v) => versionShape(p, v)), ...more };
    },

    async DeletePolicyVersion(input, call) {
      const p = await requireLocal(call.tx, input.PolicyArn);
      if (!(await policyVersion(call.tx, p.arn, input.VersionId))) throw versionNotFound(p.arn, input.VersionId);
      if (p.defaultVersion === input.VersionId) throw deleteConflict('Cannot delete the default version of a policy.');
      await call.tx.iamPolicies.deleteVersion(p.arn, input.VersionId);
    },

    async SetDefaultPolicyVersion(input, call) {
      const p = await requireLocal(call.tx, input.PolicyArn);
      if (!(await policyVersion(call.tx, p.arn, input.VersionId))) throw versionNotFound(p.arn, input.VersionId);
      await call.tx.iamPolicies.setDefault(p.arn, input.VersionId, iso(call));
    },

    async ListEntitiesForPolicy(input, call) {
      const p = await requirePolicy(call.tx, input.PolicyArn);
      const out = { PolicyGroups: [] as object[], PolicyUsers: [] as object[], PolicyRoles: [] as object[] };
      const filter = input.EntityFilter;
      for (const e of await call.tx.iamPolicies.entitiesFor(p.arn)) {
        if (e.type === 'user' && (!filter || filter === 'User')) {
          const u = await call.tx.iamEntities.userById(e.id);
          if (u) out.PolicyUsers.push({ UserName: u.name, UserId: u.userId });
        } else if (e.type === 'group' && (!filter || filter === 'Group')) {
          const g = await call.tx.iamEntities.groupById(e.id);
          if (g) out.PolicyGroups.push({ GroupName: g.name, GroupId: g.groupId });
        } else if (e.type === 'role' && (!filter || filter === 'Role')) {
          const r = await call.tx.iamEntities.roleById(e.id);
          if (r) out.PolicyRoles.push({ RoleName: r.name, RoleId: r.roleId });
        }
      }
      return { ...out, IsTruncated: false };
    },
  };
}
