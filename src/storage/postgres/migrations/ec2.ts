import { TEXT, type PgMigration } from './migrate.js';

export const EC2_MODULE = 'ec2';

/** The emulated EC2 network, as SQLite's module 'ec2'. */
export const ec2Migrations: PgMigration[] = [
  {
    version: 1,
    name: 'vpcs, subnets, security groups, network interfaces',
    up: `
      CREATE TABLE ec2_vpcs (
        vpc_id ${TEXT} PRIMARY KEY, region ${TEXT} NOT NULL, owner_id ${TEXT} NOT NULL, cidr ${TEXT} NOT NULL,
        is_default BOOLEAN NOT NULL, dhcp_options_id ${TEXT} NOT NULL);
      CREATE INDEX ec2_vpcs_region ON ec2_vpcs (region);
      CREATE UNIQUE INDEX ec2_vpcs_one_default ON ec2_vpcs (region) WHERE is_default;
      CREATE TABLE ec2_subnets (
        subnet_id ${TEXT} PRIMARY KEY, vpc_id ${TEXT} NOT NULL REFERENCES ec2_vpcs (vpc_id), region ${TEXT} NOT NULL,
        az ${TEXT} NOT NULL, cidr ${TEXT} NOT NULL, default_for_az BOOLEAN NOT NULL, owner_id ${TEXT} NOT NULL);
      CREATE INDEX ec2_subnets_vpc ON ec2_subnets (vpc_id);
      CREATE INDEX ec2_subnets_region ON ec2_subnets (region);
      CREATE TABLE ec2_security_groups (
        group_id ${TEXT} PRIMARY KEY, vpc_id ${TEXT} NOT NULL REFERENCES ec2_vpcs (vpc_id), region ${TEXT} NOT NULL,
        group_name ${TEXT} NOT NULL, description TEXT NOT NULL, owner_id ${TEXT} NOT NULL, UNIQUE (vpc_id, group_name));
      CREATE INDEX ec2_security_groups_region ON ec2_security_groups (region);
      CREATE TABLE ec2_network_interfaces (
        eni_id ${TEXT} PRIMARY KEY, subnet_id ${TEXT} NOT NULL REFERENCES ec2_subnets (subnet_id), region ${TEXT} NOT NULL,
        private_ip ${TEXT} NOT NULL, description TEXT NOT NULL, group_id ${TEXT}, owner_id ${TEXT} NOT NULL,
        requester_id ${TEXT}, mac ${TEXT} NOT NULL, UNIQUE (subnet_id, private_ip));
      CREATE INDEX ec2_network_interfaces_region ON ec2_network_interfaces (region);
      CREATE TABLE ec2_tags (
        resource_id ${TEXT} NOT NULL, key ${TEXT} NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_id, key));
    `,
  },
];
