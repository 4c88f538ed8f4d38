import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { createIdentity } from '../index.js';
import { PolicySetCache } from '../policy-set.js';

const ACCOUNT = '123456789012';
const account = { accountId: ACCOUNT, rootAccessKeyId: 'AKIAROOT', rootSecretAccessKey: 'r' };
const ALICE = { userId: 'AIDA1', name: 'alice', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, createDate: 'x' };

/** Two server processes on one data dir: each has its own caches, they share only the store. */
describe('identity caches across processes', () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const twoProcesses = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-identity-'));
    dirs.push(dir);
    const a = new SqliteStore(join(dir, 'store.db'));
    const b = new SqliteStore(join(dir, 'store.db'));
    stores.push(a, b);
    return { a, b, identityA: createIdentity({ store: a, dataDir: dir, account, defaultRegion: 'us-east-1' }), dir };
  };

  it('a key deleted by another process is unknown here at the next request', async () => {
    const { a, b, identityA } = twoProcesses();
    await b.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamKeys.insertKey('AKIAA', 'AIDA1', identityA.account.box.seal('secret'), 'x');
    });
    const find = () => a.read((tx) => identityA.credentials.findAccessKey(tx, 'AKIAA'));
    expect((await find())?.secretAccessKey).toBe('secret');
    await b.write((tx) => tx.iamKeys.deleteKey('AKIAA'));
    expect(await find()).toBeUndefined();
  });

  it('a policy detached by another process no longer applies here at the next request', async () => {
    const { a, b } = twoProcesses();
    const sets = new PolicySetCache();
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await b.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamPolicies.attach('user', 'AIDA1', arn);
    });
    const principal = { type: 'IAMUser', userId: 'AIDA1', arn: ALICE.arn, sessionPolicies: [] } as never;
    expect((await a.read((tx) => sets.for(tx, principal))).identity).toHaveLength(1);
    await b.write((tx) => tx.iamPolicies.detach('user', 'AIDA1', arn));
    expect((await a.read((tx) => sets.for(tx, principal))).identity).toHaveLength(0);
  });
});
