import { createNetworkInterface } from '../../ec2/provisioning.js';
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import type { ClusterRecord, HsmRecord } from '../../../storage/ports/cloudhsm.js';
import { hsmNotFound, invalidRequest, limitExceeded } from '../errors.js';
import { cloudHsmId } from '../ids.js';
import { getCluster } from '../model/clusters.js';
import { HSM_MESSAGES, setHsmState, toHsm } from '../model/hsms.js';
import { after, network, txOf, type OpContext } from './context.js';

/** CreateHsm is allowed on an UNINITIALIZED cluster without HSMs, or on an ACTIVE one. */
function checkCanAddHsm(cluster: ClusterRecord, hsms: HsmRecord[]): void {
  if (cluster.state === 'ACTIVE') return;
  const notYetActive: T.ClusterState[] = ['UNINITIALIZED', 'INITIALIZE_IN_PROGRESS', 'INITIALIZED'];
  if (notYetActive.includes(cluster.state) && hsms.length > 0) {
    // AWS's observed wording (Terraform provider issue #7437).
    throw invalidRequest(`Cluster '${cluster.clusterId}' already contains an HSM but has not yet been fully activated`);
  }
  if (cluster.state !== 'UNINITIALIZED') {
    throw invalidRequest(
      `Cluster '${cluster.clusterId}' is in state ${cluster.state}; HSMs can be created only in UNINITIALIZED or ACTIVE clusters.`,
    );
  }
}

export async function createHsm(ctx: OpContext, input: T.CreateHsmRequest): Promise<T.CreateHsmResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const cluster = await getCluster(tx, call.accountId, call.region, input.ClusterId);
  const hsms = await tx.cloudhsmHsms.ofCluster(cluster.clusterId);
  checkCanAddHsm(cluster, hsms);
  const mapping = cluster.subnetMapping;
  const subnetId = mapping[input.AvailabilityZone];
  if (!subnetId) {
    throw invalidRequest(
      `Availability Zone '${input.AvailabilityZone}' is not one of the cluster's Availability Zones (${Object.keys(mapping).join(', ')}).`,
    );
  }
  if (hsms.length >= opts.quotas.hsmsPerCluster) {
    throw limitExceeded(
      `Cluster '${cluster.clusterId}' already has ${hsms.length} HSMs; a cluster can have at most ${opts.quotas.hsmsPerCluster}.`,
    );
  }
  if ((await tx.cloudhsmHsms.countInRegion(call.accountId, call.region)) >= opts.quotas.hsmsPerRegion) {
    throw limitExceeded(`You have reached the limit of ${opts.quotas.hsmsPerRegion} HSMs in ${call.region} for account ${call.accountId}.`);
  }
  const hsmId = cloudHsmId('hsm');
  const eni = await network(() =>
    createNetworkInterface(tx.network, {
      subnetId,
      ip: input.IpAddress,
      description: `CloudHSM ENI for HSM ${hsmId}`,
      groupId: cluster.securityGroup,
      ownerId: call.accountId,
      requesterId: 'amazon-cloudhsm',
    }),
  );
  const hsm: HsmRecord = {
    hsmId,
    clusterId: cluster.clusterId,
    accountId: call.accountId,
    region: call.region,
    createTime: new Date(ctx.now),
    availabilityZone: input.AvailabilityZone,
    subnetId,
    eniId: eni.eniId,
    eniIp: eni.privateIp,
    hsmType: cluster.hsmType,
    state: 'CREATE_IN_PROGRESS',
    stateMessage: HSM_MESSAGES.CREATE_IN_PROGRESS!,
    transitionDueAt: after(ctx, opts.timings.hsmCreate),
  };
  await tx.cloudhsmHsms.insert(hsm);
  return { Hsm: toHsm(hsm) };
}

export async function deleteHsm(ctx: OpContext, input: T.DeleteHsmRequest): Promise<T.DeleteHsmResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const cluster = await getCluster(tx, call.accountId, call.region, input.ClusterId);
  if (input.HsmId === undefined && input.EniId === undefined && input.EniIp === undefined) {
    throw invalidRequest('Specify the HSM to delete with HsmId, EniId or EniIp.');
  }
  const hsm = (await tx.cloudhsmHsms.ofCluster(cluster.clusterId)).find(
    (h) =>
      (input.HsmId === undefined || h.hsmId === input.HsmId) &&
      (input.EniId === undefined || h.eniId === input.EniId) &&
      (input.EniIp === undefined || h.eniIp === input.EniIp),
  );
  if (!hsm) throw hsmNotFound(cluster.clusterId);
  if (hsm.state === 'DELETE_IN_PROGRESS') throw invalidRequest(`HSM '${hsm.hsmId}' is already being deleted.`);
  if (cluster.state === 'INITIALIZE_IN_PROGRESS') {
    throw invalidRequest(`Cluster '${cluster.clusterId}' is initializing; HSMs cannot be deleted until initialization completes.`);
  }
  await setHsmState(tx, hsm.hsmId, 'DELETE_IN_PROGRESS', after(ctx, opts.timings.hsmDelete));
  return { HsmId: hsm.hsmId };
}
