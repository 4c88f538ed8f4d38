/**
 * The VPC network CloudHSM clusters are placed in. Each region gets AWS's default VPC
 * (172.31.0.0/16, one /20 default subnet per zone) the first time anything looks at it; admins
 * add VPCs and subnets with createVpc/createSubnet. Every write here must run inside the caller's
 * transaction.
 */
import type { Db } from '../../storage/sqlite/database.js';
import { containsCidr, formatCidr, overlaps, parseCidr } from './cidr.js';
import { ec2Id } from './ids.js';
import { zonesOf } from './zones.js';

/** A rule of the network was broken; callers turn it into their service's error. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VpcRow {
  vpc_id: string;
  region: string;
  owner_id: string;
  cidr: string;
  is_default: number;
  dhcp_options_id: string;
}

export interface SubnetRow {
  subnet_id: string;
  vpc_id: string;
  region: string;
  az: string;
  cidr: string;
  default_for_az: number;
  owner_id: string;
}

const DEFAULT_VPC_CIDR = '172.31.0.0/16';

/** Creates the region's default VPC and subnets once; returns the default VPC. */
export function ensureDefaultVpc(db: Db, region: string, ownerId = ''): VpcRow {
  const existing = db.prepare('SELECT * FROM ec2_vpcs WHERE region = ? AND is_default = 1').get(region) as VpcRow | undefined;
  if (existing) return existing;
  const vpc = insertVpc(db, { region, cidr: DEFAULT_VPC_CIDR, ownerId, isDefault: true });
  zonesOf(region).forEach((zone, i) => {
    // AWS's default subnets: 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, ...
    insertSubnet(db, { vpcId: vpc.vpc_id, region, az: zone.name, cidr: `172.31.${16 * i}.0/20`, ownerId, isDefault: true });
  });
  return vpc;
}

/** Admin: adds a VPC to a region. CIDR between /16 and /28, as EC2 allows. */
export function createVpc(db: Db, input: { region: string; cidr: string; ownerId?: string }): VpcRow {
  const cidr = parseCidr(input.cidr);
  if (!cidr || cidr.prefix < 16 || cidr.prefix > 28) {
    throw new NetworkError('InvalidVpc.Range', `The CIDR '${input.cidr}' is invalid.`);
  }
  const ownerId = input.ownerId ?? ensureDefaultVpc(db, input.region).owner_id;
  return insertVpc(db, { region: input.region, cidr: formatCidr(cidr), ownerId, isDefault: false });
}

/** Admin: adds a subnet to a VPC in one of the region's zones. */
export function createSubnet(db: Db, input: { region: string; vpcId: string; az: string; cidr: string }): SubnetRow {
  const vpc = getVpc(db, input.vpcId);
  if (!vpc || vpc.region !== input.region) {
    throw new NetworkError('InvalidVpcID.NotFound', `The vpc ID '${input.vpcId}' does not exist`);
  }
  if (!zonesOf(input.region).some((z) => z.name === input.az)) {
    throw new NetworkError(
      'InvalidParameterValue',
      `Value (${input.az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zonesOf(
        input.region,
      )
        .map((z) => z.name)
        .join(', ')}.`,
    );
  }
  const cidr = parseCidr(input.cidr);
  if (!cidr || cidr.prefix < 16 || cidr.prefix > 28 || !containsCidr(parseCidr(vpc.cidr)!, cidr)) {
    throw new NetworkError('InvalidSubnet.Range', `The CIDR '${input.cidr}' is invalid.`);
  }
  const clash = subnetsOfVpc(db, vpc.vpc_id).find((s) => overlaps(parseCidr(s.cidr)!, cidr));
  if (clash) throw new NetworkError('InvalidSubnet.Conflict', `The CIDR '${input.cidr}' conflicts with another subnet`);
  return insertSubnet(db, {
    vpcId: vpc.vpc_id,
    region: input.region,
    az: input.az,
    cidr: formatCidr(cidr),
    ownerId: vpc.owner_id,
    isDefault: false,
  });
}

export const getVpc = (db: Db, vpcId: string): VpcRow | undefined =>
  db.prepare('SELECT * FROM ec2_vpcs WHERE vpc_id = ?').get(vpcId) as VpcRow | undefined;

export const getSubnet = (db: Db, subnetId: string): SubnetRow | undefined =>
  db.prepare('SELECT * FROM ec2_subnets WHERE subnet_id = ?').get(subnetId) as SubnetRow | undefined;

export const subnetsOfVpc = (db: Db, vpcId: string): SubnetRow[] =>
  db.prepare('SELECT * FROM ec2_subnets WHERE vpc_id = ? ORDER BY az, subnet_id').all(vpcId) as SubnetRow[];

function insertVpc(db: Db, v: { region: string; cidr: string; ownerId: string; isDefault: boolean }): VpcRow {
  const row: VpcRow = {
    vpc_id: ec2Id('vpc'),
    region: v.region,
    owner_id: v.ownerId,
    cidr: v.cidr,
    is_default: v.isDefault ? 1 : 0,
    dhcp_options_id: ec2Id('dopt'),
  };
  db.prepare('INSERT INTO ec2_vpcs VALUES (@vpc_id, @region, @owner_id, @cidr, @is_default, @dhcp_options_id)').run(row);
  return row;
}

function insertSubnet(
  db: Db,
  s: { vpcId: string; region: string; az: string; cidr: string; ownerId: string; isDefault: boolean },
): SubnetRow {
  const row: SubnetRow = {
    subnet_id: ec2Id('subnet'),
    vpc_id: s.vpcId,
    region: s.region,
    az: s.az,
    cidr: s.cidr,
    default_for_az: s.isDefault ? 1 : 0,
    owner_id: s.ownerId,
  };
  db.prepare('INSERT INTO ec2_subnets VALUES (@subnet_id, @vpc_id, @region, @az, @cidr, @default_for_az, @owner_id)').run(row);
  return row;
}
