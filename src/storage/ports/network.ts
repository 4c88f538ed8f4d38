import type { Tag } from '../../protocol/generated/ec2.js';

/** The emulated EC2 network (owned by the EC2 service); CloudHSM places its ENIs and security group here. */
export interface Vpc {
  vpcId: string;
  region: string;
  /** '' for a default VPC created before any caller looked (DescribeVpcs shows the caller's account). */
  ownerId: string;
  cidr: string;
  isDefault: boolean;
  dhcpOptionsId: string;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  region: string;
  availabilityZone: string;
  cidr: string;
  defaultForAz: boolean;
  ownerId: string;
}

export interface SecurityGroup {
  groupId: string;
  vpcId: string;
  region: string;
  groupName: string;
  description: string;
  ownerId: string;
}

export interface NetworkInterface {
  eniId: string;
  subnetId: string;
  region: string;
  privateIp: string;
  description: string;
  groupId: string | null;
  ownerId: string;
  requesterId: string | null;
  mac: string;
}

/** An ENI with what DescribeNetworkInterfaces shows of its subnet and group. */
export interface NetworkInterfaceView extends NetworkInterface {
  vpcId: string;
  availabilityZone: string;
  groupName: string | null;
}

export interface SecurityGroupRequest {
  vpcId: string;
  name: string;
  description: string;
  ownerId: string;
}

export interface NetworkInterfaceRequest {
  subnetId: string;
  /** A specific address; otherwise the lowest free one. */
  ip?: string;
  description: string;
  groupId?: string;
  ownerId: string;
  requesterId?: string;
}

/** A rule of the network was broken (EC2's error code and message); callers turn it into their service's error. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NetworkRepository {
  vpc(vpcId: string): Promise<Vpc | undefined>;
  defaultVpc(region: string): Promise<Vpc | undefined>;
  subnet(subnetId: string): Promise<Subnet | undefined>;
  /** By zone, then id. */
  subnetsOfVpc(vpcId: string): Promise<Subnet[]>;
  /** A region's resources, by id. */
  vpcs(region: string): Promise<Vpc[]>;
  subnets(region: string): Promise<Subnet[]>;
  securityGroups(region: string): Promise<SecurityGroup[]>;
  networkInterfaces(region: string): Promise<NetworkInterfaceView[]>;
  /** Subnet id → ENIs in it, for a region's subnets that have any. */
  interfaceCounts(region: string): Promise<Map<string, number>>;
  /** Tags of the given resources, by key; resources without tags are absent. */
  tagsOf(resourceIds: string[]): Promise<Map<string, Tag[]>>;
  insertVpc(vpc: Vpc): Promise<void>;
  insertSubnet(subnet: Subnet): Promise<void>;
  insertSecurityGroup(group: SecurityGroup): Promise<void>;
  /** Deletes the group and its tags. */
  deleteSecurityGroup(groupId: string): Promise<void>;
  /** The private addresses of the subnet's ENIs. */
  addressesInUse(subnetId: string): Promise<string[]>;
  insertNetworkInterface(eni: NetworkInterface): Promise<void>;
  /** Deletes the ENI and its tags. */
  deleteNetworkInterface(eniId: string): Promise<void>;
}
