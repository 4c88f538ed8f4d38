import { sizeLimit } from '../../../identity/policy/index.js';
import type { IamDeps, IamOps } from '../context.js';
import { rootOwnerId } from '../../../identity/mfa/devices.js';
import { listManagedPolicies, policyVersions } from '../../../identity/store/policies.js';

/**
 * GetAccountSummary: every key of IAM's SummaryMap (IAM API Reference, GetAccountSummary), usage
 * counted from the store next to IAM's default quotas. hsmtrail has no server certificates, instance
 * profiles, identity providers or signing certificates, so those count zero. AccountMFAEnabled is 1
 * once the root user has an MFA device (root-user.ts); AccountPasswordPresent is 1 once the root user
 * has a console password ("whether the root user has a password", `hsmtrail console set-root-password`).
 */
type Ops = 'GetAccountSummary';

export function accountOps({ account }: IamDeps): IamOps<Ops> {
  return {
    async GetAccountSummary(_input, call) {
      const { iamEntities } = call.tx;
      const local = await listManagedPolicies(call.tx, 'Local');
      const devices = await call.tx.iamMfa.list();
      const rootMfa = devices.some((d) => d.userId === rootOwnerId(call.accountId));
      let versionsInUse = 0;
      for (const p of local) versionsInUse += (await policyVersions(call.tx, p.arn)).length;
      return {
        SummaryMap: {
          Users: (await iamEntities.listUsers()).length,
          UsersQuota: 5000,
          Groups: (await iamEntities.listGroups()).length,
          GroupsQuota: 300,
          Roles: (await iamEntities.listRoles()).length,
          RolesQuota: 1000,
          Policies: local.length,
          PoliciesQuota: 1500,
          PolicyVersionsInUse: versionsInUse,
          PolicyVersionsInUseQuota: 10000,
          VersionsPerPolicyQuota: 5,
          PolicySizeQuota: sizeLimit('managed').maxChars,
          UserPolicySizeQuota: sizeLimit('userInline').maxChars,
          GroupPolicySizeQuota: sizeLimit('groupInline').maxChars,
          RolePolicySizeQuota: sizeLimit('roleInline').maxChars,
          AssumeRolePolicySizeQuota: sizeLimit('trust').maxChars,
          AccessKeysPerUserQuota: 2,
          SigningCertificatesPerUserQuota: 2,
          AttachedPoliciesPerUserQuota: 10,
          AttachedPoliciesPerGroupQuota: 10,
          AttachedPoliciesPerRoleQuota: 10,
          GroupsPerUserQuota: 10,
          ServerCertificates: 0,
          ServerCertificatesQuota: 20,
          InstanceProfiles: 0,
          InstanceProfilesQuota: 1000,
          Providers: 0,
          MFADevices: devices.length,
          MFADevicesInUse: devices.filter((d) => d.userId).length,
          AccountMFAEnabled: rootMfa ? 1 : 0,
          AccountAccessKeysPresent: account.hasRootAccessKey ? 1 : 0,
          AccountPasswordPresent: (await call.tx.iamPasswords.rootPassword()) ? 1 : 0,
          AccountSigningCertificatesPresent: 0,
          GlobalEndpointTokenVersion: 1,
        },
      };
    },
  };
}
