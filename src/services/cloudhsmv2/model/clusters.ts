import type { Certificates, Cluster, ClusterState, Tag } from '../../../protocol/generated/cloudhsmv2.js';
import type { ClusterChanges, ClusterRecord, HsmRecord } from '../../../storage/ports/cloudhsm.js';
import type { Repositories } from '../../../storage/ports.js';
import { clusterNotFound } from '../errors.js';
import { toHsm } from './hsms.js';

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

/** The caller's cluster in this region, or ClusterNotFound. */
export async function getCluster(tx: Repositories, accountId: string, region: string, clusterId: string): Promise<ClusterRecord> {
  const cluster = await tx.cloudhsmClusters.get(clusterId);
  if (!cluster || cluster.accountId !== accountId || cluster.region !== region) throw clusterNotFound(clusterId);
  return cluster;
}

/** A state change with its StateMessage and the time the lifecycle worker takes it on. */
export function clusterState(state: ClusterState, dueAt: Date | null, extra: ClusterChanges = {}): ClusterChanges {
  return { state, stateMessage: CLUSTER_MESSAGES[state] ?? null, transitionDueAt: dueAt, ...extra };
}

export async function setClusterState(
  tx: Repositories,
  clusterId: string,
  state: ClusterState,
  dueAt: Date | null,
  extra: ClusterChanges = {},
): Promise<void> {
  await tx.cloudhsmClusters.update(clusterId, clusterState(state, dueAt, extra));
}

/** The CSR and identity certificates exist only while UNINITIALIZED; afterwards only ClusterCertificate. */
function certificatesOf(r: ClusterRecord): Certificates {
  if (r.state === 'UNINITIALIZED' && r.clusterCsr) {
    return {
      ClusterCsr: r.clusterCsr,
      HsmCertificate: r.hsmCertificate ?? undefined,
      AwsHardwareCertificate: r.awsHardwareCertificate ?? undefined,
      ManufacturerHardwareCertificate: r.manufacturerHardwareCertificate ?? undefined,
    };
  }
  return r.clusterCertificate ? { ClusterCertificate: r.clusterCertificate } : {};
}

export function toCluster(r: ClusterRecord, hsms: HsmRecord[], tags: Tag[]): Cluster {
  return {
    BackupPolicy: 'DEFAULT',
    BackupRetentionPolicy: { Type: 'DAYS', Value: String(r.retentionDays) },
    ClusterId: r.clusterId,
    CreateTimestamp: r.createTime,
    Hsms: hsms.map(toHsm),
    HsmType: r.hsmType,
    HsmTypeRollbackExpiration: r.rollbackExpiration ?? undefined,
    SecurityGroup: r.securityGroup,
    SourceBackupId: r.sourceBackupId ?? undefined,
    State: r.state,
    StateMessage: r.stateMessage ?? undefined,
    SubnetMapping: r.subnetMapping,
    VpcId: r.vpcId,
    NetworkType: r.networkType,
    Certificates: certificatesOf(r),
    TagList: tags.length > 0 ? tags : undefined,
    Mode: r.mode,
  };
}
