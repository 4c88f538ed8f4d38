/**
 * The getting-started flow through @aws-sdk/client-cloudhsm-v2 (3.332.0), its paginators, and the
 * error shape SDK users branch on (`err.name`, `$metadata.httpStatusCode`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudHSMV2Client, CopyBackupToRegionCommand, CreateClusterCommand, CreateHsmCommand, DeleteBackupCommand, DeleteClusterCommand,
  DeleteHsmCommand, DescribeBackupsCommand, DescribeClustersCommand, InitializeClusterCommand, ListTagsCommand, RestoreBackupCommand,
  TagResourceCommand, UntagResourceCommand, paginateDescribeBackups, paginateDescribeClusters, type Cluster,
} from '@aws-sdk/client-cloudhsm-v2';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool } from '../support/tools.js';
import { defaultSubnets, makeCa, pem, pollUntil, signCsr } from './cloudhsm-helpers.js';

const QUOTA = 10;
let server: RunningServer;
let hsm: CloudHSMV2Client;

const client = (region = 'us-east-1') =>
  new CloudHSMV2Client({ endpoint: server.endpoint, region, credentials: server, maxAttempts: 1 });

beforeAll(async () => {
  server = await startServer({ args: ['--auto-activate'], env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: String(QUOTA) } });
  hsm = client();
});
afterAll(async () => {
  await server?.stop();
});

const describeCluster = async (id: string): Promise<Cluster> =>
  (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } }))).Clusters![0]!;
const waitFor = (id: string, done: (c: Cluster) => boolean) => pollUntil(() => describeCluster(id), done);
const failure = (p: Promise<unknown>) =>
  p.then(() => undefined, (e: any) => {
    expect(e.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  });

describe('SDK v3: CloudHSM v2', () => {
  it.runIf(hasTool('openssl', ['version']))('runs the getting-started flow end to end', async () => {
    const mapping = (await defaultSubnets(server)).slice(0, 2);
    const created = await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: mapping.map((s) => s.id), TagList: [{ Key: 'app', Value: 'sdk' }] }));
    const id = created.Cluster!.ClusterId!;
    expect(created.Cluster).toMatchObject({ State: 'CREATE_IN_PROGRESS', HsmType: 'hsm2m.medium', TagList: [{ Key: 'app', Value: 'sdk' }] });
    expect(created.Cluster!.CreateTimestamp).toBeInstanceOf(Date);
    await waitFor(id, (c) => c.State === 'UNINITIALIZED');

    const first = (await hsm.send(new CreateHsmCommand({ ClusterId: id, AvailabilityZone: mapping[0]!.az }))).Hsm!;
    const withCsr = await waitFor(id, (c) => c.Certificates?.ClusterCsr !== undefined);
    const ca = await makeCa('sdkCA');
    const signedCert = pem(await signCsr(ca, withCsr.Certificates!.ClusterCsr!));
    const init = await hsm.send(new InitializeClusterCommand({ ClusterId: id, SignedCert: signedCert, TrustAnchor: pem(ca.crt) }));
    expect(init.State).toBe('INITIALIZE_IN_PROGRESS');
    await waitFor(id, (c) => c.State === 'ACTIVE');

    const second = (await hsm.send(new CreateHsmCommand({ ClusterId: id, AvailabilityZone: mapping[1]!.az }))).Hsm!;
    expect(second.SubnetId).toBe(mapping[1]!.id);
    await waitFor(id, (c) => c.Hsms!.length === 2 && c.Hsms!.every((h) => h.State === 'ACTIVE'));

    // Activation and the second HSM each took a backup: page through them one at a time.
    const backups = await pollUntil(async () => {
      const all = [];
      for await (const page of paginateDescribeBackups({ client: hsm, pageSize: 1 }, { Filters: { clusterIds: [id] } })) {
        expect(page.Backups!.length).toBeLessThanOrEqual(1);
        all.push(...page.Backups!);
      }
      return all;
    }, (all) => all.length >= 2 && all.every((b) => b.BackupState === 'READY'));
    expect(new Set(backups.map((b) => b.BackupId)).size).toBe(backups.length);
    const backupId = backups[0]!.BackupId!;

    const copy = await hsm.send(new CopyBackupToRegionCommand({ BackupId: backupId, DestinationRegion: 'us-west-2' }));
    expect(copy.DestinationBackup).toMatchObject({ SourceBackup: backupId, SourceRegion: 'us-east-1', SourceCluster: id });
    const west = await client('us-west-2').send(new DescribeBackupsCommand({}));
    expect(west.Backups!.map((b) => b.SourceBackup)).toEqual([backupId]);
    expect((await hsm.send(new DeleteBackupCommand({ BackupId: backupId }))).Backup!.BackupState).toBe('PENDING_DELETION');
    expect((await hsm.send(new RestoreBackupCommand({ BackupId: backupId }))).Backup!.BackupState).toBe('READY');

    await hsm.send(new TagResourceCommand({ ResourceId: id, TagList: [{ Key: 'env', Value: 'dev' }] }));
    await hsm.send(new UntagResourceCommand({ ResourceId: id, TagKeyList: ['app'] }));
    expect((await hsm.send(new ListTagsCommand({ ResourceId: id }))).TagList).toEqual([{ Key: 'env', Value: 'dev' }]);

    const busy = await failure(hsm.send(new DeleteClusterCommand({ ClusterId: id })));
    expect(busy).toMatchObject({ name: 'CloudHsmInvalidRequestException', status: 400 });
    expect((await hsm.send(new DeleteHsmCommand({ ClusterId: id, EniId: second.EniId }))).HsmId).toBe(second.HsmId);
    expect((await hsm.send(new DeleteHsmCommand({ ClusterId: id, HsmId: first.HsmId }))).HsmId).toBe(first.HsmId);
    await waitFor(id, (c) => c.Hsms!.length === 0);
    expect((await hsm.send(new DeleteClusterCommand({ ClusterId: id }))).Cluster!.State).toBe('DELETE_IN_PROGRESS');
    await pollUntil(() => hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } })), (o) => o.Clusters!.length === 0);
  }, 40_000);

  it('paginateDescribeClusters walks more clusters than a page holds, in creation order, up to the quota', async () => {
    // us-east-2 holds no other test's clusters, so the quota applies from zero.
    const [subnet] = await defaultSubnets(server, 'us-east-2');
    const east2 = client('us-east-2');
    const ids: string[] = [];
    for (let i = 0; i < QUOTA; i++) {
      ids.push((await east2.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet!.id] }))).Cluster!.ClusterId!);
    }
    const over = await failure(east2.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet!.id] })));
    expect(over).toMatchObject({ name: 'CloudHsmResourceLimitExceededException', status: 400 });

    const pages: string[][] = [];
    for await (const page of paginateDescribeClusters({ client: east2, pageSize: 3 }, {})) pages.push(page.Clusters!.map((c) => c.ClusterId!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat()).toEqual(ids);
  });

  it('reports errors with the modelled name and HTTP status', async () => {
    const unknown = await failure(hsm.send(new DeleteClusterCommand({ ClusterId: 'cluster-aaaaaaaaaaa' })));
    expect(unknown).toEqual({ name: 'CloudHsmResourceNotFoundException', status: 400, message: "Cluster 'cluster-aaaaaaaaaaa' not found." });
    const token = await failure(hsm.send(new DescribeClustersCommand({ NextToken: 'garbage' })));
    expect(token).toMatchObject({ name: 'CloudHsmInvalidRequestException', status: 400 });
    const tag = await failure(hsm.send(new TagResourceCommand({ ResourceId: 'cluster-aaaaaaaaaaa', TagList: [{ Key: 'k', Value: 'v' }] })));
    expect(tag).toMatchObject({ name: 'CloudHsmResourceNotFoundException', status: 400 });
    const badSubnet = await failure(hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: ['subnet-0000000000000000f'] })));
    expect(badSubnet).toMatchObject({ name: 'CloudHsmInvalidRequestException', status: 400 });
  });
});
