import type { PublicSigningKey, SealedSigningKey } from '../../audit/digest/signing-key.js';
import type { SigningKeyRepository } from '../ports/signing-keys.js';
import type { Sql } from './sql.js';

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

/** Signing keys in ct_signing_keys (times in epoch ms, public key BYTEA). A NULL public_key_der marks a legacy clear key. */
export class PgSigningKeyRepository implements SigningKeyRepository {
  constructor(private readonly sql: Sql) {}

  async validAt(region: string, at: Date): Promise<SealedSigningKey | undefined> {
    const row = await this.sql.one<Row>(
      `SELECT * FROM ct_signing_keys WHERE region = $1 AND validity_start <= $2 AND validity_end > $2 AND public_key_der IS NOT NULL
       ORDER BY validity_start DESC LIMIT 1`,
      [region, at.getTime()],
    );
    return row && { ...fromPublicRow(row), privateKeySealed: row.private_key_sealed };
  }

  async insert(key: SealedSigningKey): Promise<void> {
    await this.sql.run(
      `INSERT INTO ct_signing_keys (region, fingerprint, public_key_der, private_key_sealed, validity_start, validity_end)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.region, key.fingerprint, key.publicKeyDer, key.privateKeySealed, key.validityStart.getTime(), key.validityEnd.getTime()],
    );
  }

  async list(region: string, start: Date, end: Date): Promise<PublicSigningKey[]> {
    const rows = await this.sql.all<PublicRow>(
      `SELECT region, fingerprint, public_key_der, validity_start, validity_end FROM ct_signing_keys
       WHERE region = $1 AND validity_start <= $2 AND validity_end >= $3 AND public_key_der IS NOT NULL ORDER BY validity_start`,
      [region, end.getTime(), start.getTime()],
    );
    return rows.map(fromPublicRow);
  }

  legacyClear(): Promise<Array<{ region: string; fingerprint: string; privateKeyPem: string }>> {
    return this.sql.all(
      'SELECT region, fingerprint, private_key_sealed AS "privateKeyPem" FROM ct_signing_keys WHERE public_key_der IS NULL ORDER BY region, fingerprint',
    );
  }

  async sealLegacy(region: string, fingerprint: string, privateKeySealed: string, publicKeyDer: Buffer): Promise<void> {
    await this.sql.run(
      `UPDATE ct_signing_keys SET private_key_sealed = $1, public_key_der = $2
       WHERE region = $3 AND fingerprint = $4 AND public_key_der IS NULL`,
      [privateKeySealed, publicKeyDer, region, fingerprint],
    );
  }
}
