import { describe, expect, it } from 'vitest';
import { model } from '../../protocol/generated/ec2.js';
import { validateOutput } from '../../protocol/validate.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import type { CallContext } from '../service.js';
import { createSubnet, createVpc } from './network.js';
import { Ec2Provider } from './provider.js';
import { migrateEc2 } from './schema.js';

function setup() {
  const db = openDatabase(':memory:');
  migrateEc2(db);
  const call = { accountId: '111122223333', region: 'eu-west-1', db, now: new Date() } as CallContext;
  return { db, call, p: new Ec2Provider() };
}

describe('EC2 read-only subset', () => {
  it('creates the default VPC lazily with one /20 default subnet per zone', () => {
    const { call, p } = setup();
    const vpcs = p.DescribeVpcs({}, call);
    expect(validateOutput(model, 'DescribeVpcsResult', vpcs)).toEqual([]);
    expect(vpcs.Vpcs).toMatchObject([{ CidrBlock: '172.31.0.0/16', IsDefault: true, OwnerId: '111122223333' }]);
    expect(vpcs.Vpcs![0]!.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const subnets = p.DescribeSubnets({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }, call);
    expect(validateOutput(model, 'DescribeSubnetsResult', subnets)).toEqual([]);
    expect(subnets.Subnets!.map((s) => [s.AvailabilityZone, s.CidrBlock, s.AvailableIpAddressCount]).sort()).toEqual([
      ['eu-west-1a', '172.31.0.0/20', 4091],
      ['eu-west-1b', '172.31.16.0/20', 4091],
      ['eu-west-1c', '172.31.32.0/20', 4091],
    ]);
  });

  it('filters, rejects unknown ids and filters, and validates admin-created subnets', () => {
    const { db, call, p } = setup();
    p.DescribeVpcs({}, call);
    const vpc = createVpc(db, { region: 'eu-west-1', cidr: '10.1.0.0/16' });
    createSubnet(db, { region: 'eu-west-1', vpcId: vpc.vpc_id, az: 'eu-west-1b', cidr: '10.1.2.0/24' });
    expect(() => createSubnet(db, { region: 'eu-west-1', vpcId: vpc.vpc_id, az: 'eu-west-1b', cidr: '10.1.2.128/25' })).toThrow(
      /conflicts/,
    );
    expect(() => createSubnet(db, { region: 'eu-west-1', vpcId: vpc.vpc_id, az: 'eu-west-1b', cidr: '10.2.0.0/24' })).toThrow(/invalid/);
    expect(() => createSubnet(db, { region: 'eu-west-1', vpcId: vpc.vpc_id, az: 'us-east-1a', cidr: '10.1.3.0/24' })).toThrow(
      /availability zones/,
    );
    const found = p.DescribeSubnets(
      {
        Filters: [
          { Name: 'vpc-id', Values: [vpc.vpc_id] },
          { Name: 'cidr-block', Values: ['10.1.*'] },
        ],
      },
      call,
    );
    expect(found.Subnets!.map((s) => s.AvailabilityZone)).toEqual(['eu-west-1b']);
    expect(() => p.DescribeVpcs({ VpcIds: ['vpc-0000000000000000a'] }, call)).toThrow(/does not exist/);
    expect(() => p.DescribeVpcs({ Filters: [{ Name: 'colour', Values: ['x'] }] }, call)).toThrow(/filter 'colour' is invalid/);
    const zones = p.DescribeAvailabilityZones({}, call);
    expect(zones.AvailabilityZones!.map((z) => z.ZoneId)).toEqual(['euw1-az1', 'euw1-az2', 'euw1-az3']);
  });
});
