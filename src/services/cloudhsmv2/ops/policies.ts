/** Resource policies: only backups have them; they share a READY backup with other accounts. */
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { parsePolicy } from '../../../identity/policy/parse.js';
import type { BackupRecord } from '../../../storage/ports/cloudhsm.js';
import { invalidRequest } from '../errors.js';
import { parseCloudHsmArn } from '../ids.js';
import { getBackup } from '../model/backups.js';
import { txOf, type OpContext } from './context.js';

async function backupOf(ctx: OpContext, resourceArn: string | undefined): Promise<BackupRecord> {
  if (resourceArn === undefined) throw invalidRequest('ResourceArn is required.');
  const arn = parseCloudHsmArn(resourceArn);
  if (!arn) throw invalidRequest(`Invalid ResourceArn '${resourceArn}'.`);
  if (arn.type !== 'backup') throw invalidRequest(`Resource policies are supported only for backups, not for '${resourceArn}'.`);
  const account = arn.accountId === ctx.call.accountId ? arn.accountId : '';
  return getBackup(txOf(ctx), account, arn.region === ctx.call.region ? arn.region : '', arn.id);
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

export async function putResourcePolicy(ctx: OpContext, input: T.PutResourcePolicyRequest): Promise<T.PutResourcePolicyResponse> {
  const backup = await backupOf(ctx, input.ResourceArn);
  const policy = checkPolicy(input.Policy);
  if (backup.state !== 'READY')
    throw invalidRequest(`Backup '${backup.backupId}' is in state ${backup.state}; only READY backups can be shared.`);
  await txOf(ctx).cloudhsmBackups.update(backup.backupId, { policy });
  return { ResourceArn: input.ResourceArn, Policy: policy };
}

export async function getResourcePolicy(ctx: OpContext, input: T.GetResourcePolicyRequest): Promise<T.GetResourcePolicyResponse> {
  const backup = await backupOf(ctx, input.ResourceArn);
  return { Policy: backup.policy ?? undefined };
}

export async function deleteResourcePolicy(ctx: OpContext, input: T.DeleteResourcePolicyRequest): Promise<T.DeleteResourcePolicyResponse> {
  const backup = await backupOf(ctx, input.ResourceArn);
  if (!backup.policy) throw invalidRequest(`Backup '${backup.backupId}' has no resource policy.`);
  await txOf(ctx).cloudhsmBackups.update(backup.backupId, { policy: null });
  return { ResourceArn: input.ResourceArn, Policy: backup.policy };
}
