import { describe, expect, it } from 'vitest';
import { model } from '../../protocol/generated/ec2.js';
import { validateOutput } from '../../protocol/validate.js';
import type { Tx } from '../../storage/ports.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import type { CallContext } from '../service.js';
import { createSubnet, createVpc } from './network.js';
import { Ec2Provider } from './provider.js';

function setup() {
  const store = new SqliteStore(':memory:');
  const call = (tx: Tx) => ({ accountId: '111122223333', region: 'eu-west-1', tx, now: new Date() }) as CallContext;
  /** Runs one provider call (or admin step) in its own write transaction, as the gateway does. */
  const run = <T>(fn: (call: CallContext, tx: Tx) => T | Promise<T>) => store.write((tx) => fn(call(tx), tx));
  return { store, run, p: new Ec2Provider() };
}

describe('EC2 read-only subset', () => {
  it('creates the default VPC lazily with one /20 default subnet per zone', async () => {
    const { run, p } = setup();
    const vpcs = await run((call) => p.DescribeVpcs({}, call));
    expect(validateOutput(model, 'DescribeVpcsResult', vpcs)).toEqual([]);
    expect(vpcs.Vpcs).toMatchObject([{ CidrBlock: '172.31.0.0/16', IsDefault: true, OwnerId: '111122223333' }]);
    expect(vpcs.Vpcs![0]!.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const subnets = await run((call) => p.DescribeSubnets({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }, call));
    expect(validateOutput(model, 'DescribeSubnetsResult', subnets)).toEqual([]);
    expect(subnets.Subnets!.map((s) => [s.AvailabilityZone, s.CidrBlock, s.AvailableIpAddressCount]).sort()).toEqual([
      ['eu-west-1a', '172.31.0.0/20', 4091],
      ['eu-west-1b', '172.31.16.0/20', 4091],
      ['eu-west-1c', '172.31.32.0/20', 4091],
    ]);
  });

  it('filters, rejects unknown ids and filters, and validates admin-created subnets', async () => {
    const { run, p } = setup();
    await run((call) => p.DescribeVpcs({}, call));
    const vpc = await run((_call, tx) => createVpc(tx.network, { region: 'eu-west-1', cidr: '10.1.0.0/16' }));
    await run((_call, tx) => createSubnet(tx.network, { region: 'eu-west-1', vpcId: vpc.vpcId, az: 'eu-west-1b', cidr: '10.1.2.0/24' }));
    await expect(
      run((_call, tx) => createSubnet(tx.network, { region: 'eu-west-1', vpcId: vpc.vpcId, az: 'eu-west-1b', cidr: '10.1.2.128/25' })),
    ).rejects.toThrow(/conflicts/);
    await expect(
      run((_call, tx) => createSubnet(tx.network, { region: 'eu-west-1', vpcId: vpc.vpcId, az: 'eu-west-1b', cidr: '10.2.0.0/24' })),
    ).rejects.toThrow(/invalid/);
    await expect(
      run((_call, tx) => createSubnet(tx.network, { region: 'eu-west-1', vpcId: vpc.vpcId, az: 'us-east-1a', cidr: '10.1.3.0/24' })),
    ).rejects.toThrow(/availability zones/);
    const found = await run((call) =>
      p.DescribeSubnets(
        {
          Filters: [
            { Name: 'vpc-id', Values: [vpc.vpcId] },
            { Name: 'cidr-block', Values: ['10.1.*'] },
          ],
        },
        call,
      ),
    );
    expect(found.Subnets!.map((s) => s.AvailabilityZone)).toEqual(['eu-west-1b']);
    await expect(run((call) => p.DescribeVpcs({ VpcIds: ['vpc-0000000000000000a'] }, call))).rejects.toThrow(/does not exist/);
    await expect(run((call) => p.DescribeVpcs({ Filters: [{ Name: 'colour', Values: ['x'] }] }, call))).rejects.toThrow(
      /filter 'colour' is invalid/,
    );
    const zones = await run((call) => p.DescribeAvailabilityZones({}, call));
    expect(zones.AvailabilityZones!.map((z) => z.ZoneId)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
  });
});
