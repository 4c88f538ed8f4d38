/**
 * InitializeCluster in two steps: the certificate checks (async crypto) run before the write
 * transaction, on a read snapshot; the state change re-checks that nothing moved in between.
 */
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import type { ClusterRecord } from '../../../storage/ports/cloudhsm.js';
import { verifyInitializeCluster } from '../certificates.js';
import { invalidRequest } from '../errors.js';
import { CLUSTER_MESSAGES, getCluster, setClusterState } from '../model/clusters.js';
import { after, txOf, type OpContext } from './context.js';

export interface VerifiedInitialization {
  clusterId: string;
  csr: string;
  clusterCertificate: string;
}

function checkInitializable(cluster: ClusterRecord): string {
  if (cluster.state !== 'UNINITIALIZED') throw invalidRequest(`Cluster '${cluster.clusterId}' is not in UNINITIALIZED state.`);
  if (!cluster.clusterCsr) {
    throw invalidRequest(
      `Cluster '${cluster.clusterId}' has no cluster CSR yet. Create an HSM and wait until it is ACTIVE before initializing the cluster.`,
    );
  }
  return cluster.clusterCsr;
}

export async function verifyInitialization(ctx: OpContext, input: T.InitializeClusterRequest): Promise<VerifiedInitialization> {
  const { accountId, region } = ctx.call;
  const cluster = await ctx.call.read((tx) => getCluster(tx, accountId, region, input.ClusterId));
  const csr = checkInitializable(cluster);
  const clusterCertificate = await verifyInitializeCluster({
    csrPem: csr,
    signedCertPem: input.SignedCert,
    trustAnchorPem: input.TrustAnchor,
    now: new Date(ctx.now),
  });
  return { clusterId: cluster.clusterId, csr, clusterCertificate };
}

export async function commitInitialization(
  ctx: OpContext,
  input: T.InitializeClusterRequest,
  verified: VerifiedInitialization,
): Promise<T.InitializeClusterResponse> {
  const { call, opts } = ctx;
  const tx = txOf(ctx);
  const cluster = await getCluster(tx, call.accountId, call.region, input.ClusterId);
  if (checkInitializable(cluster) !== verified.csr)
    throw invalidRequest(`Cluster '${cluster.clusterId}' changed while it was being initialized. Retry.`);
  await setClusterState(tx, cluster.clusterId, 'INITIALIZE_IN_PROGRESS', after(ctx, opts.timings.clusterInitialize), {
    clusterCertificate: verified.clusterCertificate,
    trustAnchor: input.TrustAnchor,
  });
  return { State: 'INITIALIZE_IN_PROGRESS', StateMessage: CLUSTER_MESSAGES.INITIALIZE_IN_PROGRESS };
}
