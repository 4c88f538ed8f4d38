/** Negative and edge rules of the control plane, one per test. */
import { describe, expect, it } from 'vitest';
import { createSubnet, createVpc } from '../ec2/network.js';
import { harness, rejects } from './harness.test-helper.js';

const IR = 'CloudHsmInvalidRequestException';
const NF = 'CloudHsmResourceNotFoundException';

async function cluster(h: ReturnType<typeof harness>, extra: object = {}) {
  const [a, b] = await h.defaultSubnets();
  return (await h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [a!.subnetId, b!.subnetId], ...extra })).Cluster;
}

describe('CreateCluster validation', () => {
  it('rejects unknown subnets, two subnets in one AZ, and subnets of different VPCs', async () => {
    const h = harness();
    const [a] = await h.defaultSubnets();
    await rejects(h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: ['subnet-0123456789abcdef0'] }), IR, /does not exist/);
    const other = await h.store.write(async (tx) => {
      const vpc = await createVpc(tx.network, { region: 'us-east-1', cidr: '10.0.0.0/16' });
      return [
        await createSubnet(tx.network, { region: 'us-east-1', vpcId: vpc.vpcId, az: 'us-east-1a', cidr: '10.0.0.0/24' }),
        await createSubnet(tx.network, { region: 'us-east-1', vpcId: vpc.vpcId, az: 'us-east-1b', cidr: '10.0.1.0/24' }),
      ];
    });
    await rejects(
      h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [a!.subnetId, other[0]!.subnetId] }),
      IR,
      /both in Availability Zone us-east-1a/,
    );
    await rejects(h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [a!.subnetId, other[1]!.subnetId] }), IR, /same VPC/);
  });

  it('rejects hsm1.medium, NON_FIPS on hsm1, bad retention, reserved tag keys, and the cluster quota', async () => {
    const h = harness({ quotas: { clustersPerRegion: 1 } });
    const [a] = await h.defaultSubnets();
    const base = { HsmType: 'hsm2m.medium', SubnetIds: [a!.subnetId] };
    await rejects(h.invoke('CreateCluster', { ...base, HsmType: 'hsm1.medium' }), IR, /hsm1.medium/);
    await rejects(h.invoke('CreateCluster', { ...base, BackupRetentionPolicy: { Type: 'DAYS', Value: '6' } }), IR, /between 7 and 379/);
    await rejects(h.invoke('CreateCluster', { ...base, BackupRetentionPolicy: { Type: 'DAYS', Value: '380' } }), IR, /between 7 and 379/);
    await rejects(h.invoke('CreateCluster', { ...base, TagList: [{ Key: 'aws:x', Value: '' }] }), 'CloudHsmTagException');
    await h.invoke('CreateCluster', base);
    await rejects(h.invoke('CreateCluster', base), 'CloudHsmResourceLimitExceededException');
    const h1 = harness({ allowHsm1ForNewClusters: true });
    const [s] = await h1.defaultSubnets();
    await rejects(h1.invoke('CreateCluster', { HsmType: 'hsm1.medium', SubnetIds: [s!.subnetId], Mode: 'NON_FIPS' }), IR, /NON_FIPS/);
  });
});

describe('cluster and HSM state rules', () => {
  it('refuses HSMs while CREATE_IN_PROGRESS, in foreign AZs, and a second HSM before activation', async () => {
    const h = harness();
    const c = await cluster(h);
    await rejects(h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a' }), IR, /CREATE_IN_PROGRESS/);
    await h.advance(600);
    await rejects(h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1c' }), IR, /not one of the cluster's/);
    await h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a' });
    await rejects(
      h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1b' }),
      IR,
      `Cluster '${c.ClusterId}' already contains an HSM but has not yet been fully activated`,
    );
    await rejects(h.invoke('CreateHsm', { ClusterId: 'cluster-aaaaaaaaaaa', AvailabilityZone: 'us-east-1a' }), NF);
  });

  it('validates requested IP addresses: inside the subnet, not reserved, not taken', async () => {
    const h = harness();
    const c = await cluster(h);
    await h.advance(600);
    await rejects(
      h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a', IpAddress: '10.0.0.5' }),
      IR,
      /does not fall within/,
    );
    await rejects(
      h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a', IpAddress: '172.31.0.2' }),
      IR,
      /reserved/,
    );
    await rejects(
      h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a', IpAddress: '172.31.15.255' }),
      IR,
      /reserved/,
    );
  });

  it('refuses InitializeCluster before a CSR exists and DeleteCluster while HSMs remain', async () => {
    const h = harness();
    const c = await cluster(h);
    await h.advance(600);
    await rejects(h.invoke('InitializeCluster', { ClusterId: c.ClusterId, SignedCert: 'x', TrustAnchor: 'y' }), IR, /no cluster CSR/);
    const { Hsm } = await h.invoke('CreateHsm', { ClusterId: c.ClusterId, AvailabilityZone: 'us-east-1a' });
    await rejects(h.invoke('DeleteCluster', { ClusterId: c.ClusterId }), IR, /contains HSMs/);
    await rejects(h.invoke('DeleteHsm', { ClusterId: c.ClusterId }), IR, /HsmId, EniId or EniIp/);
    await rejects(h.invoke('DeleteHsm', { ClusterId: c.ClusterId, HsmId: 'hsm-aaaaaaaaaaa' }), NF);
    expect((await h.invoke('DeleteHsm', { ClusterId: c.ClusterId, EniIp: Hsm.EniIp })).HsmId).toBe(Hsm.HsmId);
    await rejects(h.invoke('DeleteHsm', { ClusterId: c.ClusterId, HsmId: Hsm.HsmId }), IR, /already being deleted/);
    await rejects(
      h.invoke('ModifyCluster', { ClusterId: c.ClusterId, BackupRetentionPolicy: { Type: 'DAYS', Value: '30' } }),
      IR,
      /ACTIVE/,
    );
  });
});

describe('listing', () => {
  it('pages DescribeClusters with opaque tokens and filters by state and VPC', async () => {
    const h = harness({ quotas: { clustersPerRegion: 100 } });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await cluster(h)).ClusterId);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.invoke('DescribeClusters', { MaxResults: 3, NextToken: token });
      seen.push(...page.Clusters.map((c: any) => c.ClusterId));
      token = page.NextToken;
    } while (token);
    expect(seen.sort()).toEqual([...ids].sort());
    await rejects(h.invoke('DescribeClusters', { NextToken: 'bm90LWpzb24' }), IR, /NextToken/);
    await rejects(h.invoke('DescribeClusters', { Filters: { colour: ['x'] } }), IR, /Invalid filter key/);
    await rejects(h.invoke('DescribeClusters', { Filters: { states: ['READY'] } }), IR, /Invalid value/);
    expect((await h.invoke('DescribeClusters', { Filters: { states: ['ACTIVE'] } })).Clusters).toEqual([]);
    expect((await h.invoke('DescribeClusters', { Filters: { vpcIds: ['vpc-0000000000000000a'] } })).Clusters).toEqual([]);
  });
});

describe('tags', () => {
  it('tags, overwrites, untags and enforces the 50-tag limit and reserved prefix', async () => {
    const h = harness();
    const c = await cluster(h, { TagList: [{ Key: 'env', Value: 'prod' }] });
    expect((await h.invoke('ListTags', { ResourceId: c.ClusterId })).TagList).toEqual([{ Key: 'env', Value: 'prod' }]);
    await h.invoke('TagResource', {
      ResourceId: c.ClusterId,
      TagList: [
        { Key: 'env', Value: 'dev' },
        { Key: 'team', Value: 'a' },
      ],
    });
    const described = (await h.invoke('DescribeClusters', {})).Clusters[0];
    expect(described.TagList).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'a' },
    ]);
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejects(h.invoke('TagResource', { ResourceId: c.ClusterId, TagList: many }), 'CloudHsmResourceLimitExceededException');
    await rejects(h.invoke('TagResource', { ResourceId: c.ClusterId, TagList: [{ Key: 'aws:k', Value: 'v' }] }), 'CloudHsmTagException');
    await rejects(h.invoke('UntagResource', { ResourceId: c.ClusterId, TagKeyList: ['aws:k'] }), 'CloudHsmTagException');
    await h.invoke('UntagResource', { ResourceId: c.ClusterId, TagKeyList: ['env'] });
    const page = await h.invoke('ListTags', { ResourceId: c.ClusterId, MaxResults: 1 });
    expect(page).toMatchObject({ TagList: [{ Key: 'team', Value: 'a' }] });
    await rejects(h.invoke('ListTags', { ResourceId: 'backup-aaaaaaaaaaa' }), NF);
  });
});

describe('backups', () => {
  it('refuses to restore a READY backup, to delete twice, and policies on clusters', async () => {
    const h = harness();
    await rejects(h.invoke('DeleteBackup', { BackupId: 'backup-aaaaaaaaaaa' }), NF);
    await rejects(h.invoke('GetResourcePolicy', {}), IR, /ResourceArn is required/);
    await rejects(
      h.invoke('PutResourcePolicy', { ResourceArn: 'arn:aws:cloudhsm:us-east-1:111122223333:cluster/cluster-aaaaaaaaaaa', Policy: '{}' }),
      IR,
      /only for backups/,
    );
    await rejects(h.invoke('DescribeBackups', { Filters: { neverExpires: ['maybe'] } }), IR, /Invalid value/);
  });
});
