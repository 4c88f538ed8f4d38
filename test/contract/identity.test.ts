import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { Store } from '../../src/storage/ports.js';

const user = (name: string, n = 1) => ({
  userId: `AIDA${String(n).padStart(17, '0')}`,
  name,
  path: '/',
  arn: `arn:aws:iam::123456789012:user/${name}`,
  createDate: '2026-03-01T12:00:00.000Z',
});
const version = (store: Store) => store.read((tx) => tx.identityVersion.current());

contract('IamEntityRepository', (open) => {
  it('finds users by name case-insensitively and refuses a second user whose name differs only in case', async () => {
    const store = await open();
    expect(await store.write((tx) => tx.iamEntities.insertUser(user('Alice', 1)))).toBe(true);
    expect(await store.write((tx) => tx.iamEntities.insertUser(user('ALICE', 2)))).toBe(false);
    expect(await store.read((tx) => tx.iamEntities.findUser('alice'))).toEqual(user('Alice', 1));
    expect(await store.read((tx) => tx.iamEntities.listUsers())).toHaveLength(1);
    expect(await store.read((tx) => tx.iamEntities.findUser('bob'))).toBeUndefined();
  });

  it('lists users by name, case-insensitively', async () => {
    const store = await open();
    await store.write(async (tx) => {
      for (const [i, n] of ['carol', 'Bob', 'alice'].entries()) await tx.iamEntities.insertUser(user(n, i));
    });
    expect((await store.read((tx) => tx.iamEntities.listUsers())).map((u) => u.name)).toEqual(['alice', 'Bob', 'carol']);
  });

  it('keeps nothing of a write that fails, and leaves the version where it was', async () => {
    const store = await open();
    const before = await version(store);
    await expect(
      store.write(async (tx) => {
        await tx.iamEntities.insertUser(user('alice'));
        throw new Error('the call failed');
      }),
    ).rejects.toThrow('the call failed');
    expect(await store.read((tx) => tx.iamEntities.findUser('alice'))).toBeUndefined();
    expect(await version(store)).toBe(before);
  });

  it('tracks group members and answers whether a removal removed anything', async () => {
    const store = await open();
    const group = { groupId: 'AGPA1', name: 'Admins', path: '/', arn: 'arn:aws:iam::123456789012:group/Admins', createDate: 'x' };
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(user('alice'));
      await tx.iamEntities.insertGroup(group);
      await tx.iamEntities.addMember('AGPA1', user('alice').userId);
      await tx.iamEntities.addMember('AGPA1', user('alice').userId);
    });
    expect((await store.read((tx) => tx.iamEntities.membersOf('AGPA1'))).map((u) => u.name)).toEqual(['alice']);
    expect((await store.read((tx) => tx.iamEntities.groupsOf(user('alice').userId))).map((g) => g.name)).toEqual(['Admins']);
    expect(await store.read((tx) => tx.iamEntities.findGroup('admins'))).toEqual(group);
    expect(await store.write((tx) => tx.iamEntities.removeMember('AGPA1', user('alice').userId))).toBe(true);
    expect(await store.write((tx) => tx.iamEntities.removeMember('AGPA1', user('alice').userId))).toBe(false);
  });

  it('keeps optional role fields absent and updates only the fields given', async () => {
    const store = await open();
    const role = {
      roleId: 'AROA1',
      name: 'ops',
      path: '/',
      arn: 'arn:aws:iam::123456789012:role/ops',
      createDate: 'x',
      trustPolicy: '{}',
      maxSessionDuration: 3600,
    };
    await store.write((tx) => tx.iamEntities.insertRole(role));
    expect(await store.read((tx) => tx.iamEntities.roleById('AROA1'))).toEqual(role);
    await store.write((tx) => tx.iamEntities.updateRole('AROA1', { description: 'd' }));
    expect(await store.read((tx) => tx.iamEntities.findRole('OPS'))).toEqual({ ...role, description: 'd' });
    await store.write((tx) => tx.iamEntities.updateRole('AROA1', { maxSessionDuration: 7200 }));
    expect(await store.read((tx) => tx.iamEntities.findRole('ops'))).toEqual({ ...role, description: 'd', maxSessionDuration: 7200 });
  });

  it('keeps tags in the order added; a key differing only in case replaces the value and spelling', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamEntities.putTag('user', 'u1', 'team', 'blue');
      await tx.iamEntities.putTag('user', 'u1', 'env', 'prod');
      await tx.iamEntities.putTag('user', 'u1', 'TEAM', 'red');
      await tx.iamEntities.putTag('role', 'u1', 'other', 'x');
    });
    expect(await store.read((tx) => tx.iamEntities.tags('user', 'u1'))).toEqual([
      { Key: 'TEAM', Value: 'red' },
      { Key: 'env', Value: 'prod' },
    ]);
    await store.write((tx) => tx.iamEntities.deleteTag('user', 'u1', 'Env'));
    expect(await store.read((tx) => tx.iamEntities.tags('user', 'u1'))).toEqual([{ Key: 'TEAM', Value: 'red' }]);
  });

  it('creates a login profile, then changes its hash and reset flag, keeping the date of the last new password', async () => {
    const store = await open();
    const id = user('alice').userId;
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(user('alice'));
      await tx.iamEntities.putLoginProfile(id, 'hash1', true, '2026-01-01T00:00:00.000Z');
    });
    await store.write((tx) => tx.iamEntities.putLoginProfile(id, undefined, false, '2026-02-01T00:00:00.000Z'));
    expect(await store.read((tx) => tx.iamEntities.loginProfile(id))).toEqual({
      userId: id,
      createDate: '2026-01-01T00:00:00.000Z',
      resetRequired: false,
      passwordHash: 'hash1',
      passwordDate: '2026-01-01T00:00:00.000Z',
    });
    await store.write((tx) => tx.iamEntities.putLoginProfile(id, 'hash2', false, '2026-03-01T00:00:00.000Z'));
    expect(await store.read((tx) => tx.iamEntities.loginProfile(id))).toMatchObject({
      passwordHash: 'hash2',
      passwordDate: '2026-03-01T00:00:00.000Z',
    });
    await store.write((tx) => tx.iamEntities.deleteLoginProfile(id));
    expect(await store.read((tx) => tx.iamEntities.loginProfile(id))).toBeUndefined();
  });
});

contract('IdentityVersionRepository', (open) => {
  it('increments on every change that can alter authorization, in the changing transaction', async () => {
    const store = await open();
    const v0 = await version(store);
    await store.write((tx) => tx.iamEntities.insertUser(user('alice')));
    const v1 = await version(store);
    expect(v1).toBeGreaterThan(v0);
    await store.write((tx) => tx.iamPolicies.attach('user', user('alice').userId, 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    const v2 = await version(store);
    expect(v2).toBeGreaterThan(v1);
    await store.write((tx) => tx.iamPolicies.detach('user', user('alice').userId, 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    const v3 = await version(store);
    expect(v3).toBeGreaterThan(v2);
    await store.write((tx) => tx.iamEntities.deleteUser(user('alice').userId));
    expect(await version(store)).toBeGreaterThan(v3);
    // The writing transaction sees its own bump.
    expect(
      await store.write(async (tx) => {
        const before = await tx.identityVersion.current();
        await tx.identityVersion.bump();
        return (await tx.identityVersion.current()) - before;
      }),
    ).toBe(1);
  });

  it('does not move for changes that alter nothing, nor for reads or last-used bookkeeping', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(user('alice'));
      await tx.iamKeys.insertKey('AKIAEXAMPLE000000001', user('alice').userId, 'sealed', 'x');
    });
    const v = await version(store);
    await store.write(async (tx) => {
      await tx.iamPolicies.detach('user', 'nobody', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      await tx.iamKeys.recordLastUsed('AKIAEXAMPLE000000001', { date: 'x', service: 'iam', region: 'us-east-1' });
      await tx.iamEntities.listUsers();
    });
    expect(await version(store)).toBe(v);
  });
});
