/** The IAM questions CloudHSM asks, answered from the read snapshot the gateway authorizes on. */
import { describe, expect, it } from 'vitest';
import { authorizeCloudHsm } from './authorize.js';
import { ACCOUNT, harness } from './harness.test-helper.js';

describe('authorizeCloudHsm', () => {
  it('puts the resource’s tags in aws:ResourceTag and the request’s in aws:RequestTag', async () => {
    const h = harness();
    const [a] = await h.defaultSubnets();
    const { Cluster } = await h.invoke('CreateCluster', {
      HsmType: 'hsm2m.medium',
      SubnetIds: [a!.subnetId],
      TagList: [{ Key: 'env', Value: 'prod' }],
    });
    const ask = (operation: string, input: object) => h.store.read((tx) => authorizeCloudHsm(operation, input, h.call(tx)));
    expect(await ask('DeleteCluster', { ClusterId: Cluster.ClusterId })).toEqual([
      {
        action: 'cloudhsm:DeleteCluster',
        resource: `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:cluster/${Cluster.ClusterId}`,
        context: { 'aws:ResourceTag/env': 'prod' },
      },
    ]);
    const [tag] = await ask('TagResource', { ResourceId: Cluster.ClusterId, TagList: [{ Key: 'team', Value: 'a' }] });
    expect(tag!.context).toEqual({ 'aws:ResourceTag/env': 'prod', 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' });
  });

  it('answers a restore from another account’s backup with that backup’s resource policy', async () => {
    const h = harness();
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    const backupId = 'backup-aaaaaaaaaaa';
    await h.store.write((tx) =>
      tx.cloudhsmBackups.insert({
        backupId,
        accountId: '444455556666',
        region: 'us-east-1',
        clusterId: null,
        createTime: new Date(),
        state: 'READY',
        transitionDueAt: null,
        deleteTime: null,
        neverExpires: false,
        hsmType: 'hsm2m.medium',
        mode: 'FIPS',
        clusterCertificate: null,
        sourceRegion: null,
        sourceBackup: null,
        sourceCluster: null,
        copyTime: null,
        policy,
      }),
    );
    const arn = `arn:aws:cloudhsm:us-east-1:444455556666:backup/${backupId}`;
    const [request] = await h.store.read((tx) =>
      authorizeCloudHsm('CreateCluster', { SourceBackupId: arn, HsmType: 'hsm2m.medium', SubnetIds: [] }, h.call(tx)),
    );
    expect(request).toMatchObject({ resource: arn, resourcePolicy: policy, resourceAccountId: '444455556666' });
  });
});
