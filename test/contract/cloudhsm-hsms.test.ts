import { expect, it } from 'vitest';
import type { Store } from '../../src/storage/ports.js';
import { contract } from './engines.js';
import { ACCOUNT, at, cluster, hsm } from './cloudhsm-fixtures.js';

const C1 = 'cluster-aaaaaaaaaaa';
const C2 = 'cluster-bbbbbbbbbbb';

async function seed(store: Store) {
  await store.write(async (tx) => {
    await tx.cloudhsmClusters.insert(cluster(C1, 1, { state: 'UNINITIALIZED' }));
    await tx.cloudhsmClusters.insert(cluster(C2, 1, { state: 'ACTIVE', clusterCsr: 'csr' }));
    await tx.cloudhsmHsms.insert(hsm('hsm-bbbbbbbbbbb', C1, 2, { transitionDueAt: at(10) }));
    await tx.cloudhsmHsms.insert(hsm('hsm-aaaaaaaaaaa', C1, 2, { state: 'ACTIVE', stateMessage: 'HSM is ready for use.' }));
    await tx.cloudhsmHsms.insert(hsm('hsm-ccccccccccc', C2, 1, { transitionDueAt: at(10) }));
    await tx.cloudhsmHsms.insert(hsm('hsm-ddddddddddd', C2, 3, { region: 'us-west-2' }));
  });
}

contract('HsmRepository', (open) => {
  it('lists a cluster’s HSMs oldest first (ties by id), and several clusters’ at once', async () => {
    const store = await open();
    await seed(store);
    const one = await store.read((tx) => tx.cloudhsmHsms.ofCluster(C1));
    expect(one.map((h) => h.hsmId)).toEqual(['hsm-aaaaaaaaaaa', 'hsm-bbbbbbbbbbb']);
    expect(one[1]).toEqual(hsm('hsm-bbbbbbbbbbb', C1, 2, { transitionDueAt: at(10) }));
    const many = await store.read((tx) => tx.cloudhsmHsms.ofClusters([C1, C2, 'cluster-zzzzzzzzzzz']));
    expect([...many.keys()].sort()).toEqual([C1, C2]);
    expect(many.get(C2)!.map((h) => h.hsmId)).toEqual(['hsm-ccccccccccc', 'hsm-ddddddddddd']);
    expect(await store.read((tx) => tx.cloudhsmHsms.ofClusters([]))).toEqual(new Map());
    expect(await store.read((tx) => tx.cloudhsmHsms.countInRegion(ACCOUNT, 'us-east-1'))).toBe(3);
  });

  it('changes state and type, answers hasActive, and deletes', async () => {
    const store = await open();
    await seed(store);
    expect(await store.read((tx) => tx.cloudhsmHsms.hasActive(C2))).toBe(false);
    await store.write((tx) => tx.cloudhsmHsms.setState('hsm-ccccccccccc', 'ACTIVE', 'HSM is ready for use.', null));
    expect(await store.read((tx) => tx.cloudhsmHsms.hasActive(C2))).toBe(true);
    await store.write((tx) => tx.cloudhsmHsms.setTypeOfCluster(C2, 'hsm1.medium'));
    const c2 = await store.read((tx) => tx.cloudhsmHsms.ofCluster(C2));
    expect(c2[0]).toMatchObject({ state: 'ACTIVE', stateMessage: 'HSM is ready for use.', transitionDueAt: null, hsmType: 'hsm1.medium' });
    expect(c2.every((h) => h.hsmType === 'hsm1.medium')).toBe(true);
    expect((await store.read((tx) => tx.cloudhsmHsms.ofCluster(C1))).every((h) => h.hsmType === 'hsm2m.medium')).toBe(true);
    await store.write((tx) => tx.cloudhsmHsms.delete('hsm-ccccccccccc'));
    expect((await store.read((tx) => tx.cloudhsmHsms.ofCluster(C2))).map((h) => h.hsmId)).toEqual(['hsm-ddddddddddd']);
  });

  it('finds due HSMs, and the due first HSMs of uninitialized clusters without a CSR', async () => {
    const store = await open();
    await seed(store);
    const due = await store.read((tx) => tx.cloudhsmHsms.dueForTransition(at(10)));
    expect(due.map((h) => h.hsmId).sort()).toEqual(['hsm-bbbbbbbbbbb', 'hsm-ccccccccccc']);
    expect(await store.read((tx) => tx.cloudhsmHsms.dueForTransition(at(9)))).toEqual([]);
    const first = await store.read((tx) => tx.cloudhsmHsms.firstDueOfUninitialized(at(10)));
    expect(first.map((h) => h.hsmId)).toEqual(['hsm-bbbbbbbbbbb']);
  });

  it('a failed write leaves no HSM behind', async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmClusters.insert(cluster(C1, 1)));
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmHsms.insert(hsm('hsm-aaaaaaaaaaa', C1, 1));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.cloudhsmHsms.ofCluster(C1))).toEqual([]);
  });
});
