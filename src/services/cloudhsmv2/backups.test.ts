/** Backup lifecycle driven by the clock: daily backups, retention, purge, restore into a new cluster. */
import { describe, expect, it } from 'vitest';
import { activateCluster } from './activation.js';
import { harness, rejects } from './harness.test-helper.js';

const DAY = 86_400_000;

async function activeCluster(h: ReturnType<typeof harness>) {
  const [a] = await h.defaultSubnets();
  const { Cluster } = await h.invoke('CreateCluster', {
    HsmType: 'hsm2m.medium',
    SubnetIds: [a!.subnetId],
    BackupRetentionPolicy: { Type: 'DAYS', Value: '7' },
  });
  await h.advance(600);
  await h.invoke('CreateHsm', { ClusterId: Cluster.ClusterId, AvailabilityZone: 'us-east-1a' });
  await h.advance(1100);
  // Skip the certificate ceremony: mark initialized directly, then activate as the admin command does.
  await h.store.write((tx) => tx.cloudhsmClusters.update(Cluster.ClusterId, { state: 'INITIALIZED', clusterCertificate: 'cert' }));
  await h.store.write((tx) => activateCluster(tx, Cluster.ClusterId, { now: h.now() }));
  await h.advance(600);
  return Cluster.ClusterId as string;
}

describe('backups over time', () => {
  it('backs up daily, expires old backups except NeverExpires and the latest, and purges after 7 days', async () => {
    const h = harness();
    const id = await activeCluster(h);
    const list = async () => (await h.invoke('DescribeBackups', { Filters: { clusterIds: [id] }, SortAscending: true })).Backups;
    const [first] = await list();
    await h.invoke('ModifyBackupAttributes', { BackupId: first.BackupId, NeverExpires: true });
    for (let d = 0; d < 9; d++) {
      await h.advance(DAY);
      await h.advance(600);
    }
    const after = await list();
    expect(after.length).toBe(10);
    const pending = after.filter((b: any) => b.BackupState === 'PENDING_DELETION');
    expect(pending.length).toBeGreaterThan(0);
    expect(after[0]).toMatchObject({ BackupId: first.BackupId, BackupState: 'READY', NeverExpires: true });
    expect(after[after.length - 1].BackupState).toBe('READY');
    await h.advance(8 * DAY);
    const purged = await list();
    expect(purged.some((b: any) => b.BackupId === pending[0].BackupId)).toBe(false);
  }, 30_000);

  it('creates an ACTIVE cluster from a backup, and shares a backup with a validated policy', async () => {
    const h = harness();
    const id = await activeCluster(h);
    const [backup] = (await h.invoke('DescribeBackups', { Filters: { clusterIds: [id] } })).Backups;
    await rejects(h.invoke('PutResourcePolicy', { ResourceArn: backup.BackupArn, Policy: 'not json' }), 'CloudHsmInvalidRequestException');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: ['cloudhsm:CreateCluster', 'cloudhsm:DescribeBackups'],
          Resource: backup.BackupArn,
        },
      ],
    });
    expect((await h.invoke('PutResourcePolicy', { ResourceArn: backup.BackupArn, Policy: policy })).Policy).toBe(policy);
    expect((await h.invoke('GetResourcePolicy', { ResourceArn: backup.BackupArn })).Policy).toBe(policy);
    const [b] = await h.defaultSubnets();
    const restored = (
      await h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [b!.subnetId], SourceBackupId: backup.BackupArn })
    ).Cluster;
    expect(restored.SourceBackupId).toBe(backup.BackupId);
    await h.advance(600);
    const c = (await h.invoke('DescribeClusters', { Filters: { clusterIds: [restored.ClusterId] } })).Clusters[0];
    expect(c).toMatchObject({ State: 'ACTIVE', Certificates: { ClusterCertificate: 'cert' } });
    expect((await h.invoke('DeleteResourcePolicy', { ResourceArn: backup.BackupArn })).Policy).toBe(policy);
  });
});
