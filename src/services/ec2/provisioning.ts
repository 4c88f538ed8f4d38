/**
 * EC2's API for other services: what CloudHSM (and later others) create in a customer's VPC, with
 * EC2's rules and EC2's errors (NetworkError). Storage stays behind the NetworkRepository port; the
 * rules (ids, address choice) live here, once.
 */
import {
  NetworkError,
  type NetworkInterface,
  type NetworkInterfaceRequest,
  type NetworkRepository,
  type SecurityGroup,
  type SecurityGroupRequest,
  type Subnet,
} from '../../storage/ports/network.js';
import { containsIp, formatIp, isReserved, last, parseCidr, parseIp } from './cidr.js';
import { ec2Id, macAddress } from './ids.js';

/** NetworkError InvalidVpcID.NotFound for an unknown VPC. */
export async function createSecurityGroup(network: NetworkRepository, req: SecurityGroupRequest): Promise<SecurityGroup> {
  const vpc = await network.vpc(req.vpcId);
  if (!vpc) throw new NetworkError('InvalidVpcID.NotFound', `The vpc ID '${req.vpcId}' does not exist`);
  const group: SecurityGroup = {
    groupId: ec2Id('sg'),
    vpcId: vpc.vpcId,
    region: vpc.region,
    groupName: req.name,
    description: req.description,
    ownerId: req.ownerId,
  };
  await network.insertSecurityGroup(group);
  return group;
}

/**
 * Gives the ENI `req.ip` or the lowest free address of the subnet, never one of the five AWS reserves
 * (Amazon VPC User Guide, "Subnet CIDR blocks"). NetworkError InvalidSubnetID.NotFound,
 * InvalidParameterValue (outside the subnet, reserved), InvalidIPAddress.InUse,
 * InsufficientFreeAddressesInSubnet.
 */
export async function createNetworkInterface(network: NetworkRepository, req: NetworkInterfaceRequest): Promise<NetworkInterface> {
  const subnet = await network.subnet(req.subnetId);
  if (!subnet) throw new NetworkError('InvalidSubnetID.NotFound', `The subnet ID '${req.subnetId}' does not exist`);
  const taken = new Set((await network.addressesInUse(subnet.subnetId)).map((ip) => parseIp(ip)!));
  const eni: NetworkInterface = {
    eniId: ec2Id('eni'),
    subnetId: subnet.subnetId,
    region: subnet.region,
    privateIp: formatIp(chooseAddress(subnet, taken, req.ip)),
    description: req.description,
    groupId: req.groupId ?? null,
    ownerId: req.ownerId,
    requesterId: req.requesterId ?? null,
    mac: macAddress(),
  };
  await network.insertNetworkInterface(eni);
  return eni;
}

/** The requested address if it is usable, else the lowest free one. */
function chooseAddress(subnet: Subnet, taken: Set<number>, requested: string | undefined): number {
  const cidr = parseCidr(subnet.cidr)!;
  if (requested !== undefined) {
    const ip = parseIp(requested);
    if (ip === undefined || !containsIp(cidr, ip)) {
      throw new NetworkError(
        'InvalidParameterValue',
        `Address ${requested} does not fall within the subnet's address range (${subnet.cidr}).`,
      );
    }
    if (isReserved(cidr, ip))
      throw new NetworkError('InvalidParameterValue', `Address ${requested} is reserved by AWS in subnet ${subnet.subnetId}.`);
    if (taken.has(ip)) throw new NetworkError('InvalidIPAddress.InUse', `Address ${requested} is in use.`);
    return ip;
  }
  for (let candidate = cidr.base + 4; candidate < last(cidr); candidate++) if (!taken.has(candidate)) return candidate;
  throw new NetworkError(
    'InsufficientFreeAddressesInSubnet',
    `There are not enough free addresses in subnet '${subnet.subnetId}' to satisfy the requested number of instances.`,
  );
}
