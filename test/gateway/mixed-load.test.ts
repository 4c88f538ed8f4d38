import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudHSMV2Client, CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * Reads on the snapshot beside writes in the queue: under a concurrent mix every call is answered and
 * recorded exactly once, and nothing deadlocks.
 */
describe('reads beside writes', { timeout: 180_000 }, () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness({ env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000' } });
  });
  afterAll(() => h.close());

  it('answers and records every read and every write of a concurrent mix', async () => {
    const hsm = new CloudHSMV2Client(h.clientConfig());
    const subnets = await new EC2Client(h.clientConfig()).send(new DescribeSubnetsCommand({}));
    const subnet = subnets.Subnets![0]!.SubnetId!;
    const creates = Array.from({ length: 20 }, () => hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet] })));
    const reads = Array.from({ length: 60 }, () => hsm.send(new DescribeClustersCommand({})));
    const created = await Promise.all(creates);
    const answered = await Promise.all(reads);
    expect(created.every((c) => c.Cluster?.ClusterId)).toBe(true);
    expect(answered.every((r) => Array.isArray(r.Clusters))).toBe(true);
    const names = h.records().map((r) => r.eventName);
    expect(names.filter((n) => n === 'CreateCluster')).toHaveLength(20);
    expect(names.filter((n) => n === 'DescribeClusters')).toHaveLength(60);
  });
});
