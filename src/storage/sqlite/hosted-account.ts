import type { HostedAccount, HostedAccountRepository } from '../ports/hosted-account.js';
import type { Db } from './database.js';

interface AccountRow {
  account_id: string;
  root_access_key_id: string;
  sealed_root_secret: string;
  created_at_ms: number;
}

const toAccount = (row: AccountRow): HostedAccount => ({
  accountId: row.account_id,
  rootAccessKeyId: row.root_access_key_id,
  sealedRootSecret: row.sealed_root_secret,
  createdAt: new Date(row.created_at_ms),
});

/** One row (id = 1): the first claim wins, later claims read it. */
export class SqliteHostedAccountRepository implements HostedAccountRepository {
  constructor(private readonly db: Db) {}

  async get(): Promise<HostedAccount | undefined> {
    const row = this.db.prepare('SELECT * FROM hosted_account WHERE id = 1').get() as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  async claim(a: HostedAccount): Promise<HostedAccount> {
    this.db
      .prepare(
        `INSERT INTO hosted_account (id, account_id, root_access_key_id, sealed_root_secret, created_at_ms)
         VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(a.accountId, a.rootAccessKeyId, a.sealedRootSecret, a.createdAt.getTime());
    return (await this.get())!;
  }
}
