/**
 * INITIALIZED → ACTIVE. On AWS this happens through the data plane (`cluster activate` in the
 * CloudHSM CLI), which no control-plane API exposes; hsmtrail offers it as an admin function
 * (`hsmtrail hsm activate`) and, optionally, automatically after initialization.
 */
import type { Db } from '../../storage/sqlite/database.js';
import { invalidRequest } from './errors.js';
import { BACKUP_INTERVAL, type Timings } from './options.js';
import { takeBackup } from './store/backups.js';
import { findCluster, setClusterState, type ClusterRow } from './store/clusters.js';
import { clusterNotFound } from './errors.js';

/** Run inside a transaction. Activation takes a backup, as AWS does. */
export function activateCluster(db: Db, clusterId: string, opts: { now?: number; timings?: Timings } = {}): ClusterRow {
  const now = opts.now ?? Date.now();
  const cluster = findCluster(db, clusterId);
  if (!cluster) throw clusterNotFound(clusterId);
  if (cluster.state !== 'INITIALIZED')
    throw invalidRequest(`Cluster '${clusterId}' is in state ${cluster.state}; only INITIALIZED clusters can be activated.`);
  setClusterState(db, clusterId, 'ACTIVE', null, { next_backup_at: now + BACKUP_INTERVAL });
  const activated = findCluster(db, clusterId)!;
  takeBackup(db, activated, now, opts.timings?.backupCreate ?? 500);
  return activated;
}
