import type { Db } from '../../../storage/sqlite/database.js';
import type { Certificates, Cluster, ClusterMode, ClusterState, NetworkType, Tag } from '../../../protocol/generated/cloudhsmv2.js';
import { clusterNotFound } from '../errors.js';
import { toHsm, type HsmRow } from './hsms.js';

export interface ClusterRow {
  cluster_id: string;
  account_id: string;
  region: string;
  create_time: number;
  state: ClusterState;
  state_message: string | null;
  transition_due_at: number | null;
  hsm_type: string;
  previous_hsm_type: string | null;
  rollback_expiration: number | null;
  mode: ClusterMode;
  network_type: NetworkType;
  vpc_id: string;
  security_group: string;
  /** JSON object AZ → subnet id. */
  subnet_mapping: string;
  retention_days: number;
  source_backup_id: string | null;
  cluster_key: string | null;
  cluster_csr: string | null;
  hsm_certificate: string | null;
  aws_hardware_certificate: string | null;
  manufacturer_hardware_certificate: string | null;
  cluster_certificate: string | null;
  trust_anchor: string | null;
  next_backup_at: number | null;
}

/** StateMessage per state; the INITIALIZE and DELETE texts are AWS's documented ones. */
export const CLUSTER_MESSAGES: Partial<Record<ClusterState, string>> = {
  CREATE_IN_PROGRESS: 'The cluster is being created.',
  UNINITIALIZED: 'The cluster is uninitialized. Create an HSM, then initialize the cluster.',
  INITIALIZE_IN_PROGRESS: 'Cluster is initializing. State will change to INITIALIZED upon completion.',
  INITIALIZED: 'The cluster is initialized. Activate it with the CloudHSM CLI to start using it.',
  ACTIVE: 'The cluster is ready for use.',
  MODIFY_IN_PROGRESS: 'The cluster is being modified.',
  ROLLBACK_IN_PROGRESS: 'The cluster modification is being rolled back.',
  DELETE_IN_PROGRESS: 'The cluster is being deleted.',
};

export function getCluster(db: Db, accountId: string, region: string, clusterId: string): ClusterRow {
  const row = db
    .prepare('SELECT * FROM cloudhsm_clusters WHERE cluster_id = ? AND account_id = ? AND region = ?')
    .get(clusterId, accountId, region) as ClusterRow | undefined;
  if (!row) throw clusterNotFound(clusterId);
  return row;
}

export const findCluster = (db: Db, clusterId: string): ClusterRow | undefined =>
  db.prepare('SELECT * FROM cloudhsm_clusters WHERE cluster_id = ?').get(clusterId) as ClusterRow | undefined;

/** Clusters in a region, counted no further than `upTo` (the quota), so the check stays flat as state grows. */
export const countClusters = (db: Db, accountId: string, region: string, upTo: number): number =>
  (
    db
      .prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM cloudhsm_clusters WHERE account_id = ? AND region = ? LIMIT ?)')
      .get(accountId, region, upTo) as { n: number }
  ).n;

export function insertCluster(db: Db, row: ClusterRow): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO cloudhsm_clusters (${cols.join(',')}) VALUES (${cols.map((c) => '@' + c).join(',')})`).run(row);
}

/** Partial update of the given columns. */
export function updateCluster(db: Db, clusterId: string, set: Partial<ClusterRow>): void {
  const cols = Object.keys(set);
  if (cols.length === 0) return;
  db.prepare(`UPDATE cloudhsm_clusters SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE cluster_id = @cluster_id`).run({
    ...set,
    cluster_id: clusterId,
  });
}

export function setClusterState(
  db: Db,
  clusterId: string,
  state: ClusterState,
  dueAt: number | null,
  extra: Partial<ClusterRow> = {},
): void {
  updateCluster(db, clusterId, { state, state_message: CLUSTER_MESSAGES[state] ?? null, transition_due_at: dueAt, ...extra });
}

/** The CSR and identity certificates exist only while UNINITIALIZED; afterwards only ClusterCertificate. */
function certificatesOf(r: ClusterRow): Certificates {
  if (r.state === 'UNINITIALIZED' && r.cluster_csr) {
    return {
      ClusterCsr: r.cluster_csr,
      HsmCertificate: r.hsm_certificate ?? undefined,
      AwsHardwareCertificate: r.aws_hardware_certificate ?? undefined,
      ManufacturerHardwareCertificate: r.manufacturer_hardware_certificate ?? undefined,
    };
  }
  return r.cluster_certificate ? { ClusterCertificate: r.cluster_certificate } : {};
}

export function toCluster(r: ClusterRow, hsms: HsmRow[], tags: Tag[]): Cluster {
  return {
    BackupPolicy: 'DEFAULT',
    BackupRetentionPolicy: { Type: 'DAYS', Value: String(r.retention_days) },
    ClusterId: r.cluster_id,
    CreateTimestamp: new Date(r.create_time),
    Hsms: hsms.map(toHsm),
    HsmType: r.hsm_type,
    HsmTypeRollbackExpiration: r.rollback_expiration !== null ? new Date(r.rollback_expiration) : undefined,
    SecurityGroup: r.security_group,
    SourceBackupId: r.source_backup_id ?? undefined,
    State: r.state,
    StateMessage: r.state_message ?? undefined,
    SubnetMapping: JSON.parse(r.subnet_mapping) as Record<string, string>,
    VpcId: r.vpc_id,
    NetworkType: r.network_type,
    Certificates: certificatesOf(r),
    TagList: tags.length > 0 ? tags : undefined,
    Mode: r.mode,
  };
}
