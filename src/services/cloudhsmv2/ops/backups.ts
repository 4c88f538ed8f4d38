import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { invalidRequest } from '../errors.js';
import { filterSql } from '../filters.js';
import { cloudHsmId } from '../ids.js';
import { PENDING_DELETION_WINDOW } from '../options.js';
import { decodeToken, pageOf } from '../pagination.js';
import { getBackup, insertBackup, toBackup, updateBackup, type BackupRow } from '../store/backups.js';
import { checkTagList, putTags, tagsOf, tagsOfMany } from '../store/tags.js';
import type { OpContext } from './context.js';

const BACKUP_STATES: T.BackupState[] = ['CREATE_IN_PROGRESS', 'READY', 'DELETED', 'PENDING_DELETION'];

const render = (ctx: OpContext, backupId: string): T.Backup => {
  const row = getBackup(ctx.call.db, ctx.call.accountId, ctx.call.region, backupId);
  return toBackup(row, tagsOf(ctx.call.db, backupId));
};

/**
 * Newest first unless SortAscending. `Shared=true` lists backups shared through AWS RAM; hsmtrail
 * has no RAM, and policy-based shares are not listed until promoted (as on AWS), so none match.
 */
export function describeBackups(ctx: OpContext, input: T.DescribeBackupsRequest): T.DescribeBackupsResponse {
  const { db, accountId, region } = ctx.call;
  const limit = input.MaxResults ?? 50;
  const cursor = decodeToken(input.NextToken);
  const asc = input.SortAscending === true;
  const f = filterSql(input.Filters, {
    columns: {
      backupIds: 'backup_id',
      sourceBackupIds: 'source_backup',
      clusterIds: 'cluster_id',
      states: 'state',
      neverExpires: 'never_expires',
    },
    values: { states: BACKUP_STATES, neverExpires: ['true', 'false'] },
  });
  if (input.Shared === true) return { Backups: [] };
  const where = ['account_id = ?', 'region = ?', ...f.where];
  const args: unknown[] = [accountId, region, ...f.args];
  if (cursor) {
    where.push(`(create_time, backup_id) ${asc ? '>' : '<'} (?, ?)`);
    args.push(cursor.k, cursor.id ?? '');
  }
  const dir = asc ? 'ASC' : 'DESC';
  const rows = db
    .prepare(`SELECT * FROM cloudhsm_backups WHERE ${where.join(' AND ')} ORDER BY create_time ${dir}, backup_id ${dir} LIMIT ?`)
    .all(...args, limit + 1) as BackupRow[];
  const { page, next } = pageOf(rows, limit, (r) => ({ k: r.create_time, id: r.backup_id }));
  const tags = tagsOfMany(
    db,
    page.map((r) => r.backup_id),
  );
  return { Backups: page.map((r) => toBackup(r, tags.get(r.backup_id) ?? [])), NextToken: next };
}

export function deleteBackup(ctx: OpContext, input: T.DeleteBackupRequest): T.DeleteBackupResponse {
  const row = getBackup(ctx.call.db, ctx.call.accountId, ctx.call.region, input.BackupId);
  if (row.state !== 'READY') throw invalidRequest(`Backup '${row.backup_id}' is in state ${row.state}; only READY backups can be deleted.`);
  updateBackup(ctx.call.db, row.backup_id, { state: 'PENDING_DELETION', delete_time: ctx.now + PENDING_DELETION_WINDOW });
  return { Backup: render(ctx, row.backup_id) };
}

export function restoreBackup(ctx: OpContext, input: T.RestoreBackupRequest): T.RestoreBackupResponse {
  const row = getBackup(ctx.call.db, ctx.call.accountId, ctx.call.region, input.BackupId);
  if (row.state !== 'PENDING_DELETION') {
    throw invalidRequest(`Backup '${row.backup_id}' is in state ${row.state}; only backups in PENDING_DELETION can be restored.`);
  }
  updateBackup(ctx.call.db, row.backup_id, { state: 'READY', delete_time: null });
  return { Backup: render(ctx, row.backup_id) };
}

export function modifyBackupAttributes(ctx: OpContext, input: T.ModifyBackupAttributesRequest): T.ModifyBackupAttributesResponse {
  const row = getBackup(ctx.call.db, ctx.call.accountId, ctx.call.region, input.BackupId);
  if (row.state === 'PENDING_DELETION' || row.state === 'DELETED') {
    throw invalidRequest(`Backup '${row.backup_id}' is in state ${row.state}; restore it before changing its attributes.`);
  }
  updateBackup(ctx.call.db, row.backup_id, { never_expires: input.NeverExpires ? 1 : 0 });
  return { Backup: render(ctx, row.backup_id) };
}

/** The copy keeps the source's CreateTimestamp and has no cluster, so no retention policy applies. */
export function copyBackupToRegion(ctx: OpContext, input: T.CopyBackupToRegionRequest): T.CopyBackupToRegionResponse {
  const { call, opts, now } = ctx;
  const source = getBackup(call.db, call.accountId, call.region, input.BackupId);
  if (input.DestinationRegion === call.region) throw invalidRequest('The destination region must be different from the source region.');
  if (source.state !== 'READY')
    throw invalidRequest(`Backup '${source.backup_id}' is in state ${source.state}; only READY backups can be copied.`);
  const tags = input.TagList ?? tagsOf(call.db, source.backup_id);
  checkTagList(tags);
  const copy: BackupRow = {
    ...source,
    backup_id: cloudHsmId('backup'),
    region: input.DestinationRegion,
    cluster_id: null,
    state: 'CREATE_IN_PROGRESS',
    transition_due_at: now + opts.timings.backupCopy,
    delete_time: null,
    never_expires: 0,
    source_region: call.region,
    source_backup: source.backup_id,
    source_cluster: source.cluster_id,
    copy_time: now,
    policy: null,
  };
  insertBackup(call.db, copy);
  if (tags.length) putTags(call.db, copy.backup_id, tags, opts.quotas.tagsPerResource);
  return {
    DestinationBackup: {
      CreateTimestamp: new Date(source.create_time),
      SourceRegion: call.region,
      SourceBackup: source.backup_id,
      SourceCluster: source.cluster_id ?? undefined,
    },
  };
}
