import { model } from '../../../protocol/generated/cloudhsmv2.js';
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import type { BackupRecord } from '../../../storage/ports/cloudhsm.js';
import { invalidRequest } from '../errors.js';
import { checkFilters } from '../filters.js';
import { cloudHsmId } from '../ids.js';
import { PENDING_DELETION_WINDOW } from '../options.js';
import { pageOf, positionOf } from '../pagination.js';
import { getBackup, toBackup } from '../model/backups.js';
import { checkTagList, putTags } from '../model/tags.js';
import { after, txOf, type OpContext } from './context.js';

/** DescribeBackups' `states` filter values: the model's BackupState enum. */
const BACKUP_STATES = model.shapes.BackupState!.enum!;

const ownBackup = (ctx: OpContext, backupId: string) => getBackup(txOf(ctx), ctx.call.accountId, ctx.call.region, backupId);

const render = async (ctx: OpContext, backupId: string): Promise<T.Backup> => {
  const backup = await ownBackup(ctx, backupId);
  return toBackup(backup, await txOf(ctx).cloudhsmTags.of(backupId));
};

/**
 * Newest first unless SortAscending. `Shared=true` lists backups shared through AWS RAM; hsmtrail
 * has no RAM, and policy-based shares are not listed until promoted (as on AWS), so none match.
 */
export async function describeBackups(ctx: OpContext, input: T.DescribeBackupsRequest): Promise<T.DescribeBackupsResponse> {
  const { accountId, region } = ctx.call;
  const tx = txOf(ctx);
  const limit = input.MaxResults ?? 50;
  const position = positionOf(input.NextToken);
  const ascending = input.SortAscending === true;
  const f = checkFilters(input.Filters, {
    keys: ['backupIds', 'sourceBackupIds', 'clusterIds', 'states', 'neverExpires'],
    values: { states: BACKUP_STATES, neverExpires: ['true', 'false'] },
  });
  if (input.Shared === true) return { Backups: [] };
  const filter = {
    ...f,
    states: f.states as T.BackupState[] | undefined,
    neverExpires: f.neverExpires?.map((v) => v === 'true'),
  };
  const rows = await tx.cloudhsmBackups.list({ accountId, region, filter, ascending, after: position, limit: limit + 1 });
  const { page, next } = pageOf(rows, limit, (r) => ({ k: r.createTime.getTime(), id: r.backupId }));
  const tags = await tx.cloudhsmTags.ofMany(page.map((r) => r.backupId));
  return { Backups: page.map((r) => toBackup(r, tags.get(r.backupId) ?? [])), NextToken: next };
}

export async function deleteBackup(ctx: OpContext, input: T.DeleteBackupRequest): Promise<T.DeleteBackupResponse> {
  const backup = await ownBackup(ctx, input.BackupId);
  if (backup.state !== 'READY')
    throw invalidRequest(`Backup '${backup.backupId}' is in state ${backup.state}; only READY backups can be deleted.`);
  await txOf(ctx).cloudhsmBackups.update(backup.backupId, {
    state: 'PENDING_DELETION',
    deleteTime: after(ctx, PENDING_DELETION_WINDOW),
  });
  return { Backup: await render(ctx, backup.backupId) };
}

export async function restoreBackup(ctx: OpContext, input: T.RestoreBackupRequest): Promise<T.RestoreBackupResponse> {
  const backup = await ownBackup(ctx, input.BackupId);
  if (backup.state !== 'PENDING_DELETION') {
    throw invalidRequest(`Backup '${backup.backupId}' is in state ${backup.state}; only backups in PENDING_DELETION can be restored.`);
  }
  await txOf(ctx).cloudhsmBackups.update(backup.backupId, { state: 'READY', deleteTime: null });
  return { Backup: await render(ctx, backup.backupId) };
}

export async function modifyBackupAttributes(
  ctx: OpContext,
  input: T.ModifyBackupAttributesRequest,
): Promise<T.ModifyBackupAttributesResponse> {
  const backup = await ownBackup(ctx, input.BackupId);
  if (backup.state === 'PENDING_DELETION' || backup.state === 'DELETED') {
    throw invalidRequest(`Backup '${backup.backupId}' is in state ${backup.state}; restore it before changing its attributes.`);
  }
  await txOf(ctx).cloudhsmBackups.update(backup.backupId, { neverExpires: Boolean(input.NeverExpires) });
  return { Backup: await render(ctx, backup.backupId) };
}

/** The copy keeps the source's CreateTimestamp and has no cluster, so no retention policy applies. */
export async function copyBackupToRegion(ctx: OpContext, input: T.CopyBackupToRegionRequest): Promise<T.CopyBackupToRegionResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const source = await ownBackup(ctx, input.BackupId);
  if (input.DestinationRegion === call.region) throw invalidRequest('The destination region must be different from the source region.');
  if (source.state !== 'READY')
    throw invalidRequest(`Backup '${source.backupId}' is in state ${source.state}; only READY backups can be copied.`);
  const tags = input.TagList ?? (await tx.cloudhsmTags.of(source.backupId));
  checkTagList(tags);
  const copy: BackupRecord = {
    ...source,
    backupId: cloudHsmId('backup'),
    region: input.DestinationRegion,
    clusterId: null,
    state: 'CREATE_IN_PROGRESS',
    transitionDueAt: after(ctx, opts.timings.backupCopy),
    deleteTime: null,
    neverExpires: false,
    sourceRegion: call.region,
    sourceBackup: source.backupId,
    sourceCluster: source.clusterId,
    copyTime: new Date(ctx.now),
    policy: null,
  };
  await tx.cloudhsmBackups.insert(copy);
  if (tags.length) await putTags(tx, copy.backupId, tags, opts.quotas.tagsPerResource);
  return {
    DestinationBackup: {
      CreateTimestamp: source.createTime,
      SourceRegion: call.region,
      SourceBackup: source.backupId,
      SourceCluster: source.clusterId ?? undefined,
    },
  };
}
