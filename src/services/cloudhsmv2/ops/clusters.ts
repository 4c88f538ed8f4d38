import { createSecurityGroup } from '../../ec2/provisioning.js';
import { model } from '../../../protocol/generated/cloudhsmv2.js';
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import type { ClusterChanges, ClusterRecord } from '../../../storage/ports/cloudhsm.js';
import type { Subnet } from '../../../storage/ports/network.js';
import { backupNotFound, invalidRequest, limitExceeded } from '../errors.js';
import { checkFilters } from '../filters.js';
import { cloudHsmId, parseBackupRef } from '../ids.js';
import { DEFAULT_RETENTION_DAYS } from '../options.js';
import { pageOf, positionOf } from '../pagination.js';
import { CLUSTER_MESSAGES, clusterState, getCluster, setClusterState, toCluster } from '../model/clusters.js';
import { checkTagList, putTags } from '../model/tags.js';
import { after, network, txOf, type OpContext } from './context.js';

const HSM_TYPES = ['hsm1.medium', 'hsm2m.medium'];
/** DescribeClusters' `states` filter values: the model's ClusterState enum. */
const CLUSTER_STATES = model.shapes.ClusterState!.enum!;

export async function renderCluster(ctx: OpContext, cluster: ClusterRecord): Promise<T.Cluster> {
  const tx = txOf(ctx);
  return toCluster(cluster, await tx.cloudhsmHsms.ofCluster(cluster.clusterId), await tx.cloudhsmTags.of(cluster.clusterId));
}

/** BackupRetentionPolicy: type DAYS, 7–379 days. */
export function retentionDays(policy: T.BackupRetentionPolicy): number {
  if (policy.Type !== 'DAYS' || policy.Value === undefined) {
    throw invalidRequest('BackupRetentionPolicy must specify Type DAYS and a Value.');
  }
  const days = Number(policy.Value);
  if (!Number.isInteger(days) || days < 7 || days > 379) {
    throw invalidRequest(`Invalid BackupRetentionPolicy value '${policy.Value}'. The value must be between 7 and 379 days.`);
  }
  return days;
}

function checkHsmType(ctx: OpContext, hsmType: string): void {
  if (!HSM_TYPES.includes(hsmType))
    throw invalidRequest(`HsmType '${hsmType}' is not supported. Supported types: ${HSM_TYPES.join(', ')}.`);
  if (hsmType === 'hsm1.medium' && !ctx.opts.allowHsm1ForNewClusters) {
    throw invalidRequest('New clusters cannot be created with HsmType hsm1.medium. Use hsm2m.medium.');
  }
}

/** SubnetIds: existing subnets of this region, one VPC, at most one per Availability Zone. */
async function resolveSubnets(ctx: OpContext, ids: string[]): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  for (const id of ids) {
    const subnet = await txOf(ctx).network.subnet(id);
    if (!subnet || subnet.region !== ctx.call.region) throw invalidRequest(`The subnet ID '${id}' does not exist.`);
    if (subnets.some((s) => s.subnetId === id)) throw invalidRequest(`Subnet '${id}' is specified more than once.`);
    const az = subnet.availabilityZone;
    const sameAz = subnets.find((s) => s.availabilityZone === az);
    if (sameAz)
      throw invalidRequest(
        `Subnets ${sameAz.subnetId} and ${id} are both in Availability Zone ${az}. Specify at most one subnet per Availability Zone.`,
      );
    if (subnets.length > 0 && subnets[0]!.vpcId !== subnet.vpcId) {
      throw invalidRequest(
        `All subnets must be in the same VPC: ${subnets[0]!.subnetId} is in ${subnets[0]!.vpcId}, ${id} is in ${subnet.vpcId}.`,
      );
    }
    subnets.push(subnet);
  }
  return subnets;
}

/** A backup to create a cluster from: READY, in this region; another account's needs a full ARN. */
async function sourceBackup(ctx: OpContext, ref: string) {
  const arn = parseBackupRef(ref, ctx.call);
  if (!arn) throw invalidRequest(`Invalid SourceBackupId '${ref}'.`);
  const backup = await txOf(ctx).cloudhsmBackups.get(arn.id);
  if (!backup || backup.accountId !== arn.accountId || backup.region !== ctx.call.region || arn.region !== ctx.call.region) {
    throw backupNotFound(arn.id);
  }
  if (backup.accountId !== ctx.call.accountId && !backup.policy) throw backupNotFound(arn.id);
  if (backup.state !== 'READY')
    throw invalidRequest(`Backup '${arn.id}' is in state ${backup.state}; only READY backups can be restored into a cluster.`);
  return backup;
}

export async function createCluster(ctx: OpContext, input: T.CreateClusterRequest): Promise<T.CreateClusterResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const backup = input.SourceBackupId !== undefined ? await sourceBackup(ctx, input.SourceBackupId) : undefined;
  const hsmType = input.HsmType;
  if (backup) {
    if (!HSM_TYPES.includes(hsmType)) throw invalidRequest(`HsmType '${hsmType}' is not supported.`);
  } else checkHsmType(ctx, hsmType);
  const mode = backup?.mode ?? input.Mode ?? 'FIPS';
  if (input.Mode !== undefined && backup && input.Mode !== backup.mode)
    throw invalidRequest(`Mode must match the source backup's mode (${backup.mode}).`);
  if (mode === 'NON_FIPS' && hsmType !== 'hsm2m.medium') throw invalidRequest('NON_FIPS mode is supported only for HsmType hsm2m.medium.');
  if (input.NetworkType === 'DUALSTACK')
    throw invalidRequest('DUALSTACK network type requires subnets with an IPv6 CIDR block; the specified subnets have none.');
  const days = input.BackupRetentionPolicy ? retentionDays(input.BackupRetentionPolicy) : DEFAULT_RETENTION_DAYS;
  checkTagList(input.TagList ?? []);
  const subnets = await resolveSubnets(ctx, input.SubnetIds);
  const quota = opts.quotas.clustersPerRegion;
  if ((await tx.cloudhsmClusters.count(call.accountId, call.region, quota)) >= quota) {
    throw limitExceeded(`You have reached the limit of ${quota} clusters in ${call.region} for account ${call.accountId}.`);
  }
  const clusterId = cloudHsmId('cluster');
  const vpcId = subnets[0]!.vpcId;
  const sg = await network(() =>
    createSecurityGroup(tx.network, {
      vpcId,
      name: `cloudhsm-${clusterId}-sg`,
      description: `Security group for CloudHSM cluster ${clusterId}`,
      ownerId: call.accountId,
    }),
  );
  const cluster: ClusterRecord = {
    clusterId,
    accountId: call.accountId,
    region: call.region,
    createTime: new Date(ctx.now),
    state: 'CREATE_IN_PROGRESS',
    stateMessage: CLUSTER_MESSAGES.CREATE_IN_PROGRESS!,
    transitionDueAt: after(ctx, opts.timings.clusterCreate),
    hsmType,
    previousHsmType: null,
    rollbackExpiration: null,
    mode,
    networkType: input.NetworkType ?? 'IPV4',
    vpcId,
    securityGroup: sg.groupId,
    subnetMapping: Object.fromEntries(subnets.map((s) => [s.availabilityZone, s.subnetId])),
    retentionDays: days,
    sourceBackupId: backup?.backupId ?? null,
    clusterKey: null,
    clusterCsr: null,
    hsmCertificate: null,
    awsHardwareCertificate: null,
    manufacturerHardwareCertificate: null,
    clusterCertificate: backup?.clusterCertificate ?? null,
    trustAnchor: null,
    nextBackupAt: null,
  };
  await tx.cloudhsmClusters.insert(cluster);
  if (input.TagList?.length) await putTags(tx, clusterId, input.TagList, opts.quotas.tagsPerResource);
  return { Cluster: await renderCluster(ctx, cluster) };
}

export async function describeClusters(ctx: OpContext, input: T.DescribeClustersRequest): Promise<T.DescribeClustersResponse> {
  const { accountId, region } = ctx.call;
  const tx = txOf(ctx);
  const limit = input.MaxResults ?? 25;
  const position = positionOf(input.NextToken);
  const filter = checkFilters(input.Filters, { keys: ['clusterIds', 'vpcIds', 'states'], values: { states: CLUSTER_STATES } });
  const rows = await tx.cloudhsmClusters.list({
    accountId,
    region,
    filter: { ...filter, states: filter.states as T.ClusterState[] | undefined },
    after: position,
    limit: limit + 1,
  });
  const { page, next } = pageOf(rows, limit, (r) => ({ k: r.createTime.getTime(), id: r.clusterId }));
  const ids = page.map((r) => r.clusterId);
  const hsms = await tx.cloudhsmHsms.ofClusters(ids);
  const tags = await tx.cloudhsmTags.ofMany(ids);
  return { Clusters: page.map((r) => toCluster(r, hsms.get(r.clusterId) ?? [], tags.get(r.clusterId) ?? [])), NextToken: next };
}

export async function modifyCluster(ctx: OpContext, input: T.ModifyClusterRequest): Promise<T.ModifyClusterResponse> {
  const { call, opts, now } = ctx;
  const tx = txOf(ctx);
  const cluster = await getCluster(tx, call.accountId, call.region, input.ClusterId);
  if (input.HsmType === undefined && input.BackupRetentionPolicy === undefined) {
    throw invalidRequest('Specify HsmType, BackupRetentionPolicy, or both.');
  }
  if (cluster.state !== 'ACTIVE')
    throw invalidRequest(`Cluster '${cluster.clusterId}' is in state ${cluster.state}; it can be modified only when it is ACTIVE.`);
  const set: ClusterChanges = {};
  if (input.BackupRetentionPolicy) set.retentionDays = retentionDays(input.BackupRetentionPolicy);
  if (input.HsmType !== undefined && input.HsmType !== cluster.hsmType) {
    Object.assign(set, hsmTypeChange(cluster, input.HsmType, now, opts.timings.clusterModify));
  }
  await tx.cloudhsmClusters.update(cluster.clusterId, set);
  return { Cluster: await renderCluster(ctx, await getCluster(tx, call.accountId, call.region, cluster.clusterId)) };
}

/** hsm1.medium → hsm2m.medium migrates (rollback allowed for 24 h); going back in that window rolls back. */
function hsmTypeChange(cluster: ClusterRecord, hsmType: string, now: number, duration: number): ClusterChanges {
  const expiry = cluster.rollbackExpiration;
  const rollback = cluster.previousHsmType === hsmType && expiry !== null && now < expiry.getTime();
  const due = new Date(now + duration);
  if (rollback) return clusterState('ROLLBACK_IN_PROGRESS', due, { hsmType });
  if (cluster.hsmType !== 'hsm1.medium' || hsmType !== 'hsm2m.medium') {
    throw invalidRequest(
      `Cluster '${cluster.clusterId}' cannot be migrated from ${cluster.hsmType} to ${hsmType}. Only hsm1.medium to hsm2m.medium is supported.`,
    );
  }
  return clusterState('MODIFY_IN_PROGRESS', due, { previousHsmType: cluster.hsmType, hsmType });
}

const UNDELETABLE: T.ClusterState[] = [
  'DELETE_IN_PROGRESS',
  'DELETED',
  'INITIALIZE_IN_PROGRESS',
  'MODIFY_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
];

export async function deleteCluster(ctx: OpContext, input: T.DeleteClusterRequest): Promise<T.DeleteClusterResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const cluster = await getCluster(tx, call.accountId, call.region, input.ClusterId);
  if (UNDELETABLE.includes(cluster.state))
    throw invalidRequest(`Cluster '${cluster.clusterId}' is in state ${cluster.state} and cannot be deleted.`);
  if ((await tx.cloudhsmHsms.ofCluster(cluster.clusterId)).length > 0) {
    throw invalidRequest(`Cluster '${cluster.clusterId}' contains HSMs; delete all HSMs before deleting the cluster.`);
  }
  await setClusterState(tx, cluster.clusterId, 'DELETE_IN_PROGRESS', after(ctx, opts.timings.clusterDelete), { nextBackupAt: null });
  return { Cluster: await renderCluster(ctx, await getCluster(tx, call.accountId, call.region, cluster.clusterId)) };
}
