/**
 * The CloudHSM user guide's getting-started flow, driven by the AWS CLI exactly as a user types it:
 * create cluster → HSM → sign the CSR with our own CA → initialize → (activate) → second HSM →
 * backups → tags → teardown, plus the error codes the CLI shows for the usual mistakes.
 *
 * Every step is an `aws` command; the commands between two waits run in one Python process
 * (awsBatch), and the waits themselves poll through the SDK, so a loaded machine pays for one
 * interpreter per step rather than one per command and poll.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudHSMV2Client, DescribeBackupsCommand, DescribeClustersCommand, type Cluster } from '@aws-sdk/client-cloudhsm-v2';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliErrorCode, cliJson, hasTool, run } from '../support/tools.js';
import { makeCa, pollUntil, signCsr } from './cloudhsm-helpers.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
const enabled = hasTool('aws') && hasTool('openssl', ['version']);

/** Runs one `aws` command (JSON output) and returns its parsed answer. */
const awsOne = async (env: NodeJS.ProcessEnv, args: string[]) => cliJson((await awsBatch(env, [args]))[0]!, `aws ${args.join(' ')}`);

/** The SDK's view of a cluster, for waiting on state changes without starting a process per poll. */
function waiter(server: RunningServer) {
  const hsm = new CloudHSMV2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
  const cluster = async (id: string): Promise<Cluster | undefined> =>
    (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } }))).Clusters![0];
  return {
    until: (id: string, done: (c: Cluster) => boolean) =>
      pollUntil(
        () => cluster(id),
        (c) => c !== undefined && done(c),
      ),
    gone: (id: string) =>
      pollUntil(
        () => cluster(id),
        (c) => c === undefined,
      ),
    readyBackups: (id: string) =>
      pollUntil(
        async () => (await hsm.send(new DescribeBackupsCommand({ Filters: { clusterIds: [id], states: ['READY'] } }))).Backups!,
        (b) => b.length > 0,
      ),
  };
}

/** Creates a cluster in two default subnets (found with `aws ec2 describe-subnets`) and waits for its first HSM. */
async function clusterWithHsm(env: NodeJS.ProcessEnv, wait: ReturnType<typeof waiter>) {
  const found = await awsOne(env, ['ec2', 'describe-subnets', '--filters', 'Name=availability-zone,Values=us-east-1a,us-east-1b']);
  const subnets = [...found.Subnets].sort((a: any, b: any) => a.AvailabilityZone.localeCompare(b.AvailabilityZone)) as Array<{
    SubnetId: string;
    AvailabilityZone: string;
    CidrBlock: string;
  }>;
  const created = await awsOne(env, [
    'cloudhsmv2',
    'create-cluster',
    '--hsm-type',
    'hsm2m.medium',
    '--subnet-ids',
    ...subnets.map((s) => s.SubnetId),
  ]);
  const id = created.Cluster.ClusterId as string;
  expect(created.Cluster.State).toBe('CREATE_IN_PROGRESS');
  await wait.until(id, (c) => c.State === 'UNINITIALIZED');
  const hsm = (await awsOne(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1a'])).Hsm;
  await wait.until(id, (c) => c.Hsms![0]?.State === 'ACTIVE');
  return { id, subnets, hsm };
}

const describeCluster = (id: string) => ['cloudhsmv2', 'describe-clusters', '--filters', `clusterIds=${id}`];
const csrText = (id: string) => [...describeCluster(id), '--output', 'text', '--query', 'Clusters[0].Certificates.ClusterCsr'];
const initialize = (id: string, cert: string, anchor: string) => [
  'cloudhsmv2',
  'initialize-cluster',
  '--cluster-id',
  id,
  '--signed-cert',
  `file://${cert}`,
  '--trust-anchor',
  `file://${anchor}`,
];

// The tests run concurrently on two servers. Timeouts are caps for a loaded machine: the longest
// test took 37 s in a quiet full-suite run before batching; after, 66 s at a load of 15 on 2 cores
// and over 120 s at 22.
describe.runIf(enabled).concurrent('AWS CLI: the CloudHSM getting-started flow', () => {
  let server: RunningServer;
  let manual: RunningServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    [server, manual] = await Promise.all([
      startServer({ args: ['--auto-activate', '--timings', 'fast'] }),
      startServer({ args: ['--timings', 'fast'] }),
    ]);
    env = server.awsEnv();
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), manual?.stop()]);
  });

  it('creates, initializes, activates, backs up, tags and deletes a cluster', async () => {
    const wait = waiter(server);
    const { id, subnets, hsm } = await clusterWithHsm(env, wait);
    expect(hsm).toMatchObject({
      AvailabilityZone: 'us-east-1a',
      ClusterId: id,
      SubnetId: subnets[0]!.SubnetId,
      State: 'CREATE_IN_PROGRESS',
    });
    // Mistakes first, while the cluster is UNINITIALIZED with one HSM.
    const [csr, described, secondTooEarly, deleteBusy] = await awsBatch(env, [
      csrText(id),
      describeCluster(id),
      ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b'],
      ['cloudhsmv2', 'delete-cluster', '--cluster-id', id],
    ]);
    expect(csr!.stdout).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(cliJson(described!).Clusters[0].SubnetMapping).toEqual({
      'us-east-1a': subnets[0]!.SubnetId,
      'us-east-1b': subnets[1]!.SubnetId,
    });
    expect(cliErrorCode(secondTooEarly!)).toBe('CloudHsmInvalidRequestException');
    expect(cliErrorCode(deleteBusy!)).toBe('CloudHsmInvalidRequestException');

    const ca = await makeCa('customerCA');
    const other = await makeCa('otherCA');
    const [wrongCert, cert] = await Promise.all([signCsr(other, csr!.stdout, 'wrong'), signCsr(ca, csr!.stdout)]);
    const [wrong, init] = await awsBatch(env, [initialize(id, wrongCert, ca.crt), initialize(id, cert, ca.crt)]);
    expect(cliErrorCode(wrong!)).toBe('CloudHsmInvalidRequestException');
    expect(cliJson(init!)).toEqual({
      State: 'INITIALIZE_IN_PROGRESS',
      StateMessage: 'Cluster is initializing. State will change to INITIALIZED upon completion.',
    });
    await wait.until(id, (c) => c.State === 'ACTIVE');

    // Second HSM in the other AZ at a chosen address; an address outside the subnet is refused.
    const ip = subnets[1]!.CidrBlock.replace(/\.0\/\d+$/, '.100');
    const [active, outside, secondOut] = await awsBatch(env, [
      describeCluster(id),
      ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b', '--ip-address', '10.9.9.9'],
      ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b', '--ip-address', ip],
    ]);
    const { Certificates } = cliJson(active!).Clusters[0];
    expect(Certificates.ClusterCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(Certificates.ClusterCsr).toBeUndefined();
    expect(cliErrorCode(outside!)).toBe('CloudHsmInvalidRequestException');
    const second = cliJson(secondOut!).Hsm;
    expect(second).toMatchObject({ AvailabilityZone: 'us-east-1b', EniIp: ip, SubnetId: subnets[1]!.SubnetId });
    await wait.until(id, (c) => c.Hsms!.length === 2 && c.Hsms!.every((h) => h.State === 'ACTIVE'));

    // Backups: activation took one; copy, delete (PENDING_DELETION), restore (READY).
    await wait.readyBackups(id);
    const backups = (
      await awsOne(env, ['cloudhsmv2', 'describe-backups', '--filters', JSON.stringify({ clusterIds: [id], states: ['READY'] })])
    ).Backups;
    const backupId = backups[0].BackupId as string;
    expect(backups[0]).toMatchObject({
      ClusterId: id,
      BackupState: 'READY',
      HsmType: 'hsm2m.medium',
      BackupArn: `arn:aws:cloudhsm:us-east-1:${server.accountId}:backup/${backupId}`,
    });
    const [copy, copies, deletedBackup, restored, , tags, , fewerTags, byEni, byId] = (
      await awsBatch(env, [
        ['cloudhsmv2', 'copy-backup-to-region', '--backup-id', backupId, '--destination-region', 'us-west-2'],
        ['cloudhsmv2', 'describe-backups', '--region', 'us-west-2'],
        ['cloudhsmv2', 'delete-backup', '--backup-id', backupId],
        ['cloudhsmv2', 'restore-backup', '--backup-id', backupId],
        // Tags.
        ['cloudhsmv2', 'tag-resource', '--resource-id', id, '--tag-list', 'Key=env,Value=test', 'Key=team,Value=sec'],
        ['cloudhsmv2', 'list-tags', '--resource-id', id],
        ['cloudhsmv2', 'untag-resource', '--resource-id', id, '--tag-key-list', 'env'],
        ['cloudhsmv2', 'list-tags', '--resource-id', id],
        // Teardown: one HSM by ENI address, one by id, then the cluster.
        ['cloudhsmv2', 'delete-hsm', '--cluster-id', id, '--eni-ip', ip],
        ['cloudhsmv2', 'delete-hsm', '--cluster-id', id, '--hsm-id', hsm.HsmId],
      ])
    ).map((r, i) => cliJson(r, `command ${i}`));
    expect(copy.DestinationBackup).toMatchObject({ SourceRegion: 'us-east-1', SourceBackup: backupId, SourceCluster: id });
    expect(copies.Backups).toHaveLength(1);
    expect(copies.Backups[0]).toMatchObject({ SourceBackup: backupId, SourceRegion: 'us-east-1' });
    expect(deletedBackup.Backup).toMatchObject({ BackupId: backupId, BackupState: 'PENDING_DELETION' });
    expect(restored.Backup).toMatchObject({ BackupId: backupId, BackupState: 'READY' });
    expect(tags.TagList).toEqual([
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'sec' },
    ]);
    expect(fewerTags.TagList).toEqual([{ Key: 'team', Value: 'sec' }]);
    expect([byEni, byId]).toEqual([{ HsmId: second.HsmId }, { HsmId: hsm.HsmId }]);

    await wait.until(id, (c) => c.Hsms!.length === 0);
    expect((await awsOne(env, ['cloudhsmv2', 'delete-cluster', '--cluster-id', id])).Cluster.State).toBe('DELETE_IN_PROGRESS');
    await wait.gone(id);
    const [clusters, kept] = (
      await awsBatch(env, [
        ['cloudhsmv2', 'describe-clusters'],
        ['cloudhsmv2', 'describe-backups', '--filters', `clusterIds=${id}`],
      ])
    ).map((r) => cliJson(r));
    expect(clusters.Clusters).toEqual([]);
    // Backups outlive their cluster.
    expect(kept.Backups.length).toBeGreaterThan(0);
  }, 240_000);

  it('reports unknown resources and bad tokens with CloudHSM error codes', async () => {
    const codes = (
      await awsBatch(env, [
        ['cloudhsmv2', 'delete-cluster', '--cluster-id', 'cluster-aaaaaaaaaaa'],
        ['cloudhsmv2', 'create-hsm', '--cluster-id', 'cluster-aaaaaaaaaaa', '--availability-zone', 'us-east-1a'],
        ['cloudhsmv2', 'describe-clusters', '--next-token', 'not-a-token'],
        ['cloudhsmv2', 'describe-backups', '--next-token', '!!!'],
        ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm2m.medium', '--subnet-ids', 'subnet-0000000000000000f'],
      ])
    ).map((r) => cliErrorCode(r));
    expect(codes).toEqual([
      'CloudHsmResourceNotFoundException',
      'CloudHsmResourceNotFoundException',
      'CloudHsmInvalidRequestException',
      'CloudHsmInvalidRequestException',
      'CloudHsmInvalidRequestException',
    ]);
  });

  it('the CLI pages through clusters with --page-size, --max-items and --starting-token', async () => {
    // us-west-1, so the other tests' cluster counts are untouched.
    const west = server.awsEnv({ AWS_DEFAULT_REGION: 'us-west-1', AWS_REGION: 'us-west-1' });
    const [subnet] = (await awsOne(west, ['ec2', 'describe-subnets'])).Subnets;
    const create = ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm2m.medium', '--subnet-ids', subnet.SubnetId];
    const pageSize1 = ['cloudhsmv2', 'describe-clusters', '--page-size', '1'];
    const [c1, c2, c3, allOut, firstOut] = await awsBatch(west, [
      create,
      create,
      create,
      [...pageSize1, '--query', 'Clusters[].ClusterId'],
      [...pageSize1, '--max-items', '2'],
    ]);
    const ids = [c1, c2, c3].map((c) => cliJson(c!).Cluster.ClusterId as string);
    const all = cliJson(allOut!);
    expect([...all].sort()).toEqual([...ids].sort());
    const first = cliJson(firstOut!);
    expect(first.Clusters).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const rest = await awsOne(west, [...pageSize1, '--starting-token', first.NextToken]);
    expect([...first.Clusters, ...rest.Clusters].map((c: any) => c.ClusterId)).toEqual(all);
  }, 60_000);

  it('without --auto-activate: stays INITIALIZED until `hsmtrail hsm activate`, which takes the first backup', async () => {
    const env = manual.awsEnv();
    const wait = waiter(manual);
    const { id } = await clusterWithHsm(env, wait);
    const [csr] = await awsBatch(env, [csrText(id)]);
    const ca = await makeCa('customerCA');
    await awsOne(env, initialize(id, await signCsr(ca, csr!.stdout), ca.crt));
    await wait.until(id, (c) => c.State === 'INITIALIZED');
    // Nothing activates it: with fast timings every transition is well under this second.
    await new Promise((r) => setTimeout(r, 1000));
    const stateAndBackups = async () =>
      (await awsBatch(env, [describeCluster(id), ['cloudhsmv2', 'describe-backups']])).map((r) => cliJson(r));
    const [before, noBackups] = await stateAndBackups();
    expect(before.Clusters[0].State).toBe('INITIALIZED');
    expect(noBackups.Backups).toEqual([]);

    const activate = await run(process.execPath, [BIN, 'hsm', 'activate', '--cluster-id', id, '--output', 'json'], env);
    expect(activate.stderr).toBe('');
    expect(JSON.parse(activate.stdout)).toMatchObject({ ClusterId: id, State: 'ACTIVE' });
    const [after, oneBackup] = await stateAndBackups();
    expect(after.Clusters[0].State).toBe('ACTIVE');
    expect(oneBackup.Backups).toHaveLength(1);

    const again = await run(process.execPath, [BIN, 'hsm', 'activate', '--cluster-id', id], env);
    expect(again.status).not.toBe(0);
  }, 240_000);
});
