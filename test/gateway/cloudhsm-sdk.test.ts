/**
 * The CloudHSM getting-started flow through @aws-sdk/client-cloudhsm-v2 (3.332.0) and its
 * paginators, in-process: the real app with its lifecycle workers running, no sockets. The same
 * SDK over a real socket, and the AWS CLI and boto3 flows, are in test/conformance/cloudhsm-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import {
  CloudHSMV2Client,
  CopyBackupToRegionCommand,
  CreateClusterCommand,
  CreateHsmCommand,
  DeleteBackupCommand,
  DeleteClusterCommand,
  DeleteHsmCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  InitializeClusterCommand,
  ListTagsCommand,
  RestoreBackupCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateDescribeBackups,
  paginateDescribeClusters,
  type Cluster,
} from '@aws-sdk/client-cloudhsm-v2';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { hasTool } from '../support/tools.js';
import { makeCa, pem, pollUntil, signCsr } from '../conformance/cloudhsm-helpers.js';

const QUOTA = 10;
let h: GatewayHarness;
let hsm: CloudHSMV2Client;

const client = (region = 'us-east-1') => new CloudHSMV2Client({ ...h.clientConfig(), region });

beforeAll(async () => {
  h = await gatewayHarness({ flags: { autoActivate: true }, env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: String(QUOTA) } });
  h.app.start(); // lifecycle transitions (CREATE_IN_PROGRESS → UNINITIALIZED, ...) run as in `serve`
  hsm = client();
});
afterAll(() => h?.close());

/** The region's default subnets by zone, through EC2 DescribeSubnets (no EC2 SDK client is installed). */
async function defaultSubnets(region = 'us-east-1'): Promise<Array<{ id: string; az: string }>> {
  const body = Buffer.from('Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true');
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const res = await h.send(await h.sign({ method: 'POST', path: '/', headers, body }, 'ec2', undefined, region));
  if (res.status !== 200) throw new Error(`DescribeSubnets: ${res.status} ${res.body}`);
  const xml = new XMLParser({ isArray: (name) => name === 'item' }).parse(res.body);
  const items = xml.DescribeSubnetsResponse.subnetSet.item as Array<{ subnetId: string; availabilityZone: string }>;
  return items.map((s) => ({ id: s.subnetId, az: s.availabilityZone })).sort((a, b) => a.az.localeCompare(b.az));
}

const describeCluster = async (id: string): Promise<Cluster> =>
  (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } }))).Clusters![0]!;
const waitFor = (id: string, done: (c: Cluster) => boolean) => pollUntil(() => describeCluster(id), done);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => ({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }),
  );

describe('SDK v3 in-process: CloudHSM v2', () => {
  it.runIf(hasTool('openssl', ['version']))(
    'runs the getting-started flow end to end',
    async () => {
      const mapping = (await defaultSubnets()).slice(0, 2);
      const created = await hsm.send(
        new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: mapping.map((s) => s.id), TagList: [{ Key: 'app', Value: 'sdk' }] }),
      );
      const id = created.Cluster!.ClusterId!;
      expect(created.Cluster).toMatchObject({
        State: 'CREATE_IN_PROGRESS',
        HsmType: 'hsm2m.medium',
        TagList: [{ Key: 'app', Value: 'sdk' }],
      });
      expect(created.Cluster!.CreateTimestamp).toBeInstanceOf(Date);
      expect(h.recordsFor(created.$metadata.requestId!)).toEqual([
        expect.objectContaining({ eventName: 'CreateCluster', eventSource: 'cloudhsm.amazonaws.com' }),
      ]);
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
      await waitFor(id, (c) => c.Hsms!.length === 2 && c.Hsms!.every((x) => x.State === 'ACTIVE'));

      // Activation and the second HSM each took a backup: page through them one at a time.
      const backups = await pollUntil(
        async () => {
          const all = [];
          for await (const page of paginateDescribeBackups({ client: hsm, pageSize: 1 }, { Filters: { clusterIds: [id] } })) {
            expect(page.Backups!.length).toBeLessThanOrEqual(1);
            all.push(...page.Backups!);
          }
          return all;
        },
        (all) => all.length >= 2 && all.every((b) => b.BackupState === 'READY'),
      );
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
      await pollUntil(
        () => hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } })),
        (o) => o.Clusters!.length === 0,
      );
    },
    120_000,
  );

  it('paginateDescribeClusters walks more clusters than a page holds, in creation order, up to the quota', async () => {
    // us-east-2 holds no other test's clusters, so the quota applies from zero.
    const [subnet] = await defaultSubnets('us-east-2');
    const east2 = client('us-east-2');
    const ids: string[] = [];
    for (let i = 0; i < QUOTA; i++) {
      ids.push((await east2.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet!.id] }))).Cluster!.ClusterId!);
    }
    const over = await failure(east2.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet!.id] })));
    expect(over).toMatchObject({ name: 'CloudHsmResourceLimitExceededException', status: 400 });

    const pages: string[][] = [];
    for await (const page of paginateDescribeClusters({ client: east2, pageSize: 3 }, {}))
      pages.push(page.Clusters!.map((c) => c.ClusterId!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat()).toEqual(ids);
  });
});
