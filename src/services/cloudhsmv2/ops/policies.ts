/** Resource policies: only backups have them; they share a READY backup with other accounts. */
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { parsePolicy } from '../../../identity/policy/parse.js';
import { invalidRequest } from '../errors.js';
import { parseCloudHsmArn } from '../ids.js';
import { getBackup, updateBackup, type BackupRow } from '../store/backups.js';
import type { OpContext } from './context.js';

function backupOf(ctx: OpContext, resourceArn: string | undefined): BackupRow {
  if (resourceArn === undefined) throw invalidRequest('ResourceArn is required.');
  const arn = parseCloudHsmArn(resourceArn);
  if (!arn) throw invalidRequest(`Invalid ResourceArn '${resourceArn}'.`);
  if (arn.type !== 'backup') throw invalidRequest(`Resource policies are supported only for backups, not for '${resourceArn}'.`);
  const account = arn.accountId === ctx.call.accountId ? arn.accountId : '';
  return getBackup(ctx.call.db, account, arn.region === ctx.call.region ? arn.region : '', arn.id);
}

function checkPolicy(policy: string | undefined): string {
  if (policy === undefined) throw invalidRequest('Policy is required.');
  try {
    parsePolicy(policy, 'resource');
  } catch (err) {
    throw invalidRequest(`The resource policy is invalid: ${(err as Error).message}`);
  }
  return policy;
}

export function putResourcePolicy(ctx: OpContext, input: T.PutResourcePolicyRequest): T.PutResourcePolicyResponse {
  const backup = backupOf(ctx, input.ResourceArn);
  const policy = checkPolicy(input.Policy);
  if (backup.state !== 'READY')
    throw invalidRequest(`Backup '${backup.backup_id}' is in state ${backup.state}; only READY backups can be shared.`);
  updateBackup(ctx.call.db, backup.backup_id, { policy });
  return { ResourceArn: input.ResourceArn, Policy: policy };
}

export function getResourcePolicy(ctx: OpContext, input: T.GetResourcePolicyRequest): T.GetResourcePolicyResponse {
  const backup = backupOf(ctx, input.ResourceArn);
  return { Policy: backup.policy ?? undefined };
}

export function deleteResourcePolicy(ctx: OpContext, input: T.DeleteResourcePolicyRequest): T.DeleteResourcePolicyResponse {
  const backup = backupOf(ctx, input.ResourceArn);
  if (!backup.policy) throw invalidRequest(`Backup '${backup.backup_id}' has no resource policy.`);
  updateBackup(ctx.call.db, backup.backup_id, { policy: null });
  return { ResourceArn: input.ResourceArn, Policy: backup.policy };
}
