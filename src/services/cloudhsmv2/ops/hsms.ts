import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { createNetworkInterface } from '../../ec2/interfaces.js';
import { hsmNotFound, invalidRequest, limitExceeded } from '../errors.js';
import { cloudHsmId } from '../ids.js';
import { getCluster, type ClusterRow } from '../store/clusters.js';
import { countHsmsInRegion, HSM_MESSAGES, hsmsOfCluster, insertHsm, setHsmState, toHsm, type HsmRow } from '../store/hsms.js';
import { network, type OpContext } from './context.js';

/** CreateHsm is allowed on an UNINITIALIZED cluster without HSMs, or on an ACTIVE one. */
function checkCanAddHsm(cluster: ClusterRow, hsms: HsmRow[]): void {
  if (cluster.state === 'ACTIVE') return;
  const notYetActive: T.ClusterState[] = ['UNINITIALIZED', 'INITIALIZE_IN_PROGRESS', 'INITIALIZED'];
  if (notYetActive.includes(cluster.state) && hsms.length > 0) {
    // AWS's observed wording (Terraform provider issue #7437).
    throw invalidRequest(`Cluster '${cluster.cluster_id}' already contains an HSM but has not yet been fully activated`);
  }
  if (cluster.state !== 'UNINITIALIZED') {
    throw invalidRequest(
      `Cluster '${cluster.cluster_id}' is in state ${cluster.state}; HSMs can be created only in UNINITIALIZED or ACTIVE clusters.`,
    );
  }
}

export function createHsm(ctx: OpContext, input: T.CreateHsmRequest): T.CreateHsmResponse {
  const { call, opts, now } = ctx;
  const cluster = getCluster(call.db, call.accountId, call.region, input.ClusterId);
  const hsms = hsmsOfCluster(call.db, cluster.cluster_id);
  checkCanAddHsm(cluster, hsms);
  const mapping = JSON.parse(cluster.subnet_mapping) as Record<string, string>;
  const subnetId = mapping[input.AvailabilityZone];
  if (!subnetId) {
    throw invalidRequest(
      `Availability Zone '${input.AvailabilityZone}' is not one of the cluster's Availability Zones (${Object.keys(mapping).join(', ')}).`,
    );
  }
  if (hsms.length >= opts.quotas.hsmsPerCluster) {
    throw limitExceeded(
      `Cluster '${cluster.cluster_id}' already has ${hsms.length} HSMs; a cluster can have at most ${opts.quotas.hsmsPerCluster}.`,
    );
  }
  if (countHsmsInRegion(call.db, call.accountId, call.region) >= opts.quotas.hsmsPerRegion) {
    throw limitExceeded(`You have reached the limit of ${opts.quotas.hsmsPerRegion} HSMs in ${call.region} for account ${call.accountId}.`);
  }
  const hsmId = cloudHsmId('hsm');
  const eni = network(() =>
    createNetworkInterface(call.db, {
      subnetId,
      ip: input.IpAddress,
      description: `CloudHSM ENI for HSM ${hsmId}`,
      groupId: cluster.security_group,
      ownerId: call.accountId,
      requesterId: 'amazon-cloudhsm',
    }),
  );
  const row: HsmRow = {
    hsm_id: hsmId,
    cluster_id: cluster.cluster_id,
    account_id: call.accountId,
    region: call.region,
    create_time: now,
    availability_zone: input.AvailabilityZone,
    subnet_id: subnetId,
    eni_id: eni.eni_id,
    eni_ip: eni.private_ip,
    hsm_type: cluster.hsm_type,
    state: 'CREATE_IN_PROGRESS',
    state_message: HSM_MESSAGES.CREATE_IN_PROGRESS!,
    transition_due_at: now + opts.timings.hsmCreate,
  };
  insertHsm(call.db, row);
  return { Hsm: toHsm(row) };
}

export function deleteHsm(ctx: OpContext, input: T.DeleteHsmRequest): T.DeleteHsmResponse {
  const { call, opts, now } = ctx;
  const cluster = getCluster(call.db, call.accountId, call.region, input.ClusterId);
  if (input.HsmId === undefined && input.EniId === undefined && input.EniIp === undefined) {
    throw invalidRequest('Specify the HSM to delete with HsmId, EniId or EniIp.');
  }
  const hsm = hsmsOfCluster(call.db, cluster.cluster_id).find(
    (h) =>
      (input.HsmId === undefined || h.hsm_id === input.HsmId) &&
      (input.EniId === undefined || h.eni_id === input.EniId) &&
      (input.EniIp === undefined || h.eni_ip === input.EniIp),
  );
  if (!hsm) throw hsmNotFound(cluster.cluster_id);
  if (hsm.state === 'DELETE_IN_PROGRESS') throw invalidRequest(`HSM '${hsm.hsm_id}' is already being deleted.`);
  if (cluster.state === 'INITIALIZE_IN_PROGRESS') {
    throw invalidRequest(`Cluster '${cluster.cluster_id}' is initializing; HSMs cannot be deleted until initialization completes.`);
  }
  setHsmState(call.db, hsm.hsm_id, 'DELETE_IN_PROGRESS', now + opts.timings.hsmDelete);
  return { HsmId: hsm.hsm_id };
}
