import type { Tag } from '../../protocol/generated/ec2.js';
import type { NetworkInterface, NetworkInterfaceView, NetworkRepository, SecurityGroup, Subnet, Vpc } from '../ports/network.js';
import type { Sql } from './sql.js';
import { decode, insertRow, type Columns } from './row-columns.js';

const VPC: Columns<Vpc> = {
  vpcId: ['vpc_id'],
  region: ['region'],
  ownerId: ['owner_id'],
  cidr: ['cidr'],
  isDefault: ['is_default', 'bool'],
  dhcpOptionsId: ['dhcp_options_id'],
};
const SUBNET: Columns<Subnet> = {
  subnetId: ['subnet_id'],
  vpcId: ['vpc_id'],
  region: ['region'],
  availabilityZone: ['az'],
  cidr: ['cidr'],
  defaultForAz: ['default_for_az', 'bool'],
  ownerId: ['owner_id'],
};
const GROUP: Columns<SecurityGroup> = {
  groupId: ['group_id'],
  vpcId: ['vpc_id'],
  region: ['region'],
  groupName: ['group_name'],
  description: ['description'],
  ownerId: ['owner_id'],
};
const ENI: Columns<NetworkInterface> = {
  eniId: ['eni_id'],
  subnetId: ['subnet_id'],
  region: ['region'],
  privateIp: ['private_ip'],
  description: ['description'],
  groupId: ['group_id'],
  ownerId: ['owner_id'],
  requesterId: ['requester_id'],
  mac: ['mac'],
};
const ENI_VIEW: Columns<NetworkInterfaceView> = { ...ENI, vpcId: ['vpc_id'], availabilityZone: ['az'], groupName: ['group_name'] };

type Row = Record<string, unknown>;

/**
 * EC2's network in PostgreSQL. The lowest-free-address choice (addressesInUse, then insert) runs under
 * the store's write lock, and UNIQUE (subnet_id, private_ip) refuses a duplicate besides.
 */
export class PgNetworkRepository implements NetworkRepository {
  constructor(private readonly sql: Sql) {}

  private async rows<T>(columns: Columns<T>, text: string, params: unknown[]): Promise<T[]> {
    return (await this.sql.all<Row>(text, params)).map((r) => decode(columns, r));
  }

  private async row<T>(columns: Columns<T>, text: string, params: unknown[]): Promise<T | undefined> {
    const r = await this.sql.one<Row>(text, params);
    return r ? decode(columns, r) : undefined;
  }

  vpc(vpcId: string): Promise<Vpc | undefined> {
    return this.row(VPC, 'SELECT * FROM ec2_vpcs WHERE vpc_id = $1', [vpcId]);
  }

  defaultVpc(region: string): Promise<Vpc | undefined> {
    return this.row(VPC, 'SELECT * FROM ec2_vpcs WHERE region = $1 AND is_default', [region]);
  }

  subnet(subnetId: string): Promise<Subnet | undefined> {
    return this.row(SUBNET, 'SELECT * FROM ec2_subnets WHERE subnet_id = $1', [subnetId]);
  }

  subnetsOfVpc(vpcId: string): Promise<Subnet[]> {
    return this.rows(SUBNET, 'SELECT * FROM ec2_subnets WHERE vpc_id = $1 ORDER BY az, subnet_id', [vpcId]);
  }

  vpcs(region: string): Promise<Vpc[]> {
    return this.rows(VPC, 'SELECT * FROM ec2_vpcs WHERE region = $1 ORDER BY vpc_id', [region]);
  }

  subnets(region: string): Promise<Subnet[]> {
    return this.rows(SUBNET, 'SELECT * FROM ec2_subnets WHERE region = $1 ORDER BY subnet_id', [region]);
  }

  securityGroups(region: string): Promise<SecurityGroup[]> {
    return this.rows(GROUP, 'SELECT * FROM ec2_security_groups WHERE region = $1 ORDER BY group_id', [region]);
  }

  networkInterfaces(region: string): Promise<NetworkInterfaceView[]> {
    const text = `SELECT e.*, s.vpc_id, s.az, g.group_name FROM ec2_network_interfaces e
      JOIN ec2_subnets s ON s.subnet_id = e.subnet_id LEFT JOIN ec2_security_groups g ON g.group_id = e.group_id
      WHERE e.region = $1 ORDER BY e.eni_id`;
    return this.rows(ENI_VIEW, text, [region]);
  }

  async interfaceCounts(region: string): Promise<Map<string, number>> {
    const rows = await this.sql.all<{ id: string; n: number }>(
      'SELECT subnet_id AS id, COUNT(*) AS n FROM ec2_network_interfaces WHERE region = $1 GROUP BY subnet_id',
      [region],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async tagsOf(resourceIds: string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>();
    if (resourceIds.length === 0) return map;
    const rows = await this.sql.all<{ resource_id: string; key: string; value: string }>(
      'SELECT resource_id, key, value FROM ec2_tags WHERE resource_id = ANY($1) ORDER BY key',
      [resourceIds],
    );
    for (const t of rows) map.set(t.resource_id, [...(map.get(t.resource_id) ?? []), { Key: t.key, Value: t.value }]);
    return map;
  }

  insertVpc(vpc: Vpc): Promise<void> {
    return insertRow(this.sql, 'ec2_vpcs', VPC, vpc);
  }

  insertSubnet(subnet: Subnet): Promise<void> {
    return insertRow(this.sql, 'ec2_subnets', SUBNET, subnet);
  }

  insertSecurityGroup(group: SecurityGroup): Promise<void> {
    return insertRow(this.sql, 'ec2_security_groups', GROUP, group);
  }

  async deleteSecurityGroup(groupId: string): Promise<void> {
    await this.sql.run('DELETE FROM ec2_tags WHERE resource_id = $1', [groupId]);
    await this.sql.run('DELETE FROM ec2_security_groups WHERE group_id = $1', [groupId]);
  }

  async addressesInUse(subnetId: string): Promise<string[]> {
    const rows = await this.sql.all<{ private_ip: string }>('SELECT private_ip FROM ec2_network_interfaces WHERE subnet_id = $1', [
      subnetId,
    ]);
    return rows.map((r) => r.private_ip);
  }

  insertNetworkInterface(eni: NetworkInterface): Promise<void> {
    return insertRow(this.sql, 'ec2_network_interfaces', ENI, eni);
  }

  async deleteNetworkInterface(eniId: string): Promise<void> {
    await this.sql.run('DELETE FROM ec2_tags WHERE resource_id = $1', [eniId]);
    await this.sql.run('DELETE FROM ec2_network_interfaces WHERE eni_id = $1', [eniId]);
  }
}
