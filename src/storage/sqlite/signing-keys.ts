import type { PublicSigningKey, SealedSigningKey } from '../../audit/digest/signing-key.js';
import type { SigningKeyRepository } from '../ports/signing-keys.js';
import type { Db } from './database.js';

interface PublicRow {
  region: string;
  fingerprint: string;
  public_key_der: Buffer;
  validity_start: number;
  validity_end: number;
}

interface Row extends PublicRow {
  private_key_sealed: string;
}

const fromPublicRow = (r: PublicRow): PublicSigningKey => ({
  region: r.region,
  fingerprint: r.fingerprint,
  publicKeyDer: r.public_key_der,
  validityStart: new Date(r.validity_start),
  validityEnd: new Date(r.validity_end),
});

/** Signing keys in ct_signing_keys (times in epoch ms). A NULL public_key_der marks a legacy clear key. */
export class SqliteSigningKeyRepository implements SigningKeyRepository {
  constructor(private readonly db: Db) {}

  async validAt(region: string, at: Date): Promise<SealedSigningKey | undefined> {
    const row = this.db
      .prepare(
        `SELECT * FROM ct_signing_keys WHERE region = ? AND validity_start <= ? AND validity_end > ? AND public_key_der IS NOT NULL
         ORDER BY validity_start DESC LIMIT 1`,
      )
      .get(region, at.getTime(), at.getTime()) as Row | undefined;
    return row && { ...fromPublicRow(row), privateKeySealed: row.private_key_sealed };
  }

  async insert(key: SealedSigningKey): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO ct_signing_keys (region, fingerprint, public_key_der, private_key_sealed, validity_start, validity_end)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(key.region, key.fingerprint, key.publicKeyDer, key.privateKeySealed, key.validityStart.getTime(), key.validityEnd.getTime());
  }

  async list(region: string, start: Date, end: Date): Promise<PublicSigningKey[]> {
    const rows = this.db
      .prepare(
        `SELECT region, fingerprint, public_key_der, validity_start, validity_end FROM ct_signing_keys
         WHERE region = ? AND validity_start <= ? AND validity_end >= ? AND public_key_der IS NOT NULL ORDER BY validity_start`,
      )
      .all(region, end.getTime(), start.getTime()) as PublicRow[];
    return rows.map(fromPublicRow);
  }

  async legacyClear(): Promise<Array<{ region: string; fingerprint: string; privateKeyPem: string }>> {
    return this.db
      .prepare('SELECT region, fingerprint, private_key_sealed AS privateKeyPem FROM ct_signing_keys WHERE public_key_der IS NULL')
      .all() as Array<{ region: string; fingerprint: string; privateKeyPem: string }>;
  }

  async sealLegacy(region: string, fingerprint: string, privateKeySealed: string, publicKeyDer: Buffer): Promise<void> {
    this.db
      .prepare(
        'UPDATE ct_signing_keys SET private_key_sealed = ?, public_key_der = ? WHERE region = ? AND fingerprint = ? AND public_key_der IS NULL',
      )
      .run(privateKeySealed, publicKeyDer, region, fingerprint);
  }
}
