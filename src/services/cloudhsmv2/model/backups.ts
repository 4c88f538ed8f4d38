import type { Backup, Tag } from '../../../protocol/generated/cloudhsmv2.js';
import type { BackupRecord, ClusterRecord } from '../../../storage/ports/cloudhsm.js';
import type { Repositories } from '../../../storage/ports.js';
import { backupNotFound } from '../errors.js';
import { backupArn, cloudHsmId } from '../ids.js';

/** The caller's backup in this region, or BackupNotFound. */
export async function getBackup(tx: Repositories, accountId: string, region: string, backupId: string): Promise<BackupRecord> {
  const backup = await tx.cloudhsmBackups.get(backupId);
  if (!backup || backup.accountId !== accountId || backup.region !== region) throw backupNotFound(backupId);
  return backup;
}

/** A new backup of a cluster's current state; READY once the lifecycle worker completes it. */
export async function takeBackup(tx: Repositories, cluster: ClusterRecord, now: number, duration: number): Promise<BackupRecord> {
  const backup: BackupRecord = {
    backupId: cloudHsmId('backup'),
    accountId: cluster.accountId,
    region: cluster.region,
    clusterId: cluster.clusterId,
    createTime: new Date(now),
    state: 'CREATE_IN_PROGRESS',
    transitionDueAt: new Date(now + duration),
    deleteTime: null,
    neverExpires: false,
    hsmType: cluster.hsmType,
    mode: cluster.mode,
    clusterCertificate: cluster.clusterCertificate,
    sourceRegion: null,
    sourceBackup: null,
    sourceCluster: null,
    copyTime: null,
    policy: null,
  };
  await tx.cloudhsmBackups.insert(backup);
  return backup;
}

export function toBackup(r: BackupRecord, tags: Tag[]): Backup {
  return {
    BackupId: r.backupId,
    BackupArn: backupArn(r.region, r.accountId, r.backupId),
    BackupState: r.state,
    ClusterId: r.clusterId ?? undefined,
    CreateTimestamp: r.createTime,
    CopyTimestamp: r.copyTime ?? undefined,
    NeverExpires: r.neverExpires,
    SourceRegion: r.sourceRegion ?? undefined,
    SourceBackup: r.sourceBackup ?? undefined,
    SourceCluster: r.sourceCluster ?? undefined,
    DeleteTimestamp: r.state === 'PENDING_DELETION' ? (r.deleteTime ?? undefined) : undefined,
    TagList: tags.length > 0 ? tags : undefined,
    HsmType: r.hsmType,
    Mode: r.mode,
  };
}
