import { ServiceError } from '../../errors/service-error.js';
import { activateCluster, createSubnet, createVpc } from '../cloudhsmv2/service.js';
import { NetworkError } from '../ec2/network.js';
import type { CallContext } from '../service.js';
import type { AdminActions } from './provider.js';

/** EC2-style network errors become the admin API's 400s with EC2's code and message. */
function network<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NetworkError) throw new ServiceError(err.code, err.message, { status: 400 });
    throw err;
  }
}

/** The admin actions CloudHSM and EC2 own; trail flushing is supplied by the CloudTrail service. */
export function cloudHsmAdminActions(opts: { flushTrails: AdminActions['flushTrails'] }): AdminActions {
  return {
    activateCluster(call: CallContext, clusterId: string) {
      const cluster = activateCluster(call.db, clusterId, { now: call.now.getTime() });
      return { ClusterId: cluster.cluster_id, State: cluster.state };
    },
    createVpc: (call, cidr) =>
      network(() => {
        const vpc = createVpc(call.db, { region: call.region, cidr, ownerId: call.accountId });
        return { VpcId: vpc.vpc_id, CidrBlock: vpc.cidr };
      }),
    createSubnet: (call, input) =>
      network(() => {
        const subnet = createSubnet(call.db, {
          region: call.region,
          vpcId: input.VpcId,
          az: input.AvailabilityZone,
          cidr: input.CidrBlock,
        });
        return { SubnetId: subnet.subnet_id, VpcId: subnet.vpc_id, AvailabilityZone: subnet.az, CidrBlock: subnet.cidr };
      }),
    flushTrails: opts.flushTrails,
  };
}
