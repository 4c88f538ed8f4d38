import type { HostedAccount, HostedAccountRepository } from '../ports/hosted-account.js';
import type { Sql } from './sql.js';

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

const SELECT = 'SELECT account_id, root_access_key_id, sealed_root_secret, created_at_ms FROM hosted_account WHERE id = 1';

/** One row (id = 1): the first claim wins (nodes starting together race on the primary key), later claims read it. */
export class PgHostedAccountRepository implements HostedAccountRepository {
  constructor(private readonly sql: Sql) {}

  async get(): Promise<HostedAccount | undefined> {
    const row = await this.sql.one<AccountRow>(SELECT);
    return row ? toAccount(row) : undefined;
  }

  async claim(a: HostedAccount): Promise<HostedAccount> {
    await this.sql.run(
      `INSERT INTO hosted_account (id, account_id, root_access_key_id, sealed_root_secret, created_at_ms)
       VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [a.accountId, a.rootAccessKeyId, a.sealedRootSecret, a.createdAt.getTime()],
    );
    return (await this.get())!;
  }
}
