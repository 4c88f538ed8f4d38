import { expect, it } from 'vitest';
import { contract } from './engines.js';

const first = {
  accountId: '111122223333',
  rootAccessKeyId: 'AKIAFIRSTNODE0000001',
  sealedRootSecret: 'v1:first',
  createdAt: new Date('2026-12-01T00:00:00Z'),
};
const second = {
  accountId: '444455556666',
  rootAccessKeyId: 'AKIASECONDNODE000001',
  sealedRootSecret: 'v1:second',
  createdAt: new Date('2026-12-02T00:00:00Z'),
};

contract('HostedAccountRepository', (open) => {
  it('is empty until claimed; the first claim is kept and every later claim gets it back', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.hostedAccount.get())).toBeUndefined();
    expect(await store.write((tx) => tx.hostedAccount.claim(first))).toEqual(first);
    expect(await store.write((tx) => tx.hostedAccount.claim(second))).toEqual(first);
    expect(await store.read((tx) => tx.hostedAccount.get())).toEqual(first);
  });

  it('two claims racing: exactly one wins and both see the winner', async () => {
    const store = await open();
    const [a, b] = await Promise.all([
      store.write((tx) => tx.hostedAccount.claim(first)),
      store.write((tx) => tx.hostedAccount.claim(second)),
    ]);
    expect(a).toEqual(b);
    expect([first.accountId, second.accountId]).toContain(a.accountId);
  });

  it('a claim in a write that fails is not kept', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.hostedAccount.claim(first);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.read((tx) => tx.hostedAccount.get())).toBeUndefined();
  });
});
