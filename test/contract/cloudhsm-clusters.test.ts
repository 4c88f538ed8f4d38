import { expect, it } from 'vitest';
import { contract } from './engines.js';
import { ACCOUNT, at, cluster } from './cloudhsm-fixtures.js';

const query = { accountId: ACCOUNT, region: 'us-east-1', filter: {}, limit: 10 };

contract('ClusterRepository', (open) => {
  it('stores a cluster and reads it back as the same domain value; an unknown id is undefined', async () => {
    const store = await open();
    const c = cluster('cluster-aaaaaaaaaaa', 1, {
      subnetMapping: { 'us-east-1a': 'subnet-a', 'us-east-1b': 'subnet-b' },
      transitionDueAt: at(9),
      clusterCertificate: 'cert',
    });
    await store.write((tx) => tx.cloudhsmClusters.insert(c));
    expect(await store.read((tx) => tx.cloudhsmClusters.get(c.clusterId))).toEqual(c);
    expect(await store.read((tx) => tx.cloudhsmClusters.get('cluster-bbbbbbbbbbb'))).toBeUndefined();
  });

  it('updates only the given fields, and clears a field set to null', async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1, { nextBackupAt: at(5), retentionDays: 30 })));
    await store.write((tx) => tx.cloudhsmClusters.update('cluster-aaaaaaaaaaa', { state: 'ACTIVE', nextBackupAt: null }));
    const got = await store.read((tx) => tx.cloudhsmClusters.get('cluster-aaaaaaaaaaa'));
    expect(got).toMatchObject({ state: 'ACTIVE', nextBackupAt: null, retentionDays: 30, stateMessage: 'The cluster is being created.' });
  });

  it('lists an account and region oldest first, pages after a position, and filters (an empty list matches nothing)', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cloudhsmClusters.insert(cluster('cluster-ccccccccccc', 3, { state: 'ACTIVE' }));
      await tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1));
      await tx.cloudhsmClusters.insert(cluster('cluster-bbbbbbbbbbb', 1, { vpcId: 'vpc-other' }));
      await tx.cloudhsmClusters.insert(cluster('cluster-ddddddddddd', 2, { region: 'us-west-2' }));
      await tx.cloudhsmClusters.insert(cluster('cluster-eeeeeeeeeee', 2, { accountId: '444455556666' }));
    });
    const ids = async (q: Partial<typeof query> & Record<string, unknown>) =>
      (await store.read((tx) => tx.cloudhsmClusters.list({ ...query, ...q }))).map((c) => c.clusterId);
    expect(await ids({})).toEqual(['cluster-aaaaaaaaaaa', 'cluster-bbbbbbbbbbb', 'cluster-ccccccccccc']);
    expect(await ids({ limit: 2 })).toEqual(['cluster-aaaaaaaaaaa', 'cluster-bbbbbbbbbbb']);
    expect(await ids({ after: { createTime: at(1), id: 'cluster-aaaaaaaaaaa' } })).toEqual(['cluster-bbbbbbbbbbb', 'cluster-ccccccccccc']);
    expect(await ids({ filter: { states: ['ACTIVE', 'DELETED'] } })).toEqual(['cluster-ccccccccccc']);
    expect(await ids({ filter: { vpcIds: ['vpc-other'], clusterIds: ['cluster-bbbbbbbbbbb', 'cluster-ccccccccccc'] } })).toEqual([
      'cluster-bbbbbbbbbbb',
    ]);
    expect(await ids({ filter: { clusterIds: [] } })).toEqual([]);
    expect(await store.read((tx) => tx.cloudhsmClusters.count(ACCOUNT, 'us-east-1', 10))).toBe(3);
    expect(await store.read((tx) => tx.cloudhsmClusters.count(ACCOUNT, 'us-east-1', 2))).toBe(2);
  });

  it('finds clusters due for a transition or a backup, and deletes', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1, { transitionDueAt: at(10) }));
      await tx.cloudhsmClusters.insert(cluster('cluster-bbbbbbbbbbb', 1, { transitionDueAt: at(20) }));
      await tx.cloudhsmClusters.insert(cluster('cluster-ccccccccccc', 1, { state: 'ACTIVE', nextBackupAt: at(10) }));
      await tx.cloudhsmClusters.insert(cluster('cluster-ddddddddddd', 1, { state: 'DELETE_IN_PROGRESS', nextBackupAt: at(10) }));
    });
    const due = await store.read((tx) => tx.cloudhsmClusters.dueForTransition(at(10)));
    expect(due.map((c) => c.clusterId)).toEqual(['cluster-aaaaaaaaaaa']);
    const backups = await store.read((tx) => tx.cloudhsmClusters.dueForBackup(at(15)));
    expect(backups.map((c) => c.clusterId)).toEqual(['cluster-ccccccccccc']);
    await store.write((tx) => tx.cloudhsmClusters.delete('cluster-aaaaaaaaaaa'));
    expect(await store.read((tx) => tx.cloudhsmClusters.get('cluster-aaaaaaaaaaa'))).toBeUndefined();
  });

  it('counts each account and region apart, follows inserts and deletes, and not a failed insert', async () => {
    const store = await open();
    const count = (accountId = ACCOUNT, region = 'us-east-1') => store.read((tx) => tx.cloudhsmClusters.count(accountId, region, 10));
    expect(await count()).toBe(0);
    await store.write(async (tx) => {
      await tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1));
      await tx.cloudhsmClusters.insert(cluster('cluster-bbbbbbbbbbb', 2));
      await tx.cloudhsmClusters.insert(cluster('cluster-ccccccccccc', 2, { region: 'us-west-2' }));
      await tx.cloudhsmClusters.insert(cluster('cluster-ddddddddddd', 2, { accountId: '444455556666' }));
    });
    expect([await count(), await count(ACCOUNT, 'us-west-2'), await count('444455556666')]).toEqual([2, 1, 1]);
    await expect(store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 3)))).rejects.toThrow();
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmClusters.insert(cluster('cluster-eeeeeeeeeee', 3));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await count()).toBe(2);
    await store.write((tx) => tx.cloudhsmClusters.delete('cluster-aaaaaaaaaaa'));
    await store.write((tx) => tx.cloudhsmClusters.delete('cluster-aaaaaaaaaaa'));
    expect([await count(), await count(ACCOUNT, 'us-west-2')]).toEqual([1, 1]);
    await store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 4)));
    expect(await count()).toBe(2);
  });

  it('refuses a duplicate id, and a failed write leaves nothing behind', async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1)));
    await expect(store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 2)))).rejects.toThrow();
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmClusters.insert(cluster('cluster-bbbbbbbbbbb', 1));
        await tx.cloudhsmClusters.update('cluster-aaaaaaaaaaa', { state: 'ACTIVE' });
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.cloudhsmClusters.get('cluster-bbbbbbbbbbb'))).toBeUndefined();
    expect((await store.read((tx) => tx.cloudhsmClusters.get('cluster-aaaaaaaaaaa')))!.state).toBe('CREATE_IN_PROGRESS');
  });

  it('finds the clusters whose key is clear PEM, not the sealed ones or those without a key, up to a limit', async () => {
    const store = await open();
    const pem = (n: number) => `-----BEGIN PRIVATE KEY-----\nkey ${n}\n-----END PRIVATE KEY-----\n`;
    await store.write(async (tx) => {
      await tx.cloudhsmClusters.insert(cluster('cluster-aaaaaaaaaaa', 1, { clusterKey: pem(1) }));
      await tx.cloudhsmClusters.insert(cluster('cluster-bbbbbbbbbbb', 2, { clusterKey: 'v1:sealed' }));
      await tx.cloudhsmClusters.insert(cluster('cluster-ccccccccccc', 3));
      await tx.cloudhsmClusters.insert(cluster('cluster-ddddddddddd', 4, { clusterKey: pem(4) }));
    });
    const clear = await store.read((tx) => tx.cloudhsmClusters.withClearKey(10));
    expect(clear.sort((x, y) => x.clusterId.localeCompare(y.clusterId))).toEqual([
      { clusterId: 'cluster-aaaaaaaaaaa', clusterKey: pem(1) },
      { clusterId: 'cluster-ddddddddddd', clusterKey: pem(4) },
    ]);
    expect(await store.read((tx) => tx.cloudhsmClusters.withClearKey(1))).toHaveLength(1);
  });
});
