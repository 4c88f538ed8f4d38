import type { Command } from 'commander';
import { callAdmin, type EndpointOptions } from '../admin-client.js';
import { cloudTrailBucketPolicy } from '../../audit/deliver/bucket-policy.js';

export interface CommonFlags extends EndpointOptions {
  output: string;
}

/** Adds the flags every command that talks to a running server shares. */
export function remote(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', 'server to call (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4599)')
    .option('--region <region>', 'region to act in (default: AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'AWS credentials profile (default: environment variables, then AWS_PROFILE)')
    .option('--output <format>', 'text or json', 'text');
}

export function print(result: Record<string, unknown>, flags: CommonFlags, text: (r: any) => string): void {
  process.stdout.write(flags.output === 'json' ? JSON.stringify(result, null, 2) + '\n' : text(result) + '\n');
}

export function registerAdmin(program: Command): void {
  const hsm = program.command('hsm').description('what AWS does through the HSM itself');
  remote(hsm.command('activate').description('activate an initialized cluster (cloudhsm-cli "cluster activate" on AWS)'))
    .requiredOption('--cluster-id <id>', 'the cluster to activate')
    .action(async (flags: CommonFlags & { clusterId: string }) => {
      const r = await callAdmin<{ ClusterId: string; State: string }>('ActivateCluster', { ClusterId: flags.clusterId }, flags);
      print(r, flags, (x) => `${x.ClusterId}: ${x.State}`);
    });

  const network = program.command('network').description('VPCs and subnets that clusters are created in');
  remote(network.command('create-vpc').description('add a VPC to a region'))
    .requiredOption('--cidr <cidr>', 'IPv4 CIDR block, e.g. 10.0.0.0/16')
    .action(async (flags: CommonFlags & { cidr: string }) => {
      const r = await callAdmin<{ VpcId: string; CidrBlock: string }>('CreateVpc', { CidrBlock: flags.cidr }, flags);
      print(r, flags, (x) => `${x.VpcId} ${x.CidrBlock}`);
    });
  remote(network.command('create-subnet').description('add a subnet to a VPC in one availability zone'))
    .requiredOption('--vpc-id <id>', 'the VPC')
    .requiredOption('--availability-zone <az>', 'e.g. us-east-1a')
    .requiredOption('--cidr <cidr>', 'IPv4 CIDR block inside the VPC')
    .action(async (flags: CommonFlags & { vpcId: string; availabilityZone: string; cidr: string }) => {
      const input = { VpcId: flags.vpcId, AvailabilityZone: flags.availabilityZone, CidrBlock: flags.cidr };
      const r = await callAdmin<{ SubnetId: string; AvailabilityZone: string; CidrBlock: string }>('CreateSubnet', input, flags);
      print(r, flags, (x) => `${x.SubnetId} ${x.AvailabilityZone} ${x.CidrBlock}`);
    });

  const trail = program.command('trail').description('trail delivery on a running server');
  remote(trail.command('flush').description('deliver pending events now and close the current digest period'))
    .option('--name <trail>', 'only this trail (name or ARN)')
    .action(async (flags: CommonFlags & { name?: string }) => {
      const r = await callAdmin<{ TrailNames: string[]; LogFilesDelivered: number; DigestFilesDelivered: number; Failures?: string[] }>(
        'FlushTrails',
        flags.name ? { Name: flags.name } : {},
        flags,
      );
      print(r, flags, (x) =>
        [
          `flushed ${x.TrailNames.length} trail(s): ${x.LogFilesDelivered} log file(s), ${x.DigestFilesDelivered} digest file(s)`,
          ...(x.Failures ?? []).map((f: string) => `failed: ${f}`),
        ].join('\n'),
      );
      if (r.Failures?.length) process.exitCode = 1;
    });

  trail
    .command('bucket-policy')
    .description("print the bucket policy that lets CloudTrail deliver a trail's files into a bucket")
    .requiredOption('--bucket <name>', 'the trail bucket')
    .requiredOption('--account-id <id>', 'the account whose events are delivered (aws sts get-caller-identity)')
    .option('--prefix <prefix>', "the trail's S3 key prefix, if any")
    .option('--trail-name <name>', 'limit the grant to this trail (aws:SourceArn)')
    .option('--region <region>', "the trail's home region, with --trail-name", process.env.AWS_REGION ?? 'us-east-1')
    .action((flags: { bucket: string; accountId: string; prefix?: string; trailName?: string; region: string }) => {
      if (!/^\d{12}$/.test(flags.accountId)) throw new Error(`invalid account id '${flags.accountId}': it must be 12 digits`);
      const trailArn = flags.trailName && `arn:aws:cloudtrail:${flags.region}:${flags.accountId}:trail/${flags.trailName}`;
      process.stdout.write(
        cloudTrailBucketPolicy({ bucket: flags.bucket, accountId: flags.accountId, prefix: flags.prefix, trailArn }) + '\n',
      );
    });
}
