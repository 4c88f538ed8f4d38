/**
 * The CloudHSM user guide's getting-started flow, driven by the AWS CLI exactly as a user types it:
 * create cluster → HSM → sign the CSR with our own CA → initialize → (activate) → second HSM →
 * backups → tags → teardown, plus the error codes the CLI shows for the usual mistakes.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, run } from '../support/tools.js';
import { makeCa, pollUntil, signCsr } from './cloudhsm-helpers.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
const enabled = hasTool('aws') && hasTool('openssl', ['version']);

/** Runs `aws ...` expecting failure; returns the error code the CLI prints. */
async function awsError(env: NodeJS.ProcessEnv, args: string[]): Promise<string | undefined> {
  const r = await run('aws', args, env);
  expect(r.status, `aws ${args.join(' ')} should fail`).not.toBe(0);
  return /An error occurred \(([A-Za-z]+)\)/.exec(r.stderr)?.[1];
}

const clusterOf = async (env: NodeJS.ProcessEnv, id: string) =>
  (await awsJson(env, ['cloudhsmv2', 'describe-clusters', '--filters', `clusterIds=${id}`])).Clusters[0];

const waitForState = (env: NodeJS.ProcessEnv, id: string, state: string) =>
  pollUntil(() => clusterOf(env, id), (c) => c?.State === state);

/** Two default subnets in us-east-1a and us-east-1b, found with `aws ec2 describe-subnets`. */
async function twoSubnets(env: NodeJS.ProcessEnv): Promise<Array<{ SubnetId: string; AvailabilityZone: string; CidrBlock: string }>> {
  const out = await awsJson(env, ['ec2', 'describe-subnets', '--filters', 'Name=availability-zone,Values=us-east-1a,us-east-1b']);
  return [...out.Subnets].sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone));
}

/** Creates a cluster and its first HSM, waiting until the CSR is there. */
async function clusterWithCsr(env: NodeJS.ProcessEnv) {
  const subnets = await twoSubnets(env);
  const created = await awsJson(env, ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm2m.medium', '--subnet-ids', ...subnets.map((s) => s.SubnetId)]);
  const id = created.Cluster.ClusterId as string;
  expect(created.Cluster.State).toBe('CREATE_IN_PROGRESS');
  await waitForState(env, id, 'UNINITIALIZED');
  const hsm = (await awsJson(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1a'])).Hsm;
  await pollUntil(() => clusterOf(env, id), (c) => c.Hsms[0]?.State === 'ACTIVE');
  const csr = (await run('aws', ['cloudhsmv2', 'describe-clusters', '--filters', `clusterIds=${id}`, '--output', 'text', '--query', 'Clusters[0].Certificates.ClusterCsr'], env)).stdout;
  return { id, subnets, hsm, csr };
}

// The tests run concurrently (each AWS CLI call is a python start-up) on two servers.
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
    const { id, subnets, hsm, csr } = await clusterWithCsr(env);
    expect(hsm).toMatchObject({ AvailabilityZone: 'us-east-1a', ClusterId: id, SubnetId: subnets[0]!.SubnetId, State: 'CREATE_IN_PROGRESS' });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const [cluster, secondTooEarly, deleteBusy] = await Promise.all([
      clusterOf(env, id),
      awsError(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b']),
      awsError(env, ['cloudhsmv2', 'delete-cluster', '--cluster-id', id]),
    ]);
    // Mistakes first, while the cluster is UNINITIALIZED with one HSM.
    expect(secondTooEarly).toBe('CloudHsmInvalidRequestException');
    expect(deleteBusy).toBe('CloudHsmInvalidRequestException');
    expect(cluster.SubnetMapping).toEqual({ 'us-east-1a': subnets[0]!.SubnetId, 'us-east-1b': subnets[1]!.SubnetId });

    const ca = await makeCa('customerCA');
    const other = await makeCa('otherCA');
    const wrongCert = await signCsr(other, csr, 'wrong');
    expect(await awsError(env, ['cloudhsmv2', 'initialize-cluster', '--cluster-id', id, '--signed-cert', `file://${wrongCert}`, '--trust-anchor', `file://${ca.crt}`]))
      .toBe('CloudHsmInvalidRequestException');

    const cert = await signCsr(ca, csr);
    const init = await awsJson(env, ['cloudhsmv2', 'initialize-cluster', '--cluster-id', id, '--signed-cert', `file://${cert}`, '--trust-anchor', `file://${ca.crt}`]);
    expect(init).toEqual({ State: 'INITIALIZE_IN_PROGRESS', StateMessage: 'Cluster is initializing. State will change to INITIALIZED upon completion.' });
    const active = await waitForState(env, id, 'ACTIVE');
    expect(active.Certificates.ClusterCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(active.Certificates.ClusterCsr).toBeUndefined();

    // Second HSM in the other AZ at a chosen address; an address outside the subnet is refused.
    const ip = subnets[1]!.CidrBlock.replace(/\.0\/\d+$/, '.100');
    const [outside, { Hsm: second }] = await Promise.all([
      awsError(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b', '--ip-address', '10.9.9.9']),
      awsJson(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', id, '--availability-zone', 'us-east-1b', '--ip-address', ip]),
    ]);
    expect(outside).toBe('CloudHsmInvalidRequestException');
    expect(second).toMatchObject({ AvailabilityZone: 'us-east-1b', EniIp: ip, SubnetId: subnets[1]!.SubnetId });
    await pollUntil(() => clusterOf(env, id), (c) => c.Hsms.length === 2 && c.Hsms.every((h: any) => h.State === 'ACTIVE'));

    // Backups: activation took one; copy, delete (PENDING_DELETION), restore (READY).
    const backups = await pollUntil(
      async () => (await awsJson(env, ['cloudhsmv2', 'describe-backups', '--filters', JSON.stringify({ clusterIds: [id], states: ['READY'] })])).Backups,
      (b: any[]) => b.length > 0,
    );
    const backupId = backups[0].BackupId as string;
    expect(backups[0]).toMatchObject({ ClusterId: id, BackupState: 'READY', HsmType: 'hsm2m.medium', BackupArn: `arn:aws:cloudhsm:us-east-1:${server.accountId}:backup/${backupId}` });
    const copy = (await awsJson(env, ['cloudhsmv2', 'copy-backup-to-region', '--backup-id', backupId, '--destination-region', 'us-west-2'])).DestinationBackup;
    expect(copy).toMatchObject({ SourceRegion: 'us-east-1', SourceBackup: backupId, SourceCluster: id });
    const copies = (await awsJson(env, ['cloudhsmv2', 'describe-backups', '--region', 'us-west-2'])).Backups;
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ SourceBackup: backupId, SourceRegion: 'us-east-1' });
    expect((await awsJson(env, ['cloudhsmv2', 'delete-backup', '--backup-id', backupId])).Backup).toMatchObject({ BackupId: backupId, BackupState: 'PENDING_DELETION' });
    expect((await awsJson(env, ['cloudhsmv2', 'restore-backup', '--backup-id', backupId])).Backup).toMatchObject({ BackupId: backupId, BackupState: 'READY' });

    // Tags.
    await awsJson(env, ['cloudhsmv2', 'tag-resource', '--resource-id', id, '--tag-list', 'Key=env,Value=test', 'Key=team,Value=sec']);
    expect((await awsJson(env, ['cloudhsmv2', 'list-tags', '--resource-id', id])).TagList).toEqual([{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'sec' }]);
    await awsJson(env, ['cloudhsmv2', 'untag-resource', '--resource-id', id, '--tag-key-list', 'env']);
    expect((await awsJson(env, ['cloudhsmv2', 'list-tags', '--resource-id', id])).TagList).toEqual([{ Key: 'team', Value: 'sec' }]);

    // Teardown: one HSM by ENI address, one by id, then the cluster.
    const deleted = await Promise.all([
      awsJson(env, ['cloudhsmv2', 'delete-hsm', '--cluster-id', id, '--eni-ip', ip]),
      awsJson(env, ['cloudhsmv2', 'delete-hsm', '--cluster-id', id, '--hsm-id', hsm.HsmId]),
    ]);
    expect(deleted).toEqual([{ HsmId: second.HsmId }, { HsmId: hsm.HsmId }]);
    await pollUntil(() => clusterOf(env, id), (c) => c.Hsms.length === 0);
    expect((await awsJson(env, ['cloudhsmv2', 'delete-cluster', '--cluster-id', id])).Cluster.State).toBe('DELETE_IN_PROGRESS');
    await pollUntil(async () => (await awsJson(env, ['cloudhsmv2', 'describe-clusters'])).Clusters, (c: any[]) => c.length === 0);
    // Backups outlive their cluster.
    expect((await awsJson(env, ['cloudhsmv2', 'describe-backups', '--filters', `clusterIds=${id}`])).Backups.length).toBeGreaterThan(0);
  }, 75_000);

  it('reports unknown resources and bad tokens with CloudHSM error codes', async () => {
    expect(await awsError(env, ['cloudhsmv2', 'delete-cluster', '--cluster-id', 'cluster-aaaaaaaaaaa'])).toBe('CloudHsmResourceNotFoundException');
    expect(await awsError(env, ['cloudhsmv2', 'create-hsm', '--cluster-id', 'cluster-aaaaaaaaaaa', '--availability-zone', 'us-east-1a'])).toBe('CloudHsmResourceNotFoundException');
    expect(await awsError(env, ['cloudhsmv2', 'describe-clusters', '--next-token', 'not-a-token'])).toBe('CloudHsmInvalidRequestException');
    expect(await awsError(env, ['cloudhsmv2', 'describe-backups', '--next-token', '!!!'])).toBe('CloudHsmInvalidRequestException');
    expect(await awsError(env, ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm2m.medium', '--subnet-ids', 'subnet-0000000000000000f'])).toBe('CloudHsmInvalidRequestException');  });

  it('the CLI pages through clusters with --page-size, --max-items and --starting-token', async () => {
    // us-west-1, so the other tests' cluster counts are untouched.
    const west = server.awsEnv({ AWS_DEFAULT_REGION: 'us-west-1', AWS_REGION: 'us-west-1' });
    const [subnet] = (await awsJson(west, ['ec2', 'describe-subnets'])).Subnets;
    const created = await Promise.all([0, 1, 2].map(() => awsJson(west, ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm2m.medium', '--subnet-ids', subnet.SubnetId])));
    const ids = created.map((c) => c.Cluster.ClusterId as string);
    const all = await awsJson(west, ['cloudhsmv2', 'describe-clusters', '--page-size', '1', '--query', 'Clusters[].ClusterId']);
    expect([...all].sort()).toEqual([...ids].sort());
    const first = await awsJson(west, ['cloudhsmv2', 'describe-clusters', '--page-size', '1', '--max-items', '2']);
    expect(first.Clusters).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const rest = await awsJson(west, ['cloudhsmv2', 'describe-clusters', '--page-size', '1', '--starting-token', first.NextToken]);
    expect([...first.Clusters, ...rest.Clusters].map((c: any) => c.ClusterId)).toEqual(all);
  });

  it('without --auto-activate: stays INITIALIZED until `hsmtrail hsm activate`, which takes the first backup', async () => {
    const env = manual.awsEnv();
    const { id, csr } = await clusterWithCsr(env);
    const ca = await makeCa('customerCA');
    await awsJson(env, ['cloudhsmv2', 'initialize-cluster', '--cluster-id', id, '--signed-cert', `file://${await signCsr(ca, csr)}`, '--trust-anchor', `file://${ca.crt}`]);
    await waitForState(env, id, 'INITIALIZED');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await clusterOf(env, id)).State).toBe('INITIALIZED');
    expect((await awsJson(env, ['cloudhsmv2', 'describe-backups'])).Backups).toEqual([]);

    const activate = await run(process.execPath, [BIN, 'hsm', 'activate', '--cluster-id', id, '--output', 'json'], env);
    expect(activate.stderr).toBe('');
    expect(JSON.parse(activate.stdout)).toMatchObject({ ClusterId: id, State: 'ACTIVE' });
    expect((await clusterOf(env, id)).State).toBe('ACTIVE');
    expect((await awsJson(env, ['cloudhsmv2', 'describe-backups'])).Backups).toHaveLength(1);

    const again = await run(process.execPath, [BIN, 'hsm', 'activate', '--cluster-id', id], env);
    expect(again.status).not.toBe(0);
  }, 75_000);
});
