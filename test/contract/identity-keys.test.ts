import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { Principal } from '../../src/identity/principal.js';

const ALICE = { userId: 'AIDA1', name: 'alice', path: '/', arn: 'arn:aws:iam::123456789012:user/alice', createDate: 'x' };
const principal = { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/r/s', tags: {} } as unknown as Principal;

contract('IamKeyRepository', (open) => {
  it("lists a user's keys oldest first, with the user name; a deleted key is gone from the next read", async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamKeys.insertKey('AKIAB', 'AIDA1', 'sealed-b', '2026-03-01T12:00:00.000Z');
      await tx.iamKeys.insertKey('AKIAA', 'AIDA1', 'sealed-a', '2026-03-01T12:00:01.000Z');
    });
    const keys = await store.read((tx) => tx.iamKeys.keysOf('AIDA1'));
    expect(keys.map((k) => [k.accessKeyId, k.userName, k.status])).toEqual([
      ['AKIAB', 'alice', 'Active'],
      ['AKIAA', 'alice', 'Active'],
    ]);
    expect(keys[0]).not.toHaveProperty('lastUsedDate');
    expect(await store.read((tx) => tx.iamKeys.sealedSecretOf('AKIAB'))).toBe('sealed-b');
    await store.write((tx) => tx.iamKeys.deleteKey('AKIAB'));
    expect(await store.read((tx) => tx.iamKeys.findKey('AKIAB'))).toBeUndefined();
    expect(await store.read((tx) => tx.iamKeys.sealedSecretOf('AKIAB'))).toBeUndefined();
  });

  it('records status and last use', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamKeys.insertKey('AKIAA', 'AIDA1', 's', 'x');
      await tx.iamKeys.setStatus('AKIAA', 'Inactive');
      await tx.iamKeys.recordLastUsed('AKIAA', { date: '2026-03-01T12:00:00.000Z', service: 'cloudhsm', region: 'eu-west-1' });
    });
    expect(await store.read((tx) => tx.iamKeys.findKey('AKIAA'))).toMatchObject({
      status: 'Inactive',
      lastUsedDate: '2026-03-01T12:00:00.000Z',
      lastUsedService: 'cloudhsm',
      lastUsedRegion: 'eu-west-1',
    });
  });

  it('stores sessions with their principal, ends one on request and purges the expired', async () => {
    const store = await open();
    const session = (id: string, expiration: string) => ({ accessKeyId: id, sealedSecret: 's', tokenSha256: 'ab', expiration, principal });
    await store.write(async (tx) => {
      await tx.iamKeys.insertSession(session('ASIAOLD', '2026-03-01T00:00:00.000Z'), 'x');
      await tx.iamKeys.insertSession(session('ASIANEW', '2026-03-02T00:00:00.000Z'), 'x');
      await tx.iamKeys.insertSession(session('ASIAEND', '2026-03-02T00:00:00.000Z'), 'x');
    });
    expect(await store.read((tx) => tx.iamKeys.findSession('ASIANEW'))).toEqual(session('ASIANEW', '2026-03-02T00:00:00.000Z'));
    await store.write(async (tx) => {
      await tx.iamKeys.purgeSessions('2026-03-01T12:00:00.000Z');
      await tx.iamKeys.deleteSession('ASIAEND');
    });
    expect(await store.read((tx) => tx.iamKeys.findSession('ASIAOLD'))).toBeUndefined();
    expect(await store.read((tx) => tx.iamKeys.findSession('ASIAEND'))).toBeUndefined();
    expect(await store.read((tx) => tx.iamKeys.findSession('ASIANEW'))).toBeDefined();
  });
});

contract('IamPolicyRepository', (open) => {
  const policy = {
    arn: 'arn:aws:iam::123456789012:policy/p',
    policyId: 'ANPA1',
    name: 'p',
    path: '/',
    createDate: '2026-03-01T12:00:00.000Z',
    updateDate: '2026-03-01T12:00:00.000Z',
    defaultVersion: 'v1',
    nextVersion: 2,
  };

  it('stores a managed policy with v1 as default; versions newest first; the next version number follows', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamPolicies.insertManaged(policy, '{"v":1}');
      await tx.iamPolicies.insertVersion({
        policyArn: policy.arn,
        versionId: 'v2',
        document: '{"v":2}',
        createDate: '2026-03-01T12:00:01.000Z',
      });
      await tx.iamPolicies.setDefault(policy.arn, 'v2', '2026-03-01T12:00:02.000Z');
    });
    expect((await store.read((tx) => tx.iamPolicies.versions(policy.arn))).map((v) => v.versionId)).toEqual(['v2', 'v1']);
    expect(await store.read((tx) => tx.iamPolicies.managedByName('P'))).toMatchObject({ defaultVersion: 'v2', nextVersion: 3 });
    expect(await store.read((tx) => tx.iamPolicies.managed(policy.arn))).not.toHaveProperty('description');
    await store.write(async (tx) => {
      await tx.iamPolicies.deleteVersion(policy.arn, 'v1');
      await tx.iamPolicies.deleteManaged(policy.arn);
    });
    expect(await store.read((tx) => tx.iamPolicies.managed(policy.arn))).toBeUndefined();
    expect(await store.read((tx) => tx.iamPolicies.versions(policy.arn))).toEqual([]);
  });

  it('attaches idempotently, in order, and counts attachments', async () => {
    const store = await open();
    const aws = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await store.write(async (tx) => {
      await tx.iamPolicies.attach('user', 'AIDA1', policy.arn);
      await tx.iamPolicies.attach('user', 'AIDA1', aws);
      await tx.iamPolicies.attach('user', 'AIDA1', policy.arn);
      await tx.iamPolicies.attach('role', 'AROA1', policy.arn);
    });
    expect(await store.read((tx) => tx.iamPolicies.attached('user', 'AIDA1'))).toEqual([policy.arn, aws]);
    expect(await store.read((tx) => tx.iamPolicies.attachmentCount(policy.arn))).toBe(2);
    expect(await store.read((tx) => tx.iamPolicies.entitiesFor(policy.arn))).toEqual([
      { type: 'user', id: 'AIDA1' },
      { type: 'role', id: 'AROA1' },
    ]);
    expect(await store.write((tx) => tx.iamPolicies.detach('user', 'AIDA1', aws))).toBe(true);
    expect(await store.write((tx) => tx.iamPolicies.detach('user', 'AIDA1', aws))).toBe(false);
  });

  it('replaces an inline policy of the same name in any case, lists by name, deletes once', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamPolicies.putInline('user', 'AIDA1', 'b', '{"b":1}');
      await tx.iamPolicies.putInline('user', 'AIDA1', 'A', '{"a":1}');
      await tx.iamPolicies.putInline('user', 'AIDA1', 'B', '{"b":2}');
    });
    expect(await store.read((tx) => tx.iamPolicies.inlineAll('user', 'AIDA1'))).toEqual([
      { name: 'A', document: '{"a":1}' },
      { name: 'b', document: '{"b":2}' },
    ]);
    expect(await store.read((tx) => tx.iamPolicies.inline('group', 'AIDA1', 'A'))).toBeUndefined();
    expect(await store.write((tx) => tx.iamPolicies.deleteInline('user', 'AIDA1', 'a'))).toBe(true);
    expect(await store.write((tx) => tx.iamPolicies.deleteInline('user', 'AIDA1', 'a'))).toBe(false);
  });
});

contract('IamPasswordRepository', (open) => {
  const policy = {
    minimumPasswordLength: 10,
    requireSymbols: true,
    requireNumbers: false,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: false,
    allowUsersToChangePassword: true,
    passwordReusePrevention: 3,
    hardExpiry: false,
  };

  it('keeps one account password policy, replaced whole, with unset numbers absent', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.iamPasswords.policy())).toBeUndefined();
    await store.write((tx) => tx.iamPasswords.putPolicy({ ...policy, maxPasswordAge: 90 }));
    await store.write((tx) => tx.iamPasswords.putPolicy(policy));
    expect(await store.read((tx) => tx.iamPasswords.policy())).toEqual(policy);
    expect(await store.write((tx) => tx.iamPasswords.deletePolicy())).toBe(true);
    expect(await store.write((tx) => tx.iamPasswords.deletePolicy())).toBe(false);
  });

  it('remembers the 24 newest password hashes, newest first', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      for (let i = 0; i < 30; i++) await tx.iamPasswords.remember('AIDA1', `h${i}`, 'x');
    });
    expect(await store.read((tx) => tx.iamPasswords.recentHashes('AIDA1', 3))).toEqual(['h29', 'h28', 'h27']);
    expect(await store.read((tx) => tx.iamPasswords.recentHashes('AIDA1', 100))).toHaveLength(24);
  });

  it("keeps the root user's console password, replaced whole, visible to the next read; setting it bumps the version", async () => {
    const store = await open();
    expect(await store.read((tx) => tx.iamPasswords.rootPassword())).toBeUndefined();
    const v0 = await store.read((tx) => tx.identityVersion.current());
    await store.write((tx) => tx.iamPasswords.putRootPassword({ passwordHash: 'scrypt$1', setDate: '2026-12-01T00:00:00.000Z' }));
    const v1 = await store.read((tx) => tx.identityVersion.current());
    expect(v1).toBeGreaterThan(v0);
    await store.write((tx) => tx.iamPasswords.putRootPassword({ passwordHash: 'scrypt$2', setDate: '2026-12-02T00:00:00.000Z' }));
    expect(await store.read((tx) => tx.iamPasswords.rootPassword())).toEqual({
      passwordHash: 'scrypt$2',
      setDate: '2026-12-02T00:00:00.000Z',
    });
    expect(await store.read((tx) => tx.identityVersion.current())).toBeGreaterThan(v1);
    // A failed write leaves the previous password.
    await expect(
      store.write(async (tx) => {
        await tx.iamPasswords.putRootPassword({ passwordHash: 'scrypt$3', setDate: 'x' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await store.read((tx) => tx.iamPasswords.rootPassword()))!.passwordHash).toBe('scrypt$2');
  });
});

contract('SignInFailureRepository', (open) => {
  it('counts failures per key, forgets one on request and the stale on purge', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.signInFailures.put('u:alice', { count: 1, lastMs: 1000 });
      await tx.signInFailures.put('u:alice', { count: 2, lastMs: 2000 });
      await tx.signInFailures.put('ip:192.0.2.1', { count: 1, lastMs: 500 });
      await tx.signInFailures.put('u:bob', { count: 1, lastMs: 3000 });
    });
    expect(await store.read((tx) => tx.signInFailures.get('u:alice'))).toEqual({ count: 2, lastMs: 2000 });
    await store.write(async (tx) => {
      await tx.signInFailures.purge(1000);
      await tx.signInFailures.delete('u:bob');
    });
    expect(await store.read((tx) => tx.signInFailures.get('ip:192.0.2.1'))).toBeUndefined();
    expect(await store.read((tx) => tx.signInFailures.get('u:bob'))).toBeUndefined();
    expect(await store.read((tx) => tx.signInFailures.get('u:alice'))).toBeDefined();
  });
});

contract('ConsoleSessionRepository', (open) => {
  it('finds a session by its key until deleted; prune drops the expired, then those closest to expiry', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.consoleSessions.put('a', 'sealed-a', 1000);
      await tx.consoleSessions.put('b', 'sealed-b', 3000);
      await tx.consoleSessions.put('c', 'sealed-c', 2000);
      await tx.consoleSessions.put('d', 'sealed-d', 4000);
    });
    expect(await store.read((tx) => tx.consoleSessions.get('b'))).toEqual({ sealed: 'sealed-b', expiresMs: 3000 });
    await store.write((tx) => tx.consoleSessions.prune(1000, 2));
    expect(await store.read((tx) => tx.consoleSessions.get('a'))).toBeUndefined();
    expect(await store.read((tx) => tx.consoleSessions.get('c'))).toBeUndefined();
    expect(await store.read((tx) => tx.consoleSessions.get('b'))).toBeDefined();
    await store.write((tx) => tx.consoleSessions.delete('b'));
    expect(await store.read((tx) => tx.consoleSessions.get('b'))).toBeUndefined();
    expect(await store.read((tx) => tx.consoleSessions.get('d'))).toBeDefined();
  });
});
