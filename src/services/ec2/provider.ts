/**
 * A read-only EC2 subset in EC2's own protocol, so `aws ec2 describe-subnets` shows the network
 * CloudHSM clusters live in: VPCs, subnets, security groups, ENIs, zones and regions.
 */
import type * as T from '../../protocol/generated/ec2.js';
import type { NetworkInterfaceView, SecurityGroup, Subnet, Vpc } from '../../storage/ports/network.js';
import type { CallContext } from '../service.js';
import { parseCidr, usableCount } from './cidr.js';
import { checkFilterNames, matchesFilters, paginate, requireIds, tagFacets } from './filters.js';
import { ensureDefaultVpc } from './network.js';
import { REGIONS, zonesOf } from './zones.js';

export class Ec2Provider implements T.EC2Api<CallContext> {
  async DescribeVpcs(input: T.DescribeVpcsRequest, call: CallContext): Promise<T.DescribeVpcsResult> {
    checkFilterNames(input.Filters, [
      'vpc-id',
      'cidr',
      'cidr-block',
      'cidr-block-association.cidr-block',
      'is-default',
      'owner-id',
      'state',
      'dhcp-options-id',
      'tag-key',
      'tag-value',
    ]);
    const rows = await call.tx.network.vpcs(await ensureRegion(call));
    requireIds(input.VpcIds, new Set(rows.map((r) => r.vpcId)), 'InvalidVpcID.NotFound', 'vpc');
    const tags = await call.tx.network.tagsOf(rows.map((r) => r.vpcId));
    const vpcs = rows
      .filter((r) => !input.VpcIds?.length || input.VpcIds.includes(r.vpcId))
      .map((r) => toVpc(r, tags.get(r.vpcId) ?? [], call.accountId))
      .filter((v) =>
        matchesFilters(
          {
            'vpc-id': [v.VpcId],
            cidr: [v.CidrBlock],
            'cidr-block': [v.CidrBlock],
            'cidr-block-association.cidr-block': [v.CidrBlock],
            'is-default': [String(v.IsDefault)],
            'owner-id': [v.OwnerId],
            state: [v.State],
            'dhcp-options-id': [v.DhcpOptionsId],
            ...tagFacets(v.Tags ?? []),
          },
          input.Filters,
        ),
      );
    const { page, next } = paginate(vpcs, (v) => v.VpcId!, input.MaxResults, input.NextToken);
    return { Vpcs: page, NextToken: next };
  }

  async DescribeSubnets(input: T.DescribeSubnetsRequest, call: CallContext): Promise<T.DescribeSubnetsResult> {
    checkFilterNames(input.Filters, [
      'subnet-id',
      'vpc-id',
      'availability-zone',
      'availability-zone-id',
      'availabilityZone',
      'cidr',
      'cidr-block',
      'cidrBlock',
      'default-for-az',
      'defaultForAz',
      'owner-id',
      'state',
      'subnet-arn',
      'available-ip-address-count',
      'tag-key',
      'tag-value',
    ]);
    const rows = await call.tx.network.subnets(await ensureRegion(call));
    requireIds(input.SubnetIds, new Set(rows.map((r) => r.subnetId)), 'InvalidSubnetID.NotFound', 'subnet');
    const tags = await call.tx.network.tagsOf(rows.map((r) => r.subnetId));
    const used = await call.tx.network.interfaceCounts(call.region);
    const subnets = rows
      .filter((r) => !input.SubnetIds?.length || input.SubnetIds.includes(r.subnetId))
      .map((r) => toSubnet(r, tags.get(r.subnetId) ?? [], used.get(r.subnetId) ?? 0, call))
      .filter((s) =>
        matchesFilters(
          {
            'subnet-id': [s.SubnetId],
            'vpc-id': [s.VpcId],
            'availability-zone': [s.AvailabilityZone],
            availabilityZone: [s.AvailabilityZone],
            'availability-zone-id': [s.AvailabilityZoneId],
            cidr: [s.CidrBlock],
            'cidr-block': [s.CidrBlock],
            cidrBlock: [s.CidrBlock],
            'default-for-az': [String(s.DefaultForAz)],
            defaultForAz: [String(s.DefaultForAz)],
            'owner-id': [s.OwnerId],
            state: [s.State],
            'subnet-arn': [s.SubnetArn],
            'available-ip-address-count': [String(s.AvailableIpAddressCount)],
            ...tagFacets(s.Tags ?? []),
          },
          input.Filters,
        ),
      );
    const { page, next } = paginate(subnets, (s) => s.SubnetId!, input.MaxResults, input.NextToken);
    return { Subnets: page, NextToken: next };
  }

  async DescribeSecurityGroups(input: T.DescribeSecurityGroupsRequest, call: CallContext): Promise<T.DescribeSecurityGroupsResult> {
    checkFilterNames(input.Filters, ['group-id', 'group-name', 'vpc-id', 'description', 'owner-id', 'tag-key', 'tag-value']);
    const rows = await call.tx.network.securityGroups(await ensureRegion(call));
    requireIds(input.GroupIds, new Set(rows.map((r) => r.groupId)), 'InvalidGroup.NotFound', 'security group');
    const tags = await call.tx.network.tagsOf(rows.map((r) => r.groupId));
    const groups = rows
      .filter((r) => !input.GroupIds?.length || input.GroupIds.includes(r.groupId))
      .filter((r) => !input.GroupNames?.length || input.GroupNames.includes(r.groupName))
      .map((r) => toSecurityGroup(r, tags.get(r.groupId) ?? [], call))
      .filter((g) =>
        matchesFilters(
          {
            'group-id': [g.GroupId],
            'group-name': [g.GroupName],
            'vpc-id': [g.VpcId],
            description: [g.Description],
            'owner-id': [g.OwnerId],
            ...tagFacets(g.Tags ?? []),
          },
          input.Filters,
        ),
      );
    const { page, next } = paginate(groups, (g) => g.GroupId!, input.MaxResults, input.NextToken);
    return { SecurityGroups: page, NextToken: next };
  }

  async DescribeNetworkInterfaces(
    input: T.DescribeNetworkInterfacesRequest,
    call: CallContext,
  ): Promise<T.DescribeNetworkInterfacesResult> {
    checkFilterNames(input.Filters, [
      'network-interface-id',
      'subnet-id',
      'vpc-id',
      'availability-zone',
      'private-ip-address',
      'addresses.private-ip-address',
      'group-id',
      'group-name',
      'description',
      'owner-id',
      'requester-id',
      'requester-managed',
      'status',
      'mac-address',
      'interface-type',
      'tag-key',
      'tag-value',
    ]);
    const rows = await call.tx.network.networkInterfaces(await ensureRegion(call));
    requireIds(input.NetworkInterfaceIds, new Set(rows.map((r) => r.eniId)), 'InvalidNetworkInterfaceID.NotFound', 'networkInterface');
    const tags = await call.tx.network.tagsOf(rows.map((r) => r.eniId));
    const enis = rows
      .filter((r) => !input.NetworkInterfaceIds?.length || input.NetworkInterfaceIds.includes(r.eniId))
      .map((r) => toEni(r, tags.get(r.eniId) ?? []))
      .filter((n) =>
        matchesFilters(
          {
            'network-interface-id': [n.NetworkInterfaceId],
            'subnet-id': [n.SubnetId],
            'vpc-id': [n.VpcId],
            'availability-zone': [n.AvailabilityZone],
            'private-ip-address': [n.PrivateIpAddress],
            'addresses.private-ip-address': [n.PrivateIpAddress],
            'group-id': n.Groups?.map((g) => g.GroupId) ?? [],
            'group-name': n.Groups?.map((g) => g.GroupName) ?? [],
            description: [n.Description],
            'owner-id': [n.OwnerId],
            'requester-id': [n.RequesterId],
            'requester-managed': [String(n.RequesterManaged)],
            status: [n.Status],
            'mac-address': [n.MacAddress],
            'interface-type': [n.InterfaceType],
            ...tagFacets(n.TagSet ?? []),
          },
          input.Filters,
        ),
      );
    const { page, next } = paginate(enis, (n) => n.NetworkInterfaceId!, input.MaxResults, input.NextToken);
    return { NetworkInterfaces: page, NextToken: next };
  }

  DescribeAvailabilityZones(input: T.DescribeAvailabilityZonesRequest, call: CallContext): T.DescribeAvailabilityZonesResult {
    checkFilterNames(input.Filters, ['zone-name', 'zone-id', 'region-name', 'state', 'zone-type', 'group-name', 'opt-in-status']);
    const zones = zonesOf(call.region).map((z): T.AvailabilityZone => ({
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: z.region,
      ZoneName: z.name,
      ZoneId: z.zoneId,
      GroupName: z.region,
      NetworkBorderGroup: z.region,
      ZoneType: 'availability-zone',
      State: 'available',
    }));
    requireIds(input.ZoneNames, new Set(zones.map((z) => z.ZoneName!)), 'InvalidParameterValue', 'zone');
    requireIds(input.ZoneIds, new Set(zones.map((z) => z.ZoneId!)), 'InvalidParameterValue', 'zone');
    const AvailabilityZones = zones
      .filter((z) => !input.ZoneNames?.length || input.ZoneNames.includes(z.ZoneName!))
      .filter((z) => !input.ZoneIds?.length || input.ZoneIds.includes(z.ZoneId!))
      .filter((z) =>
        matchesFilters(
          {
            'zone-name': [z.ZoneName],
            'zone-id': [z.ZoneId],
            'region-name': [z.RegionName],
            state: [z.State],
            'zone-type': [z.ZoneType],
            'group-name': [z.GroupName],
            'opt-in-status': [z.OptInStatus],
          },
          input.Filters,
        ),
      );
    return { AvailabilityZones };
  }

  DescribeRegions(input: T.DescribeRegionsRequest, _call: CallContext): T.DescribeRegionsResult {
    checkFilterNames(input.Filters, ['region-name', 'endpoint', 'opt-in-status']);
    const Regions = REGIONS.map((r): T.Region => ({
      RegionName: r,
      Endpoint: `ec2.${r}.amazonaws.com`,
      OptInStatus: 'opt-in-not-required',
    }))
      .filter((r) => !input.RegionNames?.length || input.RegionNames.includes(r.RegionName!))
      .filter((r) =>
        matchesFilters({ 'region-name': [r.RegionName], endpoint: [r.Endpoint], 'opt-in-status': [r.OptInStatus] }, input.Filters),
      );
    return { Regions };
  }
}

/** Looking at a region's network creates its default VPC, as AWS has one from the start. */
async function ensureRegion(call: CallContext): Promise<string> {
  await ensureDefaultVpc(call.tx.network, call.region, call.accountId);
  return call.region;
}

function toVpc(r: Vpc, tags: T.Tag[], accountId: string): T.Vpc {
  return {
    VpcId: r.vpcId,
    CidrBlock: r.cidr,
    State: 'available',
    IsDefault: r.isDefault,
    OwnerId: r.ownerId || accountId,
    InstanceTenancy: 'default',
    DhcpOptionsId: r.dhcpOptionsId,
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${r.vpcId.slice(4)}`, CidrBlock: r.cidr, CidrBlockState: { State: 'associated' } },
    ],
    Tags: tags.length ? tags : undefined,
  };
}

function toSubnet(r: Subnet, tags: T.Tag[], used: number, call: CallContext): T.Subnet {
  const owner = r.ownerId || call.accountId;
  const zone = zonesOf(r.region).find((z) => z.name === r.availabilityZone);
  return {
    SubnetId: r.subnetId,
    VpcId: r.vpcId,
    CidrBlock: r.cidr,
    AvailabilityZone: r.availabilityZone,
    AvailabilityZoneId: zone?.zoneId,
    State: 'available',
    AvailableIpAddressCount: usableCount(parseCidr(r.cidr)!) - used,
    DefaultForAz: r.defaultForAz,
    MapPublicIpOnLaunch: r.defaultForAz,
    OwnerId: owner,
    SubnetArn: `arn:aws:ec2:${r.region}:${owner}:subnet/${r.subnetId}`,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Ipv6Native: false,
    Tags: tags.length ? tags : undefined,
  };
}

function toSecurityGroup(r: SecurityGroup, tags: T.Tag[], call: CallContext): T.SecurityGroup {
  const owner = r.ownerId || call.accountId;
  return {
    GroupId: r.groupId,
    GroupName: r.groupName,
    Description: r.description,
    VpcId: r.vpcId,
    OwnerId: owner,
    SecurityGroupArn: `arn:aws:ec2:${r.region}:${owner}:security-group/${r.groupId}`,
    IpPermissions: [],
    IpPermissionsEgress: [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ],
    Tags: tags.length ? tags : undefined,
  };
}

function toEni(r: NetworkInterfaceView, tags: T.Tag[]): T.NetworkInterface {
  const groups = r.groupId ? [{ GroupId: r.groupId, GroupName: r.groupName ?? undefined }] : [];
  const dns = `ip-${r.privateIp.replace(/\./g, '-')}.ec2.internal`;
  return {
    NetworkInterfaceId: r.eniId,
    SubnetId: r.subnetId,
    VpcId: r.vpcId,
    AvailabilityZone: r.availabilityZone,
    PrivateIpAddress: r.privateIp,
    PrivateDnsName: dns,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: r.privateIp, PrivateDnsName: dns }],
    Description: r.description,
    Groups: groups,
    OwnerId: r.ownerId,
    RequesterId: r.requesterId ?? undefined,
    RequesterManaged: r.requesterId !== null,
    Status: 'in-use',
    MacAddress: r.mac,
    InterfaceType: 'interface',
    SourceDestCheck: true,
    Ipv6Addresses: [],
    TagSet: tags,
  };
}
