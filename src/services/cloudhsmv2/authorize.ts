/**
 * IAM questions per operation (Service Authorization Reference): cluster and backup operations name
 * their resource; CreateCluster, DescribeClusters and DescribeBackups act on `*` unless CreateCluster
 * restores a backup. Tags in the request become aws:RequestTag/aws:TagKeys; tags on the resource
 * become aws:ResourceTag; a backup's resource policy answers cross-account requests.
 */
import type { Tag } from '../../protocol/generated/cloudhsmv2.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { backupArn, clusterArn, parseBackupRef, parseCloudHsmArn } from './ids.js';
import { findBackup } from './store/backups.js';
import { tagsOf } from './store/tags.js';

type Context = NonNullable<AuthorizationRequest['context']>;

function requestTags(tags: Tag[] | undefined): Context {
  if (!tags?.length) return {};
  const ctx: Context = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}

function resourceTags(call: CallContext, id: string): Context {
  const ctx: Context = {};
  for (const t of tagsOf(call.db, id)) ctx[`aws:ResourceTag/${t.Key}`] = t.Value;
  return ctx;
}

const CLUSTER_OPS = ['CreateHsm', 'DeleteCluster', 'DeleteHsm', 'InitializeCluster', 'ModifyCluster'];
const BACKUP_OPS = ['CopyBackupToRegion', 'DeleteBackup', 'ModifyBackupAttributes', 'RestoreBackup'];
const POLICY_OPS = ['PutResourcePolicy', 'GetResourcePolicy', 'DeleteResourcePolicy'];
const TAG_OPS = ['TagResource', 'UntagResource', 'ListTags'];

export function authorizeCloudHsm(operation: string, input: any, call: CallContext): AuthorizationRequest[] {
  const action = `cloudhsm:${operation}`;
  const { region, accountId } = call;
  if (CLUSTER_OPS.includes(operation)) {
    return [{ action, resource: clusterArn(region, accountId, input.ClusterId), context: resourceTags(call, input.ClusterId) }];
  }
  if (BACKUP_OPS.includes(operation)) {
    return [
      {
        action,
        resource: backupArn(region, accountId, input.BackupId),
        context: { ...resourceTags(call, input.BackupId), ...requestTags(input.TagList) },
      },
    ];
  }
  if (POLICY_OPS.includes(operation)) {
    const arn = input.ResourceArn ? parseCloudHsmArn(input.ResourceArn) : undefined;
    return [{ action, resource: input.ResourceArn ?? '*', context: arn ? resourceTags(call, arn.id) : {} }];
  }
  if (TAG_OPS.includes(operation)) {
    const id: string = input.ResourceId;
    const resource = id.startsWith('cluster-') ? clusterArn(region, accountId, id) : backupArn(region, accountId, id);
    const keys = operation === 'UntagResource' ? { 'aws:TagKeys': input.TagKeyList as string[] } : requestTags(input.TagList);
    return [{ action, resource, context: { ...resourceTags(call, id), ...keys } }];
  }
  if (operation === 'CreateCluster' && input.SourceBackupId) {
    const ref = parseBackupRef(input.SourceBackupId, call);
    const backup = ref ? findBackup(call.db, ref.id) : undefined;
    if (ref) {
      return [
        {
          action,
          resource: backupArn(ref.region, ref.accountId, ref.id),
          context: requestTags(input.TagList),
          resourcePolicy: backup?.account_id === ref.accountId ? (backup.policy ?? undefined) : undefined,
          resourceAccountId: ref.accountId,
        },
      ];
    }
  }
  return [{ action, resource: '*', context: requestTags(input.TagList) }];
}
