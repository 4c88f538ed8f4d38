import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../storage/sqlite/database.js';
import { cloudtrailMigrations } from '../../services/cloudtrail/migrations.js';
import { SecretBox } from '../../identity/store/secret-box.js';
import { SigningKeyRing } from './key-ring.js';
import { generateSigningKey } from './signing-key.js';

const DAY = 24 * 3600_000;

describe('SigningKeyRing at rest', () => {
  it('a migration seals the clear keys an older version stored; they still sign and list', () => {
    const db = openDatabase(':memory:');
    migrate(db, 'cloudtrail', cloudtrailMigrations);
    const old = generateSigningKey();
    const start = Date.parse('2026-03-01T00:00:00Z');
    // The layout before sealing: the PKCS#8 PEM in clear.
    db.prepare('INSERT INTO ct_signing_keys VALUES (?, ?, ?, ?, ?)').run(
      'us-east-1',
      old.fingerprint,
      old.privateKeyPem,
      start,
      start + 30 * DAY,
    );

    const ring = new SigningKeyRing(SecretBox.ephemeral());
    ring.migrate(db);

    const stored = db.prepare('SELECT private_key_sealed FROM ct_signing_keys').pluck().get() as string;
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('PRIVATE KEY');
    const signing = ring.signingKey(db, 'us-east-1', new Date(start + DAY));
    expect(signing.fingerprint).toBe(old.fingerprint);
    expect(signing.privateKeyPem).toBe(old.privateKeyPem);
    const [listed] = ring.list(db, 'us-east-1', new Date(start), new Date(start + DAY));
    expect(listed).toMatchObject({ fingerprint: old.fingerprint, publicKeyDer: old.publicKeyDer });
  });

  it('new keys are stored sealed and only open with the same master key', () => {
    const db = openDatabase(':memory:');
    migrate(db, 'cloudtrail', cloudtrailMigrations);
    const ring = new SigningKeyRing(SecretBox.ephemeral());
    ring.migrate(db);
    const key = ring.signingKey(db, 'eu-west-1', new Date());
    const sealed = db.prepare('SELECT private_key_sealed FROM ct_signing_keys').pluck().get() as string;
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(key.privateKeyPem.slice(40, 80));
    expect(() => new SigningKeyRing(SecretBox.ephemeral()).signingKey(db, 'eu-west-1', new Date())).toThrow();
  });
});
