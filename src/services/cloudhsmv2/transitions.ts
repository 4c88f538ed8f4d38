/**
 * Every time-driven state change, applied by the lifecycle worker inside one write transaction.
 * Each step selects only resources whose deadline (transition, backup, purge) has passed.
 */
import type { ClusterRecord, HsmRecord } from '../../storage/ports/cloudhsm.js';
import type { Repositories } from '../../storage/ports.js';
import { activateCluster } from './activation.js';
import type { ClusterCertificateSet } from './certificates.js';
import { BACKUP_INTERVAL, DAY, type ResolvedOptions } from './options.js';
import { takeBackup } from './model/backups.js';
import { setClusterState } from './model/clusters.js';
import { setHsmState } from './model/hsms.js';

/** Certificates generated (outside the transaction) for first HSMs about to become ACTIVE, by HSM id. */
export type PreparedCertificates = Map<string, ClusterCertificateSet>;

const at = (ms: number) => new Date(ms);

/** Backs up an ACTIVE cluster that has an HSM to back up, and restarts its 24-hour clock. */
export async function backupCluster(tx: Repositories, cluster: ClusterRecord, now: number, opts: ResolvedOptions): Promise<void> {
  await tx.cloudhsmClusters.update(cluster.clusterId, { nextBackupAt: at(now + BACKUP_INTERVAL) });
  await takeBackup(tx, cluster, now, opts.timings.backupCreate);
}

/** First HSMs of uninitialized clusters that are due: they need certificates before turning ACTIVE. */
export async function hsmsNeedingCertificates(tx: Repositories, now: number): Promise<Array<{ hsm: HsmRecord; cluster: ClusterRecord }>> {
  const out: Array<{ hsm: HsmRecord; cluster: ClusterRecord }> = [];
  for (const hsm of await tx.cloudhsmHsms.firstDueOfUninitialized(at(now))) {
    out.push({ hsm, cluster: (await tx.cloudhsmClusters.get(hsm.clusterId))! });
  }
  return out;
}

export async function applyDueTransitions(
  tx: Repositories,
  now: number,
  opts: ResolvedOptions,
  certs: PreparedCertificates,
): Promise<void> {
  for (const c of await tx.cloudhsmClusters.dueForTransition(at(now))) await advanceCluster(tx, c, now, opts);
  for (const h of await tx.cloudhsmHsms.dueForTransition(at(now))) await advanceHsm(tx, h, now, opts, certs);
  for (const b of await tx.cloudhsmBackups.dueForCompletion(at(now))) {
    await tx.cloudhsmBackups.update(b.backupId, { state: 'READY', transitionDueAt: null });
  }
  for (const c of await tx.cloudhsmClusters.dueForBackup(at(now))) {
    if (await tx.cloudhsmHsms.hasActive(c.clusterId)) await backupCluster(tx, c, now, opts);
    else await tx.cloudhsmClusters.update(c.clusterId, { nextBackupAt: at(now + BACKUP_INTERVAL) });
  }
  await purgeDeletedBackups(tx, now);
}

async function advanceCluster(tx: Repositories, c: ClusterRecord, now: number, opts: ResolvedOptions): Promise<void> {
  switch (c.state) {
    case 'CREATE_IN_PROGRESS':
      // A cluster restored from a backup is already initialized and activated: it becomes ACTIVE.
      if (c.sourceBackupId) return setClusterState(tx, c.clusterId, 'ACTIVE', null, { nextBackupAt: at(now + BACKUP_INTERVAL) });
      return setClusterState(tx, c.clusterId, 'UNINITIALIZED', null);
    case 'INITIALIZE_IN_PROGRESS': {
      const auto = opts.autoActivateAfterMs;
      return setClusterState(tx, c.clusterId, 'INITIALIZED', auto === undefined ? null : at(now + auto), {
        clusterCsr: null,
        hsmCertificate: null,
        awsHardwareCertificate: null,
        manufacturerHardwareCertificate: null,
      });
    }
    case 'INITIALIZED':
      await activateCluster(tx, c.clusterId, { now, timings: opts.timings });
      return;
    case 'MODIFY_IN_PROGRESS':
      await tx.cloudhsmHsms.setTypeOfCluster(c.clusterId, c.hsmType);
      return setClusterState(tx, c.clusterId, 'ACTIVE', null, { rollbackExpiration: at(now + DAY) });
    case 'ROLLBACK_IN_PROGRESS':
      await tx.cloudhsmHsms.setTypeOfCluster(c.clusterId, c.hsmType);
      return setClusterState(tx, c.clusterId, 'ACTIVE', null, { previousHsmType: null, rollbackExpiration: null });
    case 'DELETE_IN_PROGRESS':
      // Deleted clusters disappear; their backups stay (as on AWS) and keep their ClusterId.
      await tx.cloudhsmTags.drop(c.clusterId);
      await tx.cloudhsmClusters.delete(c.clusterId);
      await tx.network.deleteSecurityGroup(c.securityGroup);
      return;
    default:
      await tx.cloudhsmClusters.update(c.clusterId, { transitionDueAt: null });
  }
}

async function advanceHsm(tx: Repositories, h: HsmRecord, now: number, opts: ResolvedOptions, certs: PreparedCertificates): Promise<void> {
  const cluster = (await tx.cloudhsmClusters.get(h.clusterId))!;
  if (h.state === 'CREATE_IN_PROGRESS') {
    if (cluster.state === 'UNINITIALIZED' && !cluster.clusterCsr) {
      const set = certs.get(h.hsmId);
      if (!set) return; // certificates not generated yet: the next tick prepares them
      await tx.cloudhsmClusters.update(cluster.clusterId, {
        clusterKey: set.clusterKey,
        clusterCsr: set.ClusterCsr,
        hsmCertificate: set.HsmCertificate,
        awsHardwareCertificate: set.AwsHardwareCertificate,
        manufacturerHardwareCertificate: set.ManufacturerHardwareCertificate,
      });
    }
    await setHsmState(tx, h.hsmId, 'ACTIVE', null);
    if (cluster.state === 'ACTIVE') await backupCluster(tx, cluster, now, opts);
  } else if (h.state === 'DELETE_IN_PROGRESS') {
    await tx.cloudhsmHsms.delete(h.hsmId);
    await tx.network.deleteNetworkInterface(h.eniId);
    if (cluster.state === 'ACTIVE') await backupCluster(tx, cluster, now, opts);
  } else {
    await tx.cloudhsmHsms.setState(h.hsmId, h.state, h.stateMessage, null);
  }
}

/**
 * Retention: READY backups older than their cluster's retention go to PENDING_DELETION, except
 * NeverExpires ones and each cluster's most recent backup. Copies (no cluster) never expire.
 */
export async function expireBackups(tx: Repositories, now: number, pendingWindow: number): Promise<number> {
  const expired = await tx.cloudhsmBackups.pastRetention(at(now));
  for (const b of expired) await tx.cloudhsmBackups.update(b.backupId, { state: 'PENDING_DELETION', deleteTime: at(now + pendingWindow) });
  return expired.length;
}

async function purgeDeletedBackups(tx: Repositories, now: number): Promise<void> {
  for (const b of await tx.cloudhsmBackups.dueForPurge(at(now))) {
    await tx.cloudhsmTags.drop(b.backupId);
    await tx.cloudhsmBackups.delete(b.backupId);
  }
}
