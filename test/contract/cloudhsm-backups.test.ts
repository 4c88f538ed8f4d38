import { expect, it } from 'vitest';
import { contract } from './engines.js';
import { ACCOUNT, at, backup, cluster } from './cloudhsm-fixtures.js';

const DAY = 86_400_000;
const C = 'cluster-aaaaaaaaaaa';

contract('BackupRepository', (open) => {
  it('stores a backup and reads it back as the same domain value; an unknown id is undefined', async () => {
    const store = await open();
    const b = backup('backup-aaaaaaaaaaa', null, 1, { neverExpires: true, copyTime: at(2), sourceRegion: 'us-west-2', policy: '{}' });
    await store.write((tx) => tx.cloudhsmBackups.insert(b));
    expect(await store.read((tx) => tx.cloudhsmBackups.get(b.backupId))).toEqual(b);
    expect(await store.read((tx) => tx.cloudhsmBackups.get('backup-bbbbbbbbbbb'))).toBeUndefined();
    await store.write((tx) => tx.cloudhsmBackups.update(b.backupId, { neverExpires: false, policy: null, deleteTime: at(9) }));
    expect(await store.read((tx) => tx.cloudhsmBackups.get(b.backupId))).toEqual({
      ...b,
      neverExpires: false,
      policy: null,
      deleteTime: at(9),
    });
    await store.write((tx) => tx.cloudhsmBackups.delete(b.backupId));
    expect(await store.read((tx) => tx.cloudhsmBackups.get(b.backupId))).toBeUndefined();
  });

  it('lists newest or oldest first, pages after a position in either order, and filters', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cloudhsmBackups.insert(backup('backup-aaaaaaaaaaa', C, 1));
      await tx.cloudhsmBackups.insert(backup('backup-bbbbbbbbbbb', C, 2, { neverExpires: true }));
      await tx.cloudhsmBackups.insert(backup('backup-ccccccccccc', null, 3, { sourceBackup: 'backup-aaaaaaaaaaa' }));
      await tx.cloudhsmBackups.insert(backup('backup-ddddddddddd', C, 2, { region: 'us-west-2' }));
    });
    const ids = async (q: Record<string, unknown>) =>
      (
        await store.read((tx) =>
          tx.cloudhsmBackups.list({ accountId: ACCOUNT, region: 'us-east-1', filter: {}, ascending: false, limit: 10, ...q }),
        )
      ).map((b) => b.backupId);
    expect(await ids({})).toEqual(['backup-ccccccccccc', 'backup-bbbbbbbbbbb', 'backup-aaaaaaaaaaa']);
    expect(await ids({ ascending: true, limit: 2 })).toEqual(['backup-aaaaaaaaaaa', 'backup-bbbbbbbbbbb']);
    expect(await ids({ after: { createTime: at(2), id: 'backup-bbbbbbbbbbb' } })).toEqual(['backup-aaaaaaaaaaa']);
    expect(await ids({ ascending: true, after: { createTime: at(2), id: 'backup-bbbbbbbbbbb' } })).toEqual(['backup-ccccccccccc']);
    expect(await ids({ filter: { clusterIds: [C] } })).toEqual(['backup-bbbbbbbbbbb', 'backup-aaaaaaaaaaa']);
    expect(await ids({ filter: { neverExpires: [true] } })).toEqual(['backup-bbbbbbbbbbb']);
    expect(await ids({ filter: { neverExpires: [false], sourceBackupIds: ['backup-aaaaaaaaaaa'] } })).toEqual(['backup-ccccccccccc']);
    expect(await ids({ filter: { states: [] } })).toEqual([]);
  });

  it('finds backups to complete and to purge', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.cloudhsmBackups.insert(backup('backup-aaaaaaaaaaa', C, 1, { state: 'CREATE_IN_PROGRESS', transitionDueAt: at(10) }));
      await tx.cloudhsmBackups.insert(backup('backup-bbbbbbbbbbb', C, 1, { state: 'CREATE_IN_PROGRESS', transitionDueAt: at(11) }));
      await tx.cloudhsmBackups.insert(backup('backup-ccccccccccc', C, 1, { state: 'PENDING_DELETION', deleteTime: at(10) }));
      await tx.cloudhsmBackups.insert(backup('backup-ddddddddddd', C, 1, { state: 'READY', deleteTime: at(10) }));
    });
    expect((await store.read((tx) => tx.cloudhsmBackups.dueForCompletion(at(10)))).map((b) => b.backupId)).toEqual(['backup-aaaaaaaaaaa']);
    expect((await store.read((tx) => tx.cloudhsmBackups.dueForPurge(at(10)))).map((b) => b.backupId)).toEqual(['backup-ccccccccccc']);
  });

  it('past retention: READY backups older than the cluster’s retention, except NeverExpires, the latest, and copies', async () => {
    const store = await open();
    const now = new Date(at(0).getTime() + 30 * DAY);
    const old = (s: number) => s - 20 * 86_400; // seconds offset: 20 days before at(0)
    await store.write(async (tx) => {
      await tx.cloudhsmClusters.insert(cluster(C, 0, { retentionDays: 7 }));
      await tx.cloudhsmBackups.insert(backup('backup-aaaaaaaaaaa', C, old(1)));
      await tx.cloudhsmBackups.insert(backup('backup-bbbbbbbbbbb', C, old(2), { neverExpires: true }));
      await tx.cloudhsmBackups.insert(backup('backup-ccccccccccc', C, old(3), { state: 'PENDING_DELETION' }));
      await tx.cloudhsmBackups.insert(backup('backup-ddddddddddd', null, old(4)));
      await tx.cloudhsmBackups.insert(backup('backup-eeeeeeeeeee', C, old(5)));
    });
    const expired = await store.read((tx) => tx.cloudhsmBackups.pastRetention(now));
    expect(expired.map((b) => b.backupId)).toEqual(['backup-aaaaaaaaaaa']);
  });

  it('refuses a duplicate id, and a failed write leaves nothing behind', async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmBackups.insert(backup('backup-aaaaaaaaaaa', C, 1)));
    await expect(store.write((tx) => tx.cloudhsmBackups.insert(backup('backup-aaaaaaaaaaa', C, 2)))).rejects.toThrow();
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmBackups.update('backup-aaaaaaaaaaa', { state: 'PENDING_DELETION' });
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect((await store.read((tx) => tx.cloudhsmBackups.get('backup-aaaaaaaaaaa')))!.state).toBe('READY');
  });
});
