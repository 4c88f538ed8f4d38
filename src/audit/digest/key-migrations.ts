import type { SecretBox } from '../../identity/store/secret-box.js';
import type { Db, Migration } from '../../storage/sqlite/database.js';
import { signingKeyFromPem } from './signing-key.js';

/**
 * Module 'ct-signing-keys': the digest-signing keys' own schema changes, applied after the cloudtrail
 * module created ct_signing_keys. They need master.key, so the key ring runs them (SigningKeyRing.migrate).
 */
export function signingKeyMigrations(box: SecretBox): Migration[] {
  return [{ version: 1, name: 'seal private keys with master.key; store the public key', up: (db) => sealClearKeys(db, box) }];
}

/** Seals every clear PEM in place and keeps the public DER beside it, so listing keys never opens one. */
function sealClearKeys(db: Db, box: SecretBox): void {
  db.exec(`ALTER TABLE ct_signing_keys RENAME COLUMN private_key_pem TO private_key_sealed;
           ALTER TABLE ct_signing_keys ADD COLUMN public_key_der BLOB`);
  const rows = db.prepare('SELECT region, fingerprint, private_key_sealed AS pem FROM ct_signing_keys').all() as Array<{
    region: string;
    fingerprint: string;
    pem: string;
  }>;
  const update = db.prepare('UPDATE ct_signing_keys SET private_key_sealed = ?, public_key_der = ? WHERE region = ? AND fingerprint = ?');
  for (const row of rows) update.run(box.seal(row.pem), signingKeyFromPem(row.pem).publicKeyDer, row.region, row.fingerprint);
}
