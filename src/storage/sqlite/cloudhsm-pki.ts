import type { PkiRoot, PkiRootRepository } from '../ports/cloudhsm.js';
import type { Db } from './database.js';

export class SqlitePkiRootRepository implements PkiRootRepository {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<PkiRoot | undefined> {
    return this.db
      .prepare('SELECT certificate_pem AS certificatePem, private_key_pem AS privateKeyPem FROM cloudhsm_pki_roots WHERE name = ?')
      .get(name) as PkiRoot | undefined;
  }

  async putIfAbsent(name: string, root: PkiRoot): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO cloudhsm_pki_roots (name, certificate_pem, private_key_pem) VALUES (?, ?, ?)')
      .run(name, root.certificatePem, root.privateKeyPem);
  }

  async setPrivateKey(name: string, privateKeyPem: string): Promise<void> {
    this.db.prepare('UPDATE cloudhsm_pki_roots SET private_key_pem = ? WHERE name = ?').run(privateKeyPem, name);
  }
}
