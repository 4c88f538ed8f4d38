/**
 * Security groups and network interfaces that services (CloudHSM) create in a VPC. IP addresses are
 * assigned from the subnet, skipping the five addresses AWS reserves.
 */
import type { Db } from '../../storage/sqlite/database.js';
import { containsIp, formatIp, isReserved, last, parseCidr, parseIp } from './cidr.js';
import { ec2Id, macAddress } from './ids.js';
import { NetworkError, getSubnet, getVpc } from './network.js';

export interface SecurityGroupRow {
  group_id: string;
  vpc_id: string;
  region: string;
  group_name: string;
  description: string;
  owner_id: string;
}

export interface NetworkInterfaceRow {
  eni_id: string;
  subnet_id: string;
  region: string;
  private_ip: string;
  description: string;
  group_id: string | null;
  owner_id: string;
  requester_id: string | null;
  mac: string;
}

export function createSecurityGroup(db: Db, g: { vpcId: string; name: string; description: string; ownerId: string }): SecurityGroupRow {
  const vpc = getVpc(db, g.vpcId);
  if (!vpc) throw new NetworkError('InvalidVpcID.NotFound', `The vpc ID '${g.vpcId}' does not exist`);
  const row: SecurityGroupRow = {
    group_id: ec2Id('sg'),
    vpc_id: vpc.vpc_id,
    region: vpc.region,
    group_name: g.name,
    description: g.description,
    owner_id: g.ownerId,
  };
  db.prepare('INSERT INTO ec2_security_groups VALUES (@group_id, @vpc_id, @region, @group_name, @description, @owner_id)').run(row);
  return row;
}

export function deleteSecurityGroup(db: Db, groupId: string): void {
  db.prepare('DELETE FROM ec2_tags WHERE resource_id = ?').run(groupId);
  db.prepare('DELETE FROM ec2_security_groups WHERE group_id = ?').run(groupId);
}

export interface EniRequest {
  subnetId: string;
  /** A specific address; otherwise the lowest free one. */
  ip?: string;
  description: string;
  groupId?: string;
  ownerId: string;
  requesterId?: string;
}

export function createNetworkInterface(db: Db, req: EniRequest): NetworkInterfaceRow {
  const subnet = getSubnet(db, req.subnetId);
  if (!subnet) throw new NetworkError('InvalidSubnetID.NotFound', `The subnet ID '${req.subnetId}' does not exist`);
  const cidr = parseCidr(subnet.cidr)!;
  const taken = new Set(
    (db.prepare('SELECT private_ip FROM ec2_network_interfaces WHERE subnet_id = ?').all(subnet.subnet_id) as { private_ip: string }[]).map(
      (r) => parseIp(r.private_ip)!,
    ),
  );
  let ip: number | undefined;
  if (req.ip !== undefined) {
    ip = parseIp(req.ip);
    if (ip === undefined || !containsIp(cidr, ip)) {
      throw new NetworkError(
        'InvalidParameterValue',
        `Address ${req.ip} does not fall within the subnet's address range (${subnet.cidr}).`,
      );
    }
    if (isReserved(cidr, ip))
      throw new NetworkError('InvalidParameterValue', `Address ${req.ip} is reserved by AWS in subnet ${subnet.subnet_id}.`);
    if (taken.has(ip)) throw new NetworkError('InvalidIPAddress.InUse', `Address ${req.ip} is in use.`);
  } else {
    for (let candidate = cidr.base + 4; candidate < last(cidr); candidate++) {
      if (!taken.has(candidate)) {
        ip = candidate;
        break;
      }
    }
    if (ip === undefined) {
      throw new NetworkError(
        'InsufficientFreeAddressesInSubnet',
        `There are not enough free addresses in subnet '${subnet.subnet_id}' to satisfy the requested number of instances.`,
      );
    }
  }
  const row: NetworkInterfaceRow = {
    eni_id: ec2Id('eni'),
    subnet_id: subnet.subnet_id,
    region: subnet.region,
    private_ip: formatIp(ip),
    description: req.description,
    group_id: req.groupId ?? null,
    owner_id: req.ownerId,
    requester_id: req.requesterId ?? null,
    mac: macAddress(),
  };
  db.prepare(
    `INSERT INTO ec2_network_interfaces VALUES
    (@eni_id, @subnet_id, @region, @private_ip, @description, @group_id, @owner_id, @requester_id, @mac)`,
  ).run(row);
  return row;
}

export function deleteNetworkInterface(db: Db, eniId: string): void {
  db.prepare('DELETE FROM ec2_tags WHERE resource_id = ?').run(eniId);
  db.prepare('DELETE FROM ec2_network_interfaces WHERE eni_id = ?').run(eniId);
}
