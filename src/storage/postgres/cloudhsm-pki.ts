import type { PkiRoot, PkiRootRepository } from '../ports/cloudhsm.js';
import type { Sql } from './sql.js';

export class PgPkiRootRepository implements PkiRootRepository {
  constructor(private readonly sql: Sql) {}

  get(name: string): Promise<PkiRoot | undefined> {
    return this.sql.one<PkiRoot>(
      'SELECT certificate_pem AS "certificatePem", private_key_pem AS "privateKeyPem" FROM cloudhsm_pki_roots WHERE name = $1',
      [name],
    );
  }

  /** First writer wins: ON CONFLICT DO NOTHING keeps an existing root. */
  async putIfAbsent(name: string, root: PkiRoot): Promise<void> {
    await this.sql.run(
      'INSERT INTO cloudhsm_pki_roots (name, certificate_pem, private_key_pem) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [name, root.certificatePem, root.privateKeyPem],
    );
  }

  async setPrivateKey(name: string, privateKeyPem: string): Promise<void> {
    await this.sql.run('UPDATE cloudhsm_pki_roots SET private_key_pem = $1 WHERE name = $2', [privateKeyPem, name]);
  }
}
