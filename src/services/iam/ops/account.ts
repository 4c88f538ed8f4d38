import type { Operation } from '../../service.js';
import type { IamDeps } from '../context.js';

/** GetAccountSummary: usage counts next to IAM's default quotas. */
export function accountOps({ store }: IamDeps): Record<string, Operation> {
  return {
    GetAccountSummary() {
      const { entities, policies } = store;
      const users = entities.listUsers();
      const local = policies.listManaged('Local');
      return {
        SummaryMap: {
          Users: users.length,
          UsersQuota: 5000,
          Groups: entities.listGroups().length,
          GroupsQuota: 300,
          Roles: entities.listRoles().length,
          RolesQuota: 1000,
          Policies: local.length,
          PoliciesQuota: 1500,
          PolicyVersionsInUse: local.reduce((n, p) => n + policies.versions(p.arn).length, 0),
          PolicyVersionsInUseQuota: 10000,
          AccessKeysPerUserQuota: 2,
          AttachedPoliciesPerUserQuota: 10,
          AttachedPoliciesPerGroupQuota: 10,
          AttachedPoliciesPerRoleQuota: 10,
          GroupsPerUserQuota: 10,
          VersionsPerPolicyQuota: 5,
          AccountAccessKeysPresent: 1,
          AccountMFAEnabled: 0,
          MFADevices: 0,
          MFADevicesInUse: 0,
        },
      };
    },
  };
}
