import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../storage/sqlite/database.js';
import { cloudtrailMigrations } from '../../storage/sqlite/migrations/cloudtrail.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { SecretBox } from '../../identity/store/secret-box.js';
import { SigningKeyRing } from './key-ring.js';
import { generateSigningKey } from './signing-key.js';

const DAY = 24 * 3600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SigningKeyRing at rest', () => {
  it('a migration seals the clear keys an older version stored; they still sign and list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-keys-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    // The layout before sealing (cloudtrail v1 only): the PKCS#8 PEM in clear.
    const legacy = openDatabase(path);
    migrate(legacy, 'cloudtrail', cloudtrailMigrations.slice(0, 1));
    const old = generateSigningKey();
    const start = Date.parse('2026-03-01T00:00:00Z');
    legacy
      .prepare('INSERT INTO ct_signing_keys VALUES (?, ?, ?, ?, ?)')
      .run('us-east-1', old.fingerprint, old.privateKeyPem, start, start + 30 * DAY);
    legacy.close();

    const store = new SqliteStore(path);
    const ring = new SigningKeyRing(SecretBox.ephemeral());
    expect(await ring.sealLegacyKeys(store)).toBe(1);

    const stored = store.db.prepare('SELECT private_key_sealed FROM ct_signing_keys').pluck().get() as string;
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('PRIVATE KEY');
    const signing = await ring.signingKey(store, 'us-east-1', new Date(start + DAY));
    expect(signing.fingerprint).toBe(old.fingerprint);
    expect(signing.privateKeyPem).toBe(old.privateKeyPem);
    const [listed] = await store.read((tx) => ring.list(tx, 'us-east-1', new Date(start), new Date(start + DAY)));
    expect(listed).toMatchObject({ fingerprint: old.fingerprint, publicKeyDer: old.publicKeyDer });
    expect(await ring.sealLegacyKeys(store)).toBe(0);
    store.close();
  });

  it('new keys are stored sealed and only open with the same master key', async () => {
    const store = new SqliteStore(':memory:');
    const ring = new SigningKeyRing(SecretBox.ephemeral());
    const key = await ring.signingKey(store, 'eu-west-1', new Date());
    const sealed = store.db.prepare('SELECT private_key_sealed FROM ct_signing_keys').pluck().get() as string;
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(key.privateKeyPem.slice(40, 80));
    await expect(new SigningKeyRing(SecretBox.ephemeral()).signingKey(store, 'eu-west-1', new Date())).rejects.toThrow();
    store.close();
  });

  it('RSA generation stays outside write transactions: install only stores a candidate made before', async () => {
    const store = new SqliteStore(':memory:');
    const ring = new SigningKeyRing(SecretBox.ephemeral());
    const at = new Date('2026-03-07T09:00:00.500Z');
    await expect(store.write((tx) => ring.install(tx, 'us-east-1', at, undefined))).rejects.toThrow(/no digest-signing key/);
    const candidate = ring.candidate('us-east-1', at);
    expect(candidate.validityStart.toISOString()).toBe('2026-03-07T09:00:00.000Z');
    const installed = await store.write((tx) => ring.install(tx, 'us-east-1', at, candidate));
    expect(installed.fingerprint).toBe(candidate.fingerprint);
    // A later call finds the stored key and ignores its own candidate.
    const again = await store.write((tx) => ring.install(tx, 'us-east-1', at, ring.candidate('us-east-1', at)));
    expect(again.fingerprint).toBe(candidate.fingerprint);
    expect(await store.read((tx) => ring.list(tx, 'us-east-1', at, at))).toHaveLength(1);
    store.close();
  });
});
