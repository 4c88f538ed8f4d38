import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { ensureDefaultVpc, getSubnet, type SubnetRow } from '../../ec2/network.js';
import { createSecurityGroup } from '../../ec2/interfaces.js';
import { backupNotFound, invalidRequest, limitExceeded } from '../errors.js';
import { cloudHsmId, parseBackupRef } from '../ids.js';
import { DEFAULT_RETENTION_DAYS } from '../options.js';
import { pageOf } from '../pagination.js';
import { decodeToken } from '../pagination.js';
import { filterSql } from '../filters.js';
import { findBackup } from '../store/backups.js';
import {
  CLUSTER_MESSAGES,
  countClusters,
  getCluster,
  insertCluster,
  setClusterState,
  toCluster,
  updateCluster,
  type ClusterRow,
} from '../store/clusters.js';
import { hsmsOfCluster, hsmsOfClusters } from '../store/hsms.js';
import { checkTagList, putTags, tagsOf, tagsOfMany } from '../store/tags.js';
import { network, type OpContext } from './context.js';

const HSM_TYPES = ['hsm1.medium', 'hsm2m.medium'];
const CLUSTER_STATES: T.ClusterState[] = [
  'CREATE_IN_PROGRESS',
  'UNINITIALIZED',
  'INITIALIZE_IN_PROGRESS',
  'INITIALIZED',
  'ACTIVE',
  'UPDATE_IN_PROGRESS',
  'MODIFY_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'DELETED',
  'DEGRADED',
];

export function renderCluster(ctx: OpContext, row: ClusterRow): T.Cluster {
  return toCluster(row, hsmsOfCluster(ctx.call.db, row.cluster_id), tagsOf(ctx.call.db, row.cluster_id));
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
function resolveSubnets(ctx: OpContext, ids: string[]): SubnetRow[] {
  ensureDefaultVpc(ctx.call.db, ctx.call.region, ctx.call.accountId);
  const subnets: SubnetRow[] = [];
  for (const id of ids) {
    const subnet = getSubnet(ctx.call.db, id);
    if (!subnet || subnet.region !== ctx.call.region) throw invalidRequest(`The subnet ID '${id}' does not exist.`);
    if (subnets.some((s) => s.subnet_id === id)) throw invalidRequest(`Subnet '${id}' is specified more than once.`);
    const sameAz = subnets.find((s) => s.az === subnet.az);
    if (sameAz)
      throw invalidRequest(
        `Subnets ${sameAz.subnet_id} and ${id} are both in Availability Zone ${subnet.az}. Specify at most one subnet per Availability Zone.`,
      );
    if (subnets.length > 0 && subnets[0]!.vpc_id !== subnet.vpc_id) {
      throw invalidRequest(
        `All subnets must be in the same VPC: ${subnets[0]!.subnet_id} is in ${subnets[0]!.vpc_id}, ${id} is in ${subnet.vpc_id}.`,
      );
    }
    subnets.push(subnet);
  }
  return subnets;
}

/** A backup to create a cluster from: READY, in this region; another account's needs a full ARN. */
function sourceBackup(ctx: OpContext, ref: string) {
  const arn = parseBackupRef(ref, ctx.call);
  if (!arn) throw invalidRequest(`Invalid SourceBackupId '${ref}'.`);
  const backup = findBackup(ctx.call.db, arn.id);
  if (!backup || backup.account_id !== arn.accountId || backup.region !== ctx.call.region || arn.region !== ctx.call.region) {
    throw backupNotFound(arn.id);
  }
  if (backup.account_id !== ctx.call.accountId && !backup.policy) throw backupNotFound(arn.id);
  if (backup.state !== 'READY')
    throw invalidRequest(`Backup '${arn.id}' is in state ${backup.state}; only READY backups can be restored into a cluster.`);
  return backup;
}

export function createCluster(ctx: OpContext, input: T.CreateClusterRequest): T.CreateClusterResponse {
  const { call, opts, now } = ctx;
  const backup = input.SourceBackupId !== undefined ? sourceBackup(ctx, input.SourceBackupId) : undefined;
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
  const subnets = resolveSubnets(ctx, input.SubnetIds);
  if (countClusters(call.db, call.accountId, call.region, opts.quotas.clustersPerRegion) >= opts.quotas.clustersPerRegion) {
    throw limitExceeded(
      `You have reached the limit of ${opts.quotas.clustersPerRegion} clusters in ${call.region} for account ${call.accountId}.`,
    );
  }
  const clusterId = cloudHsmId('cluster');
  const sg = network(() =>
    createSecurityGroup(call.db, {
      vpcId: subnets[0]!.vpc_id,
      name: `cloudhsm-${clusterId}-sg`,
      description: `Security group for CloudHSM cluster ${clusterId}`,
      ownerId: call.accountId,
    }),
  );
  const row: ClusterRow = {
    cluster_id: clusterId,
    account_id: call.accountId,
    region: call.region,
    create_time: now,
    state: 'CREATE_IN_PROGRESS',
    state_message: CLUSTER_MESSAGES.CREATE_IN_PROGRESS!,
    transition_due_at: now + opts.timings.clusterCreate,
    hsm_type: hsmType,
    previous_hsm_type: null,
    rollback_expiration: null,
    mode,
    network_type: input.NetworkType ?? 'IPV4',
    vpc_id: subnets[0]!.vpc_id,
    security_group: sg.group_id,
    subnet_mapping: JSON.stringify(Object.fromEntries(subnets.map((s) => [s.az, s.subnet_id]))),
    retention_days: days,
    source_backup_id: backup?.backup_id ?? null,
    cluster_key: null,
    cluster_csr: null,
    hsm_certificate: null,
    aws_hardware_certificate: null,
    manufacturer_hardware_certificate: null,
    cluster_certificate: backup?.cluster_certificate ?? null,
    trust_anchor: null,
    next_backup_at: null,
  };
  insertCluster(call.db, row);
  if (input.TagList?.length) putTags(call.db, clusterId, input.TagList, opts.quotas.tagsPerResource);
  return { Cluster: renderCluster(ctx, row) };
}

export function describeClusters(ctx: OpContext, input: T.DescribeClustersRequest): T.DescribeClustersResponse {
  const { db, accountId, region } = ctx.call;
  const limit = input.MaxResults ?? 25;
  const cursor = decodeToken(input.NextToken);
  const f = filterSql(input.Filters, {
    columns: { clusterIds: 'cluster_id', vpcIds: 'vpc_id', states: 'state' },
    values: { states: CLUSTER_STATES },
  });
  const where = ['account_id = ?', 'region = ?', ...f.where];
  const args: unknown[] = [accountId, region, ...f.args];
  if (cursor) {
    where.push('(create_time, cluster_id) > (?, ?)');
    args.push(cursor.k, cursor.id ?? '');
  }
  const rows = db
    .prepare(`SELECT * FROM cloudhsm_clusters WHERE ${where.join(' AND ')} ORDER BY create_time, cluster_id LIMIT ?`)
    .all(...args, limit + 1) as ClusterRow[];
  const { page, next } = pageOf(rows, limit, (r) => ({ k: r.create_time, id: r.cluster_id }));
  const ids = page.map((r) => r.cluster_id);
  const hsms = hsmsOfClusters(db, ids);
  const tags = tagsOfMany(db, ids);
  return { Clusters: page.map((r) => toCluster(r, hsms.get(r.cluster_id) ?? [], tags.get(r.cluster_id) ?? [])), NextToken: next };
}

export function modifyCluster(ctx: OpContext, input: T.ModifyClusterRequest): T.ModifyClusterResponse {
  const { call, opts, now } = ctx;
  const row = getCluster(call.db, call.accountId, call.region, input.ClusterId);
  if (input.HsmType === undefined && input.BackupRetentionPolicy === undefined) {
    throw invalidRequest('Specify HsmType, BackupRetentionPolicy, or both.');
  }
  if (row.state !== 'ACTIVE')
    throw invalidRequest(`Cluster '${row.cluster_id}' is in state ${row.state}; it can be modified only when it is ACTIVE.`);
  const set: Partial<ClusterRow> = {};
  if (input.BackupRetentionPolicy) set.retention_days = retentionDays(input.BackupRetentionPolicy);
  if (input.HsmType !== undefined && input.HsmType !== row.hsm_type) {
    Object.assign(set, hsmTypeChange(row, input.HsmType, now, opts.timings.clusterModify));
  }
  updateCluster(call.db, row.cluster_id, set);
  return { Cluster: renderCluster(ctx, getCluster(call.db, call.accountId, call.region, row.cluster_id)) };
}

/** hsm1.medium → hsm2m.medium migrates (rollback allowed for 24 h); going back in that window rolls back. */
function hsmTypeChange(row: ClusterRow, hsmType: string, now: number, duration: number): Partial<ClusterRow> {
  const rollback = row.previous_hsm_type === hsmType && row.rollback_expiration !== null && now < row.rollback_expiration;
  if (rollback) {
    return {
      state: 'ROLLBACK_IN_PROGRESS',
      state_message: CLUSTER_MESSAGES.ROLLBACK_IN_PROGRESS!,
      transition_due_at: now + duration,
      hsm_type: hsmType,
    };
  }
  if (row.hsm_type !== 'hsm1.medium' || hsmType !== 'hsm2m.medium') {
    throw invalidRequest(
      `Cluster '${row.cluster_id}' cannot be migrated from ${row.hsm_type} to ${hsmType}. Only hsm1.medium to hsm2m.medium is supported.`,
    );
  }
  return {
    state: 'MODIFY_IN_PROGRESS',
    state_message: CLUSTER_MESSAGES.MODIFY_IN_PROGRESS!,
    transition_due_at: now + duration,
    previous_hsm_type: row.hsm_type,
    hsm_type: hsmType,
  };
}

const UNDELETABLE: T.ClusterState[] = [
  'DELETE_IN_PROGRESS',
  'DELETED',
  'INITIALIZE_IN_PROGRESS',
  'MODIFY_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
];

export function deleteCluster(ctx: OpContext, input: T.DeleteClusterRequest): T.DeleteClusterResponse {
  const { call, opts, now } = ctx;
  const row = getCluster(call.db, call.accountId, call.region, input.ClusterId);
  if (UNDELETABLE.includes(row.state)) throw invalidRequest(`Cluster '${row.cluster_id}' is in state ${row.state} and cannot be deleted.`);
  if (hsmsOfCluster(call.db, row.cluster_id).length > 0) {
    throw invalidRequest(`Cluster '${row.cluster_id}' contains HSMs; delete all HSMs before deleting the cluster.`);
  }
  setClusterState(call.db, row.cluster_id, 'DELETE_IN_PROGRESS', now + opts.timings.clusterDelete, { next_backup_at: null });
  return { Cluster: renderCluster(ctx, getCluster(call.db, call.accountId, call.region, row.cluster_id)) };
}
