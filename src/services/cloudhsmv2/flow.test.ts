/** The user guide's whole flow, in-process, signing the CSR with the real openssl CLI as our own CA. */
import { afterAll, describe, expect, it } from 'vitest';
import { OpenSslWorkdir } from './pki/openssl-cli.test-helper.js';
import { activateCluster } from './activation.js';
import { harness } from './harness.test-helper.js';

describe('CloudHSM v2 getting-started flow', () => {
  const h = harness({ allowHsm1ForNewClusters: false });
  const ssl = new OpenSslWorkdir();
  afterAll(() => ssl.dispose());

  it('creates, initializes, activates, backs up, copies and deletes', async () => {
    const [a, b] = await h.defaultSubnets();
    const { Cluster: created } = await h.invoke('CreateCluster', {
      HsmType: 'hsm2m.medium',
      SubnetIds: [a!.subnetId, b!.subnetId],
      TagList: [{ Key: 'env', Value: 'prod' }],
    });
    expect(created.State).toBe('CREATE_IN_PROGRESS');
    expect(created.SubnetMapping).toEqual({ 'us-east-1a': a!.subnetId, 'us-east-1b': b!.subnetId });
    expect(created.VpcId).toBe(a!.vpcId);
    expect(created.SecurityGroup).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(created.BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value: '90' });
    expect(created.Certificates).toEqual({});
    const id = created.ClusterId;
    expect(id).toMatch(/^cluster-[a-z2-7]{11}$/);

    await h.advance(600);
    const describe = async () => (await h.invoke('DescribeClusters', { Filters: { clusterIds: [id] } })).Clusters[0];
    expect((await describe()).State).toBe('UNINITIALIZED');

    const { Hsm } = await h.invoke('CreateHsm', { ClusterId: id, AvailabilityZone: 'us-east-1a' });
    expect(Hsm).toMatchObject({ State: 'CREATE_IN_PROGRESS', SubnetId: a!.subnetId, ClusterId: id });
    expect(Hsm.EniIp).toBe('172.31.0.4'); // first address after the four AWS reserves
    await h.advance(1100);
    const uninit = await describe();
    expect(uninit.Hsms[0].State).toBe('ACTIVE');
    expect(uninit.Certificates.ClusterCsr).toContain('BEGIN CERTIFICATE REQUEST');

    ssl.write('cluster.csr', uninit.Certificates.ClusterCsr);
    ssl.createCa('customerCA');
    const signed = ssl.sign('cluster.csr', 'customerCA', 'cluster.crt');
    h.catchUpWithWallClock();
    const init = await h.invoke('InitializeCluster', { ClusterId: id, SignedCert: signed, TrustAnchor: ssl.read('customerCA.crt') });
    expect(init).toEqual({
      State: 'INITIALIZE_IN_PROGRESS',
      StateMessage: 'Cluster is initializing. State will change to INITIALIZED upon completion.',
    });
    await h.advance(600);
    const initialized = await describe();
    expect(initialized.State).toBe('INITIALIZED');
    expect(initialized.Certificates).toEqual({ ClusterCertificate: signed });

    await h.store.write((tx) => activateCluster(tx, id, { now: h.now() }));
    expect((await describe()).State).toBe('ACTIVE');
    await h.invoke('CreateHsm', { ClusterId: id, AvailabilityZone: 'us-east-1b', IpAddress: '172.31.16.50' });
    await h.advance(1100);
    const active = await describe();
    expect(active.Hsms.map((x: any) => x.State)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(active.Hsms[1].EniIp).toBe('172.31.16.50');

    await h.advance(600); // the backup taken when the HSM joined completes
    const backups = (await h.invoke('DescribeBackups', { Filters: { clusterIds: [id] }, SortAscending: true })).Backups;
    expect(backups.map((x: any) => x.BackupState)).toEqual(['READY', 'READY']); // activation + HSM added
    const backupId = backups[1].BackupId;

    const copy = await h.invoke('CopyBackupToRegion', { BackupId: backupId, DestinationRegion: 'us-west-2' });
    expect(copy.DestinationBackup).toMatchObject({ SourceRegion: 'us-east-1', SourceBackup: backupId, SourceCluster: id });
    await h.advance(1100);
    const [copied] = (await h.invoke('DescribeBackups', { Filters: { sourceBackupIds: [backupId] } }, { region: 'us-west-2' })).Backups;
    expect(copied).toMatchObject({ BackupState: 'READY', SourceRegion: 'us-east-1', SourceBackup: backupId, SourceCluster: id });
    expect(copied.CopyTimestamp).toBeInstanceOf(Date);

    const deleted = await h.invoke('DeleteBackup', { BackupId: backupId });
    expect(deleted.Backup.BackupState).toBe('PENDING_DELETION');
    expect(deleted.Backup.DeleteTimestamp.getTime()).toBe(h.now() + 7 * 86_400_000);
    expect((await h.invoke('RestoreBackup', { BackupId: backupId })).Backup.BackupState).toBe('READY');

    for (const hsm of active.Hsms) await h.invoke('DeleteHsm', { ClusterId: id, HsmId: hsm.HsmId });
    expect((await describe()).Hsms.map((x: any) => x.State)).toEqual(['DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS']);
    await h.advance(600);
    expect((await describe()).Hsms).toEqual([]);
    const del = await h.invoke('DeleteCluster', { ClusterId: id });
    expect(del.Cluster).toMatchObject({ State: 'DELETE_IN_PROGRESS', StateMessage: 'The cluster is being deleted.' });
    await h.advance(600);
    expect((await h.invoke('DescribeClusters', {})).Clusters).toEqual([]);
    // Backups outlive their cluster.
    expect((await h.invoke('DescribeBackups', { Filters: { clusterIds: [id] } })).Backups.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
