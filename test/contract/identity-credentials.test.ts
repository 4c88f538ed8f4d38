import { expect, it } from 'vitest';
import { contract } from './engines.js';
import { IamAccount } from '../../src/identity/account.js';
import { IdentityCredentialStore } from '../../src/identity/store/credential-store.js';
import { SecretBox } from '../../src/identity/store/secret-box.js';

const ACCOUNT = '123456789012';
const ALICE = { userId: 'AIDA1', name: 'alice', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, createDate: 'x' };

/**
 * The credential cache of one process must follow changes committed by any other: the deleting
 * side here never touches the cached side's objects, only the store.
 */
contract('IdentityCredentialStore over the identity ports', (open) => {
  it('a deleted or deactivated key is unknown on the next read snapshot, though it was cached', async () => {
    const store = await open();
    const box = SecretBox.ephemeral();
    const account = new IamAccount(box, { accountId: ACCOUNT });
    const credentials = new IdentityCredentialStore(account, { accountId: ACCOUNT, accessKeyId: 'AKIAROOT', secretAccessKey: 'r' });
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamEntities.putTag('user', 'AIDA1', 'team', 'blue');
      await tx.iamKeys.insertKey('AKIAA', 'AIDA1', box.seal('secret-a'), 'x');
      await tx.iamKeys.insertKey('AKIAB', 'AIDA1', box.seal('secret-b'), 'x');
    });
    const find = (id: string) => store.read((tx) => credentials.findAccessKey(tx, id));
    expect(await find('AKIAA')).toMatchObject({
      secretAccessKey: 'secret-a',
      status: 'Active',
      principal: { userName: 'alice', tags: { team: 'blue' } },
    });
    expect(await find('AKIAB')).toMatchObject({ secretAccessKey: 'secret-b' });

    await store.write((tx) => tx.iamKeys.deleteKey('AKIAA'));
    expect(await find('AKIAA')).toBeUndefined();
    await store.write((tx) => tx.iamKeys.setStatus('AKIAB', 'Inactive'));
    expect((await find('AKIAB'))?.status).toBe('Inactive');
    expect(await find('AKIAROOT')).toMatchObject({ principal: { type: 'Root', accountId: ACCOUNT } });
  });
});
