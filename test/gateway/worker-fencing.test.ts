import { CloudHSMV2Client, CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { DeposedLeaderError } from '../../src/app/leader.js';
import { CloudHsmLifecycle } from '../../src/services/cloudhsmv2/lifecycle.js';
import { LifecycleWorker } from '../../src/services/s3/lifecycle-worker.js';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * Every leader-run worker of a composed server writes through the fenced store: once another node
 * has taken the worker lease, this node's worker writes are refused at commit and change nothing.
 */

const DAY = 86_400_000;
const harnesses: GatewayHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

/** A started server whose worker lease was then taken by another node (it has not noticed yet). */
async function deposedNode(env: Record<string, string> = {}): Promise<GatewayHarness> {
  const h = await gatewayHarness({ env });
  harnesses.push(h);
  await h.app.start();
  expect(h.app.leader.status().leader).toBe(true);
  await h.app.store.write(async (tx) => {
    await tx.leases.release(h.app.leader.name, h.app.leader.holder);
    await tx.leases.acquire(h.app.leader.name, 'another-node', new Date(), 3_600_000);
  });
  return h;
}

function worker<T>(h: GatewayHarness, type: abstract new (...args: never[]) => T): T {
  const found = h.app.leader.workers.filter((w): w is T & (typeof h.app.leader.workers)[number] => w instanceof type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function defaultSubnet(h: GatewayHarness): Promise<string> {
  const body = Buffer.from('Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true');
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const res = await h.send(await h.sign({ method: 'POST', path: '/', headers, body }, 'ec2'));
  const id = /<subnetId>([^<]+)<\/subnetId>/.exec(res.body)?.[1];
  if (res.status !== 200 || !id) throw new Error(`DescribeSubnets: ${res.status} ${res.body}`);
  return id;
}

describe("a deposed leader's workers cannot commit", () => {
  it('the CloudHSM lifecycle worker: a due transition is refused and not applied', async () => {
    const h = await deposedNode();
    const hsm = new CloudHSMV2Client(h.clientConfig());
    const created = await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [await defaultSubnet(h)] }));
    const id = created.Cluster!.ClusterId!;
    // A day later every creation is long due.
    await expect(worker(h, CloudHsmLifecycle).tick(new Date(Date.now() + DAY))).rejects.toBeInstanceOf(DeposedLeaderError);
    const [cluster] = (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } }))).Clusters!;
    expect(cluster!.State).toBe('CREATE_IN_PROGRESS');
  });

  it('the S3 lifecycle expiration worker: a due expiration is refused and the object stays', async () => {
    // The worker's clock runs three days ahead, so a one-day Expiration is due.
    const h = await deposedNode({ HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS: String(3 * DAY) });
    const s3 = new S3Client(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'fenced-lc' }));
    await s3.send(new PutObjectCommand({ Bucket: 'fenced-lc', Key: 'old.txt', Body: 'x' }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'fenced-lc',
        LifecycleConfiguration: { Rules: [{ ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }] },
      }),
    );
    await expect(worker(h, LifecycleWorker).runOnce()).rejects.toBeInstanceOf(DeposedLeaderError);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'fenced-lc' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['old.txt']);
  });
});
