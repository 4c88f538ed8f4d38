import type { Tag } from '../../protocol/generated/ec2.js';
import type { NetworkInterface, NetworkInterfaceView, NetworkRepository, SecurityGroup, Subnet, Vpc } from '../ports/network.js';
import type { Db } from './database.js';
import { decode, insertRow, placeholders, type Columns } from './record-columns.js';

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

const rowsOf = <T>(columns: Columns<T>, rows: unknown[]): T[] => rows.map((r) => decode(columns, r as Record<string, unknown>));
const rowOf = <T>(columns: Columns<T>, row: unknown): T | undefined =>
  row === undefined ? undefined : decode(columns, row as Record<string, unknown>);

/** EC2's network in SQLite. One writer, so the lowest-free-address choice cannot race. */
export class SqliteNetworkRepository implements NetworkRepository {
  constructor(private readonly db: Db) {}

  async vpc(vpcId: string): Promise<Vpc | undefined> {
    return rowOf(VPC, this.db.prepare('SELECT * FROM ec2_vpcs WHERE vpc_id = ?').get(vpcId));
  }

  async defaultVpc(region: string): Promise<Vpc | undefined> {
    return rowOf(VPC, this.db.prepare('SELECT * FROM ec2_vpcs WHERE region = ? AND is_default = 1').get(region));
  }

  async subnet(subnetId: string): Promise<Subnet | undefined> {
    return rowOf(SUBNET, this.db.prepare('SELECT * FROM ec2_subnets WHERE subnet_id = ?').get(subnetId));
  }

  async subnetsOfVpc(vpcId: string): Promise<Subnet[]> {
    return rowsOf(SUBNET, this.db.prepare('SELECT * FROM ec2_subnets WHERE vpc_id = ? ORDER BY az, subnet_id').all(vpcId));
  }

  async vpcs(region: string): Promise<Vpc[]> {
    return rowsOf(VPC, this.db.prepare('SELECT * FROM ec2_vpcs WHERE region = ? ORDER BY vpc_id').all(region));
  }

  async subnets(region: string): Promise<Subnet[]> {
    return rowsOf(SUBNET, this.db.prepare('SELECT * FROM ec2_subnets WHERE region = ? ORDER BY subnet_id').all(region));
  }

  async securityGroups(region: string): Promise<SecurityGroup[]> {
    return rowsOf(GROUP, this.db.prepare('SELECT * FROM ec2_security_groups WHERE region = ? ORDER BY group_id').all(region));
  }

  async networkInterfaces(region: string): Promise<NetworkInterfaceView[]> {
    const sql = `SELECT e.*, s.vpc_id, s.az, g.group_name FROM ec2_network_interfaces e
      JOIN ec2_subnets s ON s.subnet_id = e.subnet_id LEFT JOIN ec2_security_groups g ON g.group_id = e.group_id
      WHERE e.region = ? ORDER BY e.eni_id`;
    return rowsOf(ENI_VIEW, this.db.prepare(sql).all(region));
  }

  async interfaceCounts(region: string): Promise<Map<string, number>> {
    const sql = 'SELECT subnet_id AS id, COUNT(*) AS n FROM ec2_network_interfaces WHERE region = ? GROUP BY subnet_id';
    return new Map((this.db.prepare(sql).all(region) as { id: string; n: number }[]).map((r) => [r.id, r.n]));
  }

  async tagsOf(resourceIds: string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>();
    if (resourceIds.length === 0) return map;
    const sql = `SELECT resource_id, key, value FROM ec2_tags WHERE resource_id IN (${placeholders(resourceIds.length)}) ORDER BY key`;
    for (const t of this.db.prepare(sql).all(...resourceIds) as { resource_id: string; key: string; value: string }[]) {
      map.set(t.resource_id, [...(map.get(t.resource_id) ?? []), { Key: t.key, Value: t.value }]);
    }
    return map;
  }

  async insertVpc(vpc: Vpc): Promise<void> {
    insertRow(this.db, 'ec2_vpcs', VPC, vpc);
  }

  async insertSubnet(subnet: Subnet): Promise<void> {
    insertRow(this.db, 'ec2_subnets', SUBNET, subnet);
  }

  async insertSecurityGroup(group: SecurityGroup): Promise<void> {
    insertRow(this.db, 'ec2_security_groups', GROUP, group);
  }

  async deleteSecurityGroup(groupId: string): Promise<void> {
    this.db.prepare('DELETE FROM ec2_tags WHERE resource_id = ?').run(groupId);
    this.db.prepare('DELETE FROM ec2_security_groups WHERE group_id = ?').run(groupId);
  }

  async addressesInUse(subnetId: string): Promise<string[]> {
    return this.db.prepare('SELECT private_ip FROM ec2_network_interfaces WHERE subnet_id = ?').pluck().all(subnetId) as string[];
  }

  async insertNetworkInterface(eni: NetworkInterface): Promise<void> {
    insertRow(this.db, 'ec2_network_interfaces', ENI, eni);
  }

  async deleteNetworkInterface(eniId: string): Promise<void> {
    this.db.prepare('DELETE FROM ec2_tags WHERE resource_id = ?').run(eniId);
    this.db.prepare('DELETE FROM ec2_network_interfaces WHERE eni_id = ?').run(eniId);
  }
}
