import { ServiceError } from '../../errors/service-error.js';
import { activateCluster } from '../cloudhsmv2/service.js';
import { createSubnet, createVpc, NetworkError } from '../ec2/network.js';
import type { CallContext } from '../service.js';
import type { AdminActions } from './provider.js';

/** EC2-style network errors become the admin API's 400s with EC2's code and message. */
async function network<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NetworkError) throw new ServiceError(err.code, err.message, { status: 400 });
    throw err;
  }
}

/** The admin actions CloudHSM and EC2 own; trail flushing is supplied by the CloudTrail service. */
export function cloudHsmAdminActions(opts: { flushTrails: AdminActions['flushTrails'] }): AdminActions {
  return {
    async activateCluster(call: CallContext, clusterId: string) {
      const cluster = await activateCluster(call.tx, clusterId, { now: call.now.getTime() });
      return { ClusterId: cluster.clusterId, State: cluster.state };
    },
    createVpc: (call, cidr) =>
      network(async () => {
        const vpc = await createVpc(call.tx.network, { region: call.region, cidr, ownerId: call.accountId });
        return { VpcId: vpc.vpcId, CidrBlock: vpc.cidr };
      }),
    createSubnet: (call, input) =>
      network(async () => {
        const subnet = await createSubnet(call.tx.network, {
          region: call.region,
          vpcId: input.VpcId,
          az: input.AvailabilityZone,
          cidr: input.CidrBlock,
        });
        return { SubnetId: subnet.subnetId, VpcId: subnet.vpcId, AvailabilityZone: subnet.availabilityZone, CidrBlock: subnet.cidr };
      }),
    flushTrails: opts.flushTrails,
  };
}
