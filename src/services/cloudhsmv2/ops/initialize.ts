/**
 * InitializeCluster in two steps: the certificate checks (async crypto) run before the write
 * transaction; the state change re-checks that nothing moved in between.
 */
import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { verifyInitializeCluster } from '../certificates.js';
import { invalidRequest } from '../errors.js';
import { CLUSTER_MESSAGES, getCluster, setClusterState, type ClusterRow } from '../store/clusters.js';
import type { OpContext } from './context.js';

export interface VerifiedInitialization {
  clusterId: string;
  csr: string;
  clusterCertificate: string;
}

function checkInitializable(row: ClusterRow): string {
  if (row.state !== 'UNINITIALIZED') throw invalidRequest(`Cluster '${row.cluster_id}' is not in UNINITIALIZED state.`);
  if (!row.cluster_csr) {
    throw invalidRequest(
      `Cluster '${row.cluster_id}' has no cluster CSR yet. Create an HSM and wait until it is ACTIVE before initializing the cluster.`,
    );
  }
  return row.cluster_csr;
}

export async function verifyInitialization(ctx: OpContext, input: T.InitializeClusterRequest): Promise<VerifiedInitialization> {
  const row = getCluster(ctx.call.db, ctx.call.accountId, ctx.call.region, input.ClusterId);
  const csr = checkInitializable(row);
  const clusterCertificate = await verifyInitializeCluster({
    csrPem: csr,
    signedCertPem: input.SignedCert,
    trustAnchorPem: input.TrustAnchor,
    now: new Date(ctx.now),
  });
  return { clusterId: row.cluster_id, csr, clusterCertificate };
}

export function commitInitialization(
  ctx: OpContext,
  input: T.InitializeClusterRequest,
  verified: VerifiedInitialization,
): T.InitializeClusterResponse {
  const { call, opts, now } = ctx;
  const row = getCluster(call.db, call.accountId, call.region, input.ClusterId);
  if (checkInitializable(row) !== verified.csr)
    throw invalidRequest(`Cluster '${row.cluster_id}' changed while it was being initialized. Retry.`);
  setClusterState(call.db, row.cluster_id, 'INITIALIZE_IN_PROGRESS', now + opts.timings.clusterInitialize, {
    cluster_certificate: verified.clusterCertificate,
    trust_anchor: input.TrustAnchor,
  });
  return { State: 'INITIALIZE_IN_PROGRESS', StateMessage: CLUSTER_MESSAGES.INITIALIZE_IN_PROGRESS };
}
