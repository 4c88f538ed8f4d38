/**
 * INITIALIZED → ACTIVE. On AWS this happens through the data plane (`cluster activate` in the
 * CloudHSM CLI), which no control-plane API exposes; hsmtrail offers it as an admin function
 * (`hsmtrail hsm activate`) and, optionally, automatically after initialization.
 */
import type { ClusterRecord } from '../../storage/ports/cloudhsm.js';
import type { Repositories } from '../../storage/ports.js';
import { clusterNotFound, invalidRequest } from './errors.js';
import { BACKUP_INTERVAL, type Timings } from './options.js';
import { takeBackup } from './model/backups.js';
import { setClusterState } from './model/clusters.js';

/** Run inside a write transaction. Activation takes a backup, as AWS does. */
export async function activateCluster(
  tx: Repositories,
  clusterId: string,
  opts: { now?: number; timings?: Timings } = {},
): Promise<ClusterRecord> {
  const now = opts.now ?? Date.now();
  const cluster = await tx.cloudhsmClusters.get(clusterId);
  if (!cluster) throw clusterNotFound(clusterId);
  if (cluster.state !== 'INITIALIZED')
    throw invalidRequest(`Cluster '${clusterId}' is in state ${cluster.state}; only INITIALIZED clusters can be activated.`);
  await setClusterState(tx, clusterId, 'ACTIVE', null, { nextBackupAt: new Date(now + BACKUP_INTERVAL) });
  const activated = (await tx.cloudhsmClusters.get(clusterId))!;
  await takeBackup(tx, activated, now, opts.timings?.backupCreate ?? 500);
  return activated;
}
