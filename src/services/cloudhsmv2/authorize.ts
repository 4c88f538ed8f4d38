/**
 * IAM questions per operation (Service Authorization Reference): cluster and backup operations name
 * their resource; CreateCluster, DescribeClusters and DescribeBackups act on `*` unless CreateCluster
 * restores a backup. Tags in the request become aws:RequestTag/aws:TagKeys; tags on the resource
 * become aws:ResourceTag; a backup's resource policy answers cross-account requests.
 */
import type { Tag } from '../../protocol/generated/cloudhsmv2.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { backupArn, clusterArn, parseBackupRef, parseCloudHsmArn } from './ids.js';

type Context = NonNullable<AuthorizationRequest['context']>;

function requestTags(tags: Tag[] | undefined): Context {
  if (!tags?.length) return {};
  const ctx: Context = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}

async function resourceTags(call: CallContext, id: string): Promise<Context> {
  const ctx: Context = {};
  for (const t of await call.tx.cloudhsmTags.of(id)) ctx[`aws:ResourceTag/${t.Key}`] = t.Value;
  return ctx;
}

const CLUSTER_OPS = ['CreateHsm', 'DeleteCluster', 'DeleteHsm', 'InitializeCluster', 'ModifyCluster'];
const BACKUP_OPS = ['CopyBackupToRegion', 'DeleteBackup', 'ModifyBackupAttributes', 'RestoreBackup'];
const POLICY_OPS = ['PutResourcePolicy', 'GetResourcePolicy', 'DeleteResourcePolicy'];
const TAG_OPS = ['TagResource', 'UntagResource', 'ListTags'];

export async function authorizeCloudHsm(operation: string, input: any, call: CallContext): Promise<AuthorizationRequest[]> {
  const action = `cloudhsm:${operation}`;
  const { region, accountId } = call;
  if (CLUSTER_OPS.includes(operation)) {
    return [{ action, resource: clusterArn(region, accountId, input.ClusterId), context: await resourceTags(call, input.ClusterId) }];
  }
  if (BACKUP_OPS.includes(operation)) {
    return [
      {
        action,
        resource: backupArn(region, accountId, input.BackupId),
        context: { ...(await resourceTags(call, input.BackupId)), ...requestTags(input.TagList) },
      },
    ];
  }
  if (POLICY_OPS.includes(operation)) {
    const arn = input.ResourceArn ? parseCloudHsmArn(input.ResourceArn) : undefined;
    return [{ action, resource: input.ResourceArn ?? '*', context: arn ? await resourceTags(call, arn.id) : {} }];
  }
  if (TAG_OPS.includes(operation)) {
    const id: string = input.ResourceId;
    const resource = id.startsWith('cluster-') ? clusterArn(region, accountId, id) : backupArn(region, accountId, id);
    const keys = operation === 'UntagResource' ? { 'aws:TagKeys': input.TagKeyList as string[] } : requestTags(input.TagList);
    return [{ action, resource, context: { ...(await resourceTags(call, id)), ...keys } }];
  }
  if (operation === 'CreateCluster' && input.SourceBackupId) {
    const ref = parseBackupRef(input.SourceBackupId, call);
    const backup = ref ? await call.tx.cloudhsmBackups.get(ref.id) : undefined;
    if (ref) {
      return [
        {
          action,
          resource: backupArn(ref.region, ref.accountId, ref.id),
          context: requestTags(input.TagList),
          resourcePolicy: backup?.accountId === ref.accountId ? (backup.policy ?? undefined) : undefined,
          resourceAccountId: ref.accountId,
        },
      ];
    }
  }
  return [{ action, resource: '*', context: requestTags(input.TagList) }];
}
