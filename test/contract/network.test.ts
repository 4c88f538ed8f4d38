import { createNetworkInterface, createSecurityGroup } from '../../src/services/ec2/provisioning.js';
import { expect, it } from 'vitest';
import type { Store } from '../../src/storage/ports.js';
import type { Subnet, Vpc } from '../../src/storage/ports/network.js';
import { NetworkError } from '../../src/storage/ports/network.js';
import { contract } from './engines.js';

const vpc = (id: string, extra: Partial<Vpc> = {}): Vpc => ({
  vpcId: id,
  region: 'us-east-1',
  ownerId: '111122223333',
  cidr: '10.0.0.0/16',
  isDefault: false,
  dhcpOptionsId: 'dopt-0123456789abcdef0',
  ...extra,
});
const subnet = (id: string, az: string, cidr: string, extra: Partial<Subnet> = {}): Subnet => ({
  subnetId: id,
  vpcId: 'vpc-a',
  region: 'us-east-1',
  availabilityZone: az,
  cidr,
  defaultForAz: false,
  ownerId: '111122223333',
  ...extra,
});

async function seed(store: Store): Promise<void> {
  await store.write(async (tx) => {
    await tx.network.insertVpc(vpc('vpc-a'));
    await tx.network.insertVpc(vpc('vpc-d', { cidr: '172.31.0.0/16', isDefault: true, ownerId: '' }));
    await tx.network.insertSubnet(subnet('subnet-b', 'us-east-1b', '10.0.1.0/24'));
    await tx.network.insertSubnet(subnet('subnet-a', 'us-east-1a', '10.0.0.0/28', { defaultForAz: true }));
  });
}

const eni = { description: 'CloudHSM ENI', ownerId: '111122223333', requesterId: 'amazon-cloudhsm' };

async function errorOf(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetworkError);
  return err as NetworkError;
}

contract('NetworkRepository', (open) => {
  it('stores VPCs and subnets as domain values; unknown ids are undefined', async () => {
    const store = await open();
    await seed(store);
    expect(await store.read((tx) => tx.network.vpc('vpc-a'))).toEqual(vpc('vpc-a'));
    expect(await store.read((tx) => tx.network.vpc('vpc-x'))).toBeUndefined();
    expect((await store.read((tx) => tx.network.defaultVpc('us-east-1')))!.vpcId).toBe('vpc-d');
    expect(await store.read((tx) => tx.network.defaultVpc('eu-west-1'))).toBeUndefined();
    expect(await store.read((tx) => tx.network.subnet('subnet-a'))).toEqual(
      subnet('subnet-a', 'us-east-1a', '10.0.0.0/28', { defaultForAz: true }),
    );
    expect(await store.read((tx) => tx.network.subnet('subnet-x'))).toBeUndefined();
    expect((await store.read((tx) => tx.network.subnetsOfVpc('vpc-a'))).map((s) => s.subnetId)).toEqual(['subnet-a', 'subnet-b']);
    expect((await store.read((tx) => tx.network.vpcs('us-east-1'))).map((v) => v.vpcId)).toEqual(['vpc-a', 'vpc-d']);
    expect(await store.read((tx) => tx.network.subnets('eu-west-1'))).toEqual([]);
  });

  it('refuses a second default VPC in a region', async () => {
    const store = await open();
    await seed(store);
    await expect(store.write((tx) => tx.network.insertVpc(vpc('vpc-e', { isDefault: true })))).rejects.toThrow();
  });

  it('gives ENIs the lowest free address after the four AWS reserves, or the requested one', async () => {
    const store = await open();
    await seed(store);
    const first = await store.write((tx) => createNetworkInterface(tx.network, { ...eni, subnetId: 'subnet-a' }));
    expect(first).toMatchObject({
      subnetId: 'subnet-a',
      region: 'us-east-1',
      privateIp: '10.0.0.4',
      groupId: null,
      requesterId: 'amazon-cloudhsm',
    });
    expect(first.eniId).toMatch(/^eni-[0-9a-f]{17}$/);
    const chosen = await store.write((tx) => createNetworkInterface(tx.network, { ...eni, subnetId: 'subnet-a', ip: '10.0.0.9' }));
    expect(chosen.privateIp).toBe('10.0.0.9');
    const next = await store.write((tx) => createNetworkInterface(tx.network, { ...eni, subnetId: 'subnet-a' }));
    expect(next.privateIp).toBe('10.0.0.5');
    const counts = await store.read((tx) => tx.network.interfaceCounts('us-east-1'));
    expect(counts.get('subnet-a')).toBe(3);
  });

  it('refuses addresses outside the subnet, reserved or in use, unknown subnets, and a full subnet', async () => {
    const store = await open();
    await seed(store);
    const create = (req: { subnetId: string; ip?: string }) => store.write((tx) => createNetworkInterface(tx.network, { ...eni, ...req }));
    expect((await errorOf(create({ subnetId: 'subnet-x' }))).code).toBe('InvalidSubnetID.NotFound');
    expect((await errorOf(create({ subnetId: 'subnet-a', ip: '10.0.1.4' }))).message).toMatch(/does not fall within/);
    expect((await errorOf(create({ subnetId: 'subnet-a', ip: '10.0.0.3' }))).message).toMatch(/reserved/);
    expect((await errorOf(create({ subnetId: 'subnet-a', ip: '10.0.0.15' }))).message).toMatch(/reserved/);
    await create({ subnetId: 'subnet-a', ip: '10.0.0.6' });
    expect((await errorOf(create({ subnetId: 'subnet-a', ip: '10.0.0.6' }))).code).toBe('InvalidIPAddress.InUse');
    for (let i = 0; i < 10; i++) await create({ subnetId: 'subnet-a' }); // a /28 has 11 usable addresses
    expect((await errorOf(create({ subnetId: 'subnet-a' }))).code).toBe('InsufficientFreeAddressesInSubnet');
  });

  it('creates and deletes security groups and ENIs, and shows an ENI with its subnet and group', async () => {
    const store = await open();
    await seed(store);
    expect(
      (await errorOf(store.write((tx) => createSecurityGroup(tx.network, { vpcId: 'vpc-x', name: 'n', description: 'd', ownerId: '1' }))))
        .code,
    ).toBe('InvalidVpcID.NotFound');
    const sg = await store.write((tx) =>
      createSecurityGroup(tx.network, { vpcId: 'vpc-a', name: 'cloudhsm-sg', description: 'd', ownerId: '1' }),
    );
    expect(sg).toMatchObject({ vpcId: 'vpc-a', region: 'us-east-1', groupName: 'cloudhsm-sg' });
    expect(sg.groupId).toMatch(/^sg-[0-9a-f]{17}$/);
    const e = await store.write((tx) => createNetworkInterface(tx.network, { ...eni, subnetId: 'subnet-b', groupId: sg.groupId }));
    const [view] = await store.read((tx) => tx.network.networkInterfaces('us-east-1'));
    expect(view).toEqual({ ...e, vpcId: 'vpc-a', availabilityZone: 'us-east-1b', groupName: 'cloudhsm-sg' });
    expect(await store.read((tx) => tx.network.securityGroups('us-east-1'))).toEqual([sg]);
    await store.write(async (tx) => {
      await tx.network.deleteNetworkInterface(e.eniId);
      await tx.network.deleteSecurityGroup(sg.groupId);
    });
    expect(await store.read((tx) => tx.network.networkInterfaces('us-east-1'))).toEqual([]);
    expect(await store.read((tx) => tx.network.securityGroups('us-east-1'))).toEqual([]);
  });

  it('answers tags per resource (none stored yet), and a failed write creates nothing', async () => {
    const store = await open();
    await seed(store);
    expect(await store.read((tx) => tx.network.tagsOf(['vpc-a', 'subnet-a']))).toEqual(new Map());
    await expect(
      store.write(async (tx) => {
        await createNetworkInterface(tx.network, { ...eni, subnetId: 'subnet-a' });
        await tx.network.insertVpc(vpc('vpc-z'));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.network.networkInterfaces('us-east-1'))).toEqual([]);
    expect(await store.read((tx) => tx.network.vpc('vpc-z'))).toBeUndefined();
  });
});
