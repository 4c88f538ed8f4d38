import type { SnsSigningKey, SnsSigningKeyRepository } from '../ports/sns.js';
import type { Db } from './database.js';

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

export class SqliteSnsSigningKeyRepository implements SnsSigningKeyRepository {
  constructor(private readonly db: Db) {}

  async get(region: string): Promise<SnsSigningKey | undefined> {
    const row = this.db.prepare('SELECT * FROM sns_signing_keys WHERE region = ?').get(region) as KeyRow | undefined;
    return row && toKey(row);
  }

  async byId(id: string): Promise<SnsSigningKey | undefined> {
    const row = this.db.prepare('SELECT * FROM sns_signing_keys WHERE id = ?').get(id) as KeyRow | undefined;
    return row && toKey(row);
  }

  async install(k: SnsSigningKey): Promise<SnsSigningKey> {
    this.db
      .prepare(
        `INSERT INTO sns_signing_keys (region, id, certificate_pem, private_key_sealed, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (region) DO NOTHING`,
      )
      .run(k.region, k.id, k.certificatePem, k.privateKeySealed, +k.createdAt);
    return (await this.get(k.region))!;
  }
}
