/**
 * Every time-driven state change, applied by the lifecycle worker inside one transaction. Each step
 * selects only rows whose `transition_due_at` (or backup/purge deadline) has passed, through indexes.
 */
import type { Db } from '../../storage/sqlite/database.js';
import { deleteNetworkInterface, deleteSecurityGroup } from '../ec2/interfaces.js';
import { activateCluster } from './activation.js';
import type { ClusterCertificateSet } from './certificates.js';
import { BACKUP_INTERVAL, DAY, type ResolvedOptions } from './options.js';
import { takeBackup, updateBackup } from './store/backups.js';
import { findCluster, setClusterState, updateCluster, type ClusterRow } from './store/clusters.js';
import { setHsmState, type HsmRow } from './store/hsms.js';
import { dropTags } from './store/tags.js';

/** Certificates generated (outside the transaction) for first HSMs about to become ACTIVE, by HSM id. */
export type PreparedCertificates = Map<string, ClusterCertificateSet>;

/** Backs up an ACTIVE cluster that has an HSM to back up, and restarts its 24-hour clock. */
export function backupCluster(db: Db, cluster: ClusterRow, now: number, opts: ResolvedOptions): void {
  updateCluster(db, cluster.cluster_id, { next_backup_at: now + BACKUP_INTERVAL });
  takeBackup(db, cluster, now, opts.timings.backupCreate);
}

/** First HSMs of uninitialized clusters that are due: they need certificates before turning ACTIVE. */
export function hsmsNeedingCertificates(db: Db, now: number): Array<{ hsm: HsmRow; cluster: ClusterRow }> {
  const hsms = db
    .prepare(
      `SELECT h.* FROM cloudhsm_hsms h JOIN cloudhsm_clusters c ON c.cluster_id = h.cluster_id
    WHERE h.transition_due_at <= ? AND h.state = 'CREATE_IN_PROGRESS' AND c.state = 'UNINITIALIZED' AND c.cluster_csr IS NULL`,
    )
    .all(now) as HsmRow[];
  return hsms.map((hsm) => ({ hsm, cluster: findCluster(db, hsm.cluster_id)! }));
}

export function applyDueTransitions(db: Db, now: number, opts: ResolvedOptions, certs: PreparedCertificates): void {
  for (const c of db.prepare('SELECT * FROM cloudhsm_clusters WHERE transition_due_at <= ?').all(now) as ClusterRow[]) {
    advanceCluster(db, c, now, opts);
  }
  for (const h of db.prepare('SELECT * FROM cloudhsm_hsms WHERE transition_due_at <= ?').all(now) as HsmRow[]) {
    advanceHsm(db, h, now, opts, certs);
  }
  for (const b of db
    .prepare("SELECT backup_id FROM cloudhsm_backups WHERE transition_due_at <= ? AND state = 'CREATE_IN_PROGRESS'")
    .all(now) as { backup_id: string }[]) {
    updateBackup(db, b.backup_id, { state: 'READY', transition_due_at: null });
  }
  for (const c of db.prepare("SELECT * FROM cloudhsm_clusters WHERE next_backup_at <= ? AND state = 'ACTIVE'").all(now) as ClusterRow[]) {
    const hasHsm = db.prepare("SELECT 1 FROM cloudhsm_hsms WHERE cluster_id = ? AND state = 'ACTIVE'").get(c.cluster_id);
    if (hasHsm) backupCluster(db, c, now, opts);
    else updateCluster(db, c.cluster_id, { next_backup_at: now + BACKUP_INTERVAL });
  }
  purgeDeletedBackups(db, now);
}

function advanceCluster(db: Db, c: ClusterRow, now: number, opts: ResolvedOptions): void {
  switch (c.state) {
    case 'CREATE_IN_PROGRESS':
      // A cluster restored from a backup is already initialized and activated: it becomes ACTIVE.
      if (c.source_backup_id) setClusterState(db, c.cluster_id, 'ACTIVE', null, { next_backup_at: now + BACKUP_INTERVAL });
      else setClusterState(db, c.cluster_id, 'UNINITIALIZED', null);
      return;
    case 'INITIALIZE_IN_PROGRESS': {
      const auto = opts.autoActivateAfterMs;
      setClusterState(db, c.cluster_id, 'INITIALIZED', auto === undefined ? null : now + auto, {
        cluster_csr: null,
        hsm_certificate: null,
        aws_hardware_certificate: null,
        manufacturer_hardware_certificate: null,
      });
      return;
    }
    case 'INITIALIZED':
      activateCluster(db, c.cluster_id, { now, timings: opts.timings });
      return;
    case 'MODIFY_IN_PROGRESS':
      db.prepare('UPDATE cloudhsm_hsms SET hsm_type = ? WHERE cluster_id = ?').run(c.hsm_type, c.cluster_id);
      setClusterState(db, c.cluster_id, 'ACTIVE', null, { rollback_expiration: now + DAY });
      return;
    case 'ROLLBACK_IN_PROGRESS':
      db.prepare('UPDATE cloudhsm_hsms SET hsm_type = ? WHERE cluster_id = ?').run(c.hsm_type, c.cluster_id);
      setClusterState(db, c.cluster_id, 'ACTIVE', null, { previous_hsm_type: null, rollback_expiration: null });
      return;
    case 'DELETE_IN_PROGRESS':
      // Deleted clusters disappear; their backups stay (as on AWS) and keep their ClusterId.
      dropTags(db, c.cluster_id);
      db.prepare('DELETE FROM cloudhsm_clusters WHERE cluster_id = ?').run(c.cluster_id);
      deleteSecurityGroup(db, c.security_group);
      return;
    default:
      updateCluster(db, c.cluster_id, { transition_due_at: null });
  }
}

function advanceHsm(db: Db, h: HsmRow, now: number, opts: ResolvedOptions, certs: PreparedCertificates): void {
  const cluster = findCluster(db, h.cluster_id)!;
  if (h.state === 'CREATE_IN_PROGRESS') {
    if (cluster.state === 'UNINITIALIZED' && !cluster.cluster_csr) {
      const set = certs.get(h.hsm_id);
      if (!set) return; // certificates not generated yet: the next tick prepares them
      updateCluster(db, cluster.cluster_id, {
        cluster_key: set.clusterKey,
        cluster_csr: set.ClusterCsr,
        hsm_certificate: set.HsmCertificate,
        aws_hardware_certificate: set.AwsHardwareCertificate,
        manufacturer_hardware_certificate: set.ManufacturerHardwareCertificate,
      });
    }
    setHsmState(db, h.hsm_id, 'ACTIVE', null);
    if (cluster.state === 'ACTIVE') backupCluster(db, cluster, now, opts);
  } else if (h.state === 'DELETE_IN_PROGRESS') {
    db.prepare('DELETE FROM cloudhsm_hsms WHERE hsm_id = ?').run(h.hsm_id);
    deleteNetworkInterface(db, h.eni_id);
    if (cluster.state === 'ACTIVE') backupCluster(db, cluster, now, opts);
  } else {
    db.prepare('UPDATE cloudhsm_hsms SET transition_due_at = NULL WHERE hsm_id = ?').run(h.hsm_id);
  }
}

/**
 * Retention: READY backups older than their cluster's retention go to PENDING_DELETION, except
 * NeverExpires ones and each cluster's most recent backup. Copies (no cluster) never expire.
 */
export function expireBackups(db: Db, now: number, pendingWindow: number): number {
  const expired = db
    .prepare(
      `SELECT b.backup_id FROM cloudhsm_backups b JOIN cloudhsm_clusters c ON c.cluster_id = b.cluster_id
    WHERE b.state = 'READY' AND b.never_expires = 0 AND b.create_time < ? - c.retention_days * ${DAY}
      AND b.backup_id <> (SELECT l.backup_id FROM cloudhsm_backups l WHERE l.cluster_id = b.cluster_id AND l.state = 'READY'
                          ORDER BY l.create_time DESC, l.backup_id DESC LIMIT 1)`,
    )
    .all(now) as { backup_id: string }[];
  for (const b of expired) updateBackup(db, b.backup_id, { state: 'PENDING_DELETION', delete_time: now + pendingWindow });
  return expired.length;
}

function purgeDeletedBackups(db: Db, now: number): void {
  const gone = db.prepare("SELECT backup_id FROM cloudhsm_backups WHERE delete_time <= ? AND state = 'PENDING_DELETION'").all(now) as {
    backup_id: string;
  }[];
  for (const b of gone) {
    dropTags(db, b.backup_id);
    db.prepare('DELETE FROM cloudhsm_backups WHERE backup_id = ?').run(b.backup_id);
  }
}
