import type { Db } from '../../../storage/sqlite/database.js';
import type { Backup, BackupState, ClusterMode, Tag } from '../../../protocol/generated/cloudhsmv2.js';
import { backupNotFound } from '../errors.js';
import { backupArn, cloudHsmId } from '../ids.js';
import type { ClusterRow } from './clusters.js';

export interface BackupRow {
  backup_id: string;
  account_id: string;
  region: string;
  cluster_id: string | null;
  create_time: number;
  state: BackupState;
  transition_due_at: number | null;
  delete_time: number | null;
  never_expires: number;
  hsm_type: string;
  mode: ClusterMode;
  cluster_certificate: string | null;
  source_region: string | null;
  source_backup: string | null;
  source_cluster: string | null;
  copy_time: number | null;
  policy: string | null;
}

export function getBackup(db: Db, accountId: string, region: string, backupId: string): BackupRow {
  const row = findBackup(db, backupId);
  if (!row || row.account_id !== accountId || row.region !== region) throw backupNotFound(backupId);
  return row;
}

export const findBackup = (db: Db, backupId: string): BackupRow | undefined =>
  db.prepare('SELECT * FROM cloudhsm_backups WHERE backup_id = ?').get(backupId) as BackupRow | undefined;

export function insertBackup(db: Db, row: BackupRow): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO cloudhsm_backups (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`).run(row);
}

export function updateBackup(db: Db, backupId: string, set: Partial<BackupRow>): void {
  const cols = Object.keys(set);
  db.prepare(`UPDATE cloudhsm_backups SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE backup_id = @backup_id`).run({
    ...set,
    backup_id: backupId,
  });
}

/** A new backup of a cluster's current state; READY once the lifecycle worker completes it. */
export function takeBackup(db: Db, cluster: ClusterRow, now: number, duration: number): BackupRow {
  const row: BackupRow = {
    backup_id: cloudHsmId('backup'),
    account_id: cluster.account_id,
    region: cluster.region,
    cluster_id: cluster.cluster_id,
    create_time: now,
    state: 'CREATE_IN_PROGRESS',
    transition_due_at: now + duration,
    delete_time: null,
    never_expires: 0,
    hsm_type: cluster.hsm_type,
    mode: cluster.mode,
    cluster_certificate: cluster.cluster_certificate,
    source_region: null,
    source_backup: null,
    source_cluster: null,
    copy_time: null,
    policy: null,
  };
  insertBackup(db, row);
  return row;
}

export function toBackup(r: BackupRow, tags: Tag[]): Backup {
  const date = (ms: number | null) => (ms === null ? undefined : new Date(ms));
  return {
    BackupId: r.backup_id,
    BackupArn: backupArn(r.region, r.account_id, r.backup_id),
    BackupState: r.state,
    ClusterId: r.cluster_id ?? undefined,
    CreateTimestamp: new Date(r.create_time),
    CopyTimestamp: date(r.copy_time),
    NeverExpires: r.never_expires === 1,
    SourceRegion: r.source_region ?? undefined,
    SourceBackup: r.source_backup ?? undefined,
    SourceCluster: r.source_cluster ?? undefined,
    DeleteTimestamp: r.state === 'PENDING_DELETION' ? date(r.delete_time) : undefined,
    TagList: tags.length > 0 ? tags : undefined,
    HsmType: r.hsm_type,
    Mode: r.mode,
  };
}
