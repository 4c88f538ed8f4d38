import { expect, it } from 'vitest';
import { contract } from './engines.js';

const root = (n: number) => ({ certificatePem: `cert ${n}`, privateKeyPem: `key ${n}` });

contract('PkiRootRepository', (open) => {
  it('an unknown root is undefined; the first writer of a name wins', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('manufacturer'))).toBeUndefined();
    await store.write((tx) => tx.cloudhsmPkiRoots.putIfAbsent('manufacturer', root(1)));
    await store.write((tx) => tx.cloudhsmPkiRoots.putIfAbsent('manufacturer', root(2)));
    await store.write((tx) => tx.cloudhsmPkiRoots.putIfAbsent('aws-cloudhsm', root(3)));
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('manufacturer'))).toEqual(root(1));
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('aws-cloudhsm'))).toEqual(root(3));
  });

  it('a root stored in a failed write is not kept', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.cloudhsmPkiRoots.putIfAbsent('manufacturer', root(1));
        throw new Error('the tick failed');
      }),
    ).rejects.toThrow('the tick failed');
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('manufacturer'))).toBeUndefined();
  });

  it("replaces a stored root's private key and nothing else", async () => {
    const store = await open();
    await store.write((tx) => tx.cloudhsmPkiRoots.putIfAbsent('manufacturer', root(1)));
    await store.write((tx) => tx.cloudhsmPkiRoots.putIfAbsent('aws-cloudhsm', root(2)));
    await store.write((tx) => tx.cloudhsmPkiRoots.setPrivateKey('manufacturer', 'v1:sealed'));
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('manufacturer'))).toEqual({
      certificatePem: 'cert 1',
      privateKeyPem: 'v1:sealed',
    });
    expect(await store.read((tx) => tx.cloudhsmPkiRoots.get('aws-cloudhsm'))).toEqual(root(2));
  });
});
