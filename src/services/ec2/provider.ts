/**
 * A read-only EC2 subset in EC2's own protocol, so `aws ec2 describe-subnets` shows the network
 * CloudHSM clusters live in: VPCs, subnets, security groups, ENIs, zones and regions.
 */
import { model } from '../../protocol/generated/ec2.js';
import type * as T from '../../protocol/generated/ec2.js';
import type { Db } from '../../storage/sqlite/database.js';
import type { CallContext, ServiceDefinition } from '../service.js';
import { parseCidr, usableCount } from './cidr.js';
import { checkFilterNames, matchesFilters, paginate, requireIds, tagFacets } from './filters.js';
import type { NetworkInterfaceRow, SecurityGroupRow } from './interfaces.js';
import { ensureDefaultVpc, type SubnetRow, type VpcRow } from './network.js';
import { migrateEc2 } from './schema.js';
import { REGIONS, zonesOf } from './zones.js';

export class Ec2Provider implements T.EC2Api<CallContext> {
  DescribeVpcs(input: T.DescribeVpcsRequest, call: CallContext): T.DescribeVpcsResult {
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
    const rows = regionRows<VpcRow>(call, 'ec2_vpcs', 'vpc_id');
    requireIds(input.VpcIds, new Set(rows.map((r) => r.vpc_id)), 'InvalidVpcID.NotFound', 'vpc');
    const tags = tagsOf(call.db);
    const vpcs = rows
      .filter((r) => !input.VpcIds?.length || input.VpcIds.includes(r.vpc_id))
      .map((r) => toVpc(r, tags.get(r.vpc_id) ?? [], call.accountId))
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

  DescribeSubnets(input: T.DescribeSubnetsRequest, call: CallContext): T.DescribeSubnetsResult {
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
    const rows = regionRows<SubnetRow>(call, 'ec2_subnets', 'subnet_id');
    requireIds(input.SubnetIds, new Set(rows.map((r) => r.subnet_id)), 'InvalidSubnetID.NotFound', 'subnet');
    const tags = tagsOf(call.db);
    const used = countBy(
      call.db,
      'SELECT subnet_id AS id, COUNT(*) AS n FROM ec2_network_interfaces WHERE region = ? GROUP BY subnet_id',
      call.region,
    );
    const subnets = rows
      .filter((r) => !input.SubnetIds?.length || input.SubnetIds.includes(r.subnet_id))
      .map((r) => toSubnet(r, tags.get(r.subnet_id) ?? [], used.get(r.subnet_id) ?? 0, call))
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

  DescribeSecurityGroups(input: T.DescribeSecurityGroupsRequest, call: CallContext): T.DescribeSecurityGroupsResult {
    checkFilterNames(input.Filters, ['group-id', 'group-name', 'vpc-id', 'description', 'owner-id', 'tag-key', 'tag-value']);
    const rows = regionRows<SecurityGroupRow>(call, 'ec2_security_groups', 'group_id');
    requireIds(input.GroupIds, new Set(rows.map((r) => r.group_id)), 'InvalidGroup.NotFound', 'security group');
    const tags = tagsOf(call.db);
    const groups = rows
      .filter((r) => !input.GroupIds?.length || input.GroupIds.includes(r.group_id))
      .filter((r) => !input.GroupNames?.length || input.GroupNames.includes(r.group_name))
      .map((r) => toSecurityGroup(r, tags.get(r.group_id) ?? [], call))
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

  DescribeNetworkInterfaces(input: T.DescribeNetworkInterfacesRequest, call: CallContext): T.DescribeNetworkInterfacesResult {
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
    const rows = call.db
      .prepare(
        `SELECT e.*, s.vpc_id, s.az, g.group_name FROM ec2_network_interfaces e
      JOIN ec2_subnets s ON s.subnet_id = e.subnet_id LEFT JOIN ec2_security_groups g ON g.group_id = e.group_id
      WHERE e.region = ? ORDER BY e.eni_id`,
      )
      .all(ensureRegion(call)) as EniView[];
    requireIds(input.NetworkInterfaceIds, new Set(rows.map((r) => r.eni_id)), 'InvalidNetworkInterfaceID.NotFound', 'networkInterface');
    const tags = tagsOf(call.db);
    const enis = rows
      .filter((r) => !input.NetworkInterfaceIds?.length || input.NetworkInterfaceIds.includes(r.eni_id))
      .map((r) => toEni(r, tags.get(r.eni_id) ?? []))
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

type EniView = NetworkInterfaceRow & { vpc_id: string; az: string; group_name: string | null };

/** Looking at a region's network creates its default VPC, as AWS has one from the start. */
function ensureRegion(call: CallContext): string {
  ensureDefaultVpc(call.db, call.region, call.accountId);
  return call.region;
}

function regionRows<R>(call: CallContext, table: string, id: string): R[] {
  return call.db.prepare(`SELECT * FROM ${table} WHERE region = ? ORDER BY ${id}`).all(ensureRegion(call)) as R[];
}

function tagsOf(db: Db): Map<string, T.Tag[]> {
  const map = new Map<string, T.Tag[]>();
  for (const t of db.prepare('SELECT resource_id, key, value FROM ec2_tags ORDER BY key').all() as {
    resource_id: string;
    key: string;
    value: string;
  }[]) {
    map.set(t.resource_id, [...(map.get(t.resource_id) ?? []), { Key: t.key, Value: t.value }]);
  }
  return map;
}

function countBy(db: Db, sql: string, arg: string): Map<string, number> {
  return new Map((db.prepare(sql).all(arg) as { id: string; n: number }[]).map((r) => [r.id, r.n]));
}

function toVpc(r: VpcRow, tags: T.Tag[], accountId: string): T.Vpc {
  return {
    VpcId: r.vpc_id,
    CidrBlock: r.cidr,
    State: 'available',
    IsDefault: r.is_default === 1,
    OwnerId: r.owner_id || accountId,
    InstanceTenancy: 'default',
    DhcpOptionsId: r.dhcp_options_id,
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${r.vpc_id.slice(4)}`, CidrBlock: r.cidr, CidrBlockState: { State: 'associated' } },
    ],
    Tags: tags.length ? tags : undefined,
  };
}

function toSubnet(r: SubnetRow, tags: T.Tag[], used: number, call: CallContext): T.Subnet {
  const owner = r.owner_id || call.accountId;
  const zone = zonesOf(r.region).find((z) => z.name === r.az);
  return {
    SubnetId: r.subnet_id,
    VpcId: r.vpc_id,
    CidrBlock: r.cidr,
    AvailabilityZone: r.az,
    AvailabilityZoneId: zone?.zoneId,
    State: 'available',
    AvailableIpAddressCount: usableCount(parseCidr(r.cidr)!) - used,
    DefaultForAz: r.default_for_az === 1,
    MapPublicIpOnLaunch: r.default_for_az === 1,
    OwnerId: owner,
    SubnetArn: `arn:aws:ec2:${r.region}:${owner}:subnet/${r.subnet_id}`,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Ipv6Native: false,
    Tags: tags.length ? tags : undefined,
  };
}

function toSecurityGroup(r: SecurityGroupRow, tags: T.Tag[], call: CallContext): T.SecurityGroup {
  const owner = r.owner_id || call.accountId;
  return {
    GroupId: r.group_id,
    GroupName: r.group_name,
    Description: r.description,
    VpcId: r.vpc_id,
    OwnerId: owner,
    SecurityGroupArn: `arn:aws:ec2:${r.region}:${owner}:security-group/${r.group_id}`,
    IpPermissions: [],
    IpPermissionsEgress: [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ],
    Tags: tags.length ? tags : undefined,
  };
}

function toEni(r: EniView, tags: T.Tag[]): T.NetworkInterface {
  const groups = r.group_id ? [{ GroupId: r.group_id, GroupName: r.group_name ?? undefined }] : [];
  const dns = `ip-${r.private_ip.replace(/\./g, '-')}.ec2.internal`;
  return {
    NetworkInterfaceId: r.eni_id,
    SubnetId: r.subnet_id,
    VpcId: r.vpc_id,
    AvailabilityZone: r.az,
    PrivateIpAddress: r.private_ip,
    PrivateDnsName: dns,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: r.private_ip, PrivateDnsName: dns }],
    Description: r.description,
    Groups: groups,
    OwnerId: r.owner_id,
    RequesterId: r.requester_id ?? undefined,
    RequesterManaged: r.requester_id !== null,
    Status: 'in-use',
    MacAddress: r.mac,
    InterfaceType: 'interface',
    SourceDestCheck: true,
    Ipv6Addresses: [],
    TagSet: tags,
  };
}

/** The service definition the gateway registers (read-only, so no write-side effects beyond default VPCs). */
export function ec2Service(deps: { db?: Db } = {}): ServiceDefinition {
  if (deps.db) migrateEc2(deps.db);
  const p = new Ec2Provider();
  return {
    id: 'ec2',
    protocol: 'ec2',
    eventSource: 'ec2.amazonaws.com',
    actionPrefix: 'ec2',
    model,
    operations: {
      DescribeVpcs: p.DescribeVpcs.bind(p),
      DescribeSubnets: p.DescribeSubnets.bind(p),
      DescribeSecurityGroups: p.DescribeSecurityGroups.bind(p),
      DescribeNetworkInterfaces: p.DescribeNetworkInterfaces.bind(p),
      DescribeAvailabilityZones: p.DescribeAvailabilityZones.bind(p),
      DescribeRegions: p.DescribeRegions.bind(p),
    },
  };
}
