/**
 * The VPC network CloudHSM clusters are placed in. Each region gets AWS's default VPC
 * (172.31.0.0/16, one /20 default subnet per zone) the first time anything looks at it; admins
 * add VPCs and subnets with createVpc/createSubnet. Every write here runs in the caller's
 * transaction, through the network repository.
 */
import { NetworkError, type NetworkRepository, type Subnet, type Vpc } from '../../storage/ports/network.js';
import { containsCidr, formatCidr, overlaps, parseCidr } from './cidr.js';
import { ec2Id } from './ids.js';
import { zonesOf } from './zones.js';

export { NetworkError } from '../../storage/ports/network.js';

const DEFAULT_VPC_CIDR = '172.31.0.0/16';

/** Creates the region's default VPC and subnets once; returns the default VPC. */
export async function ensureDefaultVpc(network: NetworkRepository, region: string, ownerId = ''): Promise<Vpc> {
  const existing = await network.defaultVpc(region);
  if (existing) return existing;
  const vpc = await insertVpc(network, { region, cidr: DEFAULT_VPC_CIDR, ownerId, isDefault: true });
  for (const [i, zone] of zonesOf(region).entries()) {
    // AWS's default subnets: 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, ...
    await insertSubnet(network, { vpcId: vpc.vpcId, region, az: zone.name, cidr: `172.31.${16 * i}.0/20`, ownerId, isDefault: true });
  }
  return vpc;
}

/** Admin: adds a VPC to a region. CIDR between /16 and /28, as EC2 allows. */
export async function createVpc(network: NetworkRepository, input: { region: string; cidr: string; ownerId?: string }): Promise<Vpc> {
  const cidr = parseCidr(input.cidr);
  if (!cidr || cidr.prefix < 16 || cidr.prefix > 28) {
    throw new NetworkError('InvalidVpc.Range', `The CIDR '${input.cidr}' is invalid.`);
  }
  const ownerId = input.ownerId ?? (await ensureDefaultVpc(network, input.region)).ownerId;
  return insertVpc(network, { region: input.region, cidr: formatCidr(cidr), ownerId, isDefault: false });
}

/** Admin: adds a subnet to a VPC in one of the region's zones. */
export async function createSubnet(
  network: NetworkRepository,
  input: { region: string; vpcId: string; az: string; cidr: string },
): Promise<Subnet> {
  const vpc = await network.vpc(input.vpcId);
  if (!vpc || vpc.region !== input.region) {
    throw new NetworkError('InvalidVpcID.NotFound', `The vpc ID '${input.vpcId}' does not exist`);
  }
  const zones = zonesOf(input.region);
  if (!zones.some((z) => z.name === input.az)) {
    throw new NetworkError(
      'InvalidParameterValue',
      `Value (${input.az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones
        .map((z) => z.name)
        .join(', ')}.`,
    );
  }
  const cidr = parseCidr(input.cidr);
  if (!cidr || cidr.prefix < 16 || cidr.prefix > 28 || !containsCidr(parseCidr(vpc.cidr)!, cidr)) {
    throw new NetworkError('InvalidSubnet.Range', `The CIDR '${input.cidr}' is invalid.`);
  }
  const clash = (await network.subnetsOfVpc(vpc.vpcId)).find((s) => overlaps(parseCidr(s.cidr)!, cidr));
  if (clash) throw new NetworkError('InvalidSubnet.Conflict', `The CIDR '${input.cidr}' conflicts with another subnet`);
  return insertSubnet(network, {
    vpcId: vpc.vpcId,
    region: input.region,
    az: input.az,
    cidr: formatCidr(cidr),
    ownerId: vpc.ownerId,
    isDefault: false,
  });
}

async function insertVpc(
  network: NetworkRepository,
  v: { region: string; cidr: string; ownerId: string; isDefault: boolean },
): Promise<Vpc> {
  const vpc: Vpc = {
    vpcId: ec2Id('vpc'),
    region: v.region,
    ownerId: v.ownerId,
    cidr: v.cidr,
    isDefault: v.isDefault,
    dhcpOptionsId: ec2Id('dopt'),
  };
  await network.insertVpc(vpc);
  return vpc;
}

async function insertSubnet(
  network: NetworkRepository,
  s: { vpcId: string; region: string; az: string; cidr: string; ownerId: string; isDefault: boolean },
): Promise<Subnet> {
  const subnet: Subnet = {
    subnetId: ec2Id('subnet'),
    vpcId: s.vpcId,
    region: s.region,
    availabilityZone: s.az,
    cidr: s.cidr,
    defaultForAz: s.isDefault,
    ownerId: s.ownerId,
  };
  await network.insertSubnet(subnet);
  return subnet;
}
