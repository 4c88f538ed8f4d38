import type { SnsSigningKey, SnsSigningKeyRepository } from '../ports/sns.js';
import type { Sql } from './sql.js';

interface KeyRow {
  region: string;
  id: string;
  certificate_pem: string;
  private_key_sealed: string;
  created_at: number;
}

const toKey = (r: KeyRow): SnsSigningKey => ({
  region: r.region,
  id: r.id,
  certificatePem: r.certificate_pem,
  privateKeySealed: r.private_key_sealed,
  createdAt: new Date(r.created_at),
});

/** sns_signing_keys: one per region. The private key arrives sealed and leaves sealed. */
export class PgSnsSigningKeyRepository implements SnsSigningKeyRepository {
  constructor(private readonly sql: Sql) {}

  async get(region: string): Promise<SnsSigningKey | undefined> {
    const row = await this.sql.one<KeyRow>('SELECT * FROM sns_signing_keys WHERE region = $1', [region]);
    return row && toKey(row);
  }

  async byId(id: string): Promise<SnsSigningKey | undefined> {
    const row = await this.sql.one<KeyRow>('SELECT * FROM sns_signing_keys WHERE id = $1', [id]);
    return row && toKey(row);
  }

  /** The first install wins: a node that lost the race reads back the key that is there. */
  async install(k: SnsSigningKey): Promise<SnsSigningKey> {
    await this.sql.run(
      `INSERT INTO sns_signing_keys (region, id, certificate_pem, private_key_sealed, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (region) DO NOTHING`,
      [k.region, k.id, k.certificatePem, k.privateKeySealed, +k.createdAt],
    );
    return (await this.get(k.region))!;
  }
}
