/**
 * IAM as the gateway hosts it: global (events in us-east-1), awsQuery, `iam:` actions. Secrets in
 * requests and responses (SecretAccessKey, Password) are kept out of events by audit/record/redaction.ts.
 */
import { model } from '../../protocol/generated/iam.js';
import type { ServiceDefinition } from '../service.js';
import { iamAudit } from './audit.js';
import { iamAuthorizer } from './authorize.js';
import type { IamDeps } from './context.js';
import { accountOps } from './ops/account.js';
import { attachmentOps } from './ops/attachments.js';
import { groupOps } from './ops/groups.js';
import { inlinePolicyOps } from './ops/inline-policies.js';
import { accessKeyOps } from './ops/keys.js';
import { loginProfileOps } from './ops/login-profiles.js';
import { managedPolicyOps } from './ops/managed-policies.js';
import { passwordPolicyOps } from './ops/password-policy.js';
import { roleOps } from './ops/roles.js';
import { userOps } from './ops/users.js';

export function iamService(deps: IamDeps): ServiceDefinition {
  return {
    id: 'iam',
    protocol: 'query',
    eventSource: 'iam.amazonaws.com',
    actionPrefix: 'iam',
    globalRegion: 'us-east-1',
    model,
    operations: {
      ...userOps(deps),
      ...accessKeyOps(deps),
      ...groupOps(),
      ...roleOps(),
      ...inlinePolicyOps(),
      ...managedPolicyOps(),
      ...attachmentOps(),
      ...loginProfileOps(),
      ...passwordPolicyOps(),
      ...accountOps(deps),
    },
    authorize: iamAuthorizer(),
    audit: iamAudit,
  };
}
