import type { IamPasswordRepository, PasswordPolicyRow, RootPasswordRow } from '../ports/identity.js';
import type { Sql } from './sql.js';
import { changing } from './identity-version.js';

/** IAM never needs more history than PasswordReusePrevention's maximum. */
const MAX_HISTORY = 24;

interface PolicyColumns {
  minimum_length: number;
  require_symbols: boolean;
  require_numbers: boolean;
  require_uppercase: boolean;
  require_lowercase: boolean;
  allow_users_to_change: boolean;
  max_age: number | null;
  reuse_prevention: number | null;
  hard_expiry: boolean;
}

const SELECT_POLICY = `SELECT minimum_length, require_symbols, require_numbers, require_uppercase, require_lowercase,
  allow_users_to_change, max_age, reuse_prevention, hard_expiry FROM iam_password_policy WHERE id = 1`;

const UPSERT_POLICY = `INSERT INTO iam_password_policy (id, minimum_length, require_symbols, require_numbers, require_uppercase,
    require_lowercase, allow_users_to_change, max_age, reuse_prevention, hard_expiry) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (id) DO UPDATE SET minimum_length = excluded.minimum_length, require_symbols = excluded.require_symbols,
    require_numbers = excluded.require_numbers, require_uppercase = excluded.require_uppercase,
    require_lowercase = excluded.require_lowercase, allow_users_to_change = excluded.allow_users_to_change,
    max_age = excluded.max_age, reuse_prevention = excluded.reuse_prevention, hard_expiry = excluded.hard_expiry`;

const UPSERT_ROOT_PASSWORD = `INSERT INTO iam_root_password (id, password_hash, set_date) VALUES (1, $1, $2)
  ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, set_date = excluded.set_date`;

/** The account password policy (one row), each user's recent password hashes and the root user's console password (one row). */
export class PgIamPasswordRepository implements IamPasswordRepository {
  constructor(private readonly sql: Sql) {}

  async policy(): Promise<PasswordPolicyRow | undefined> {
    const r = await this.sql.one<PolicyColumns>(SELECT_POLICY);
    if (!r) return undefined;
    return {
      minimumPasswordLength: r.minimum_length,
      requireSymbols: r.require_symbols,
      requireNumbers: r.require_numbers,
      requireUppercaseCharacters: r.require_uppercase,
      requireLowercaseCharacters: r.require_lowercase,
      allowUsersToChangePassword: r.allow_users_to_change,
      ...(r.max_age !== null ? { maxPasswordAge: r.max_age } : {}),
      ...(r.reuse_prevention !== null ? { passwordReusePrevention: r.reuse_prevention } : {}),
      hardExpiry: r.hard_expiry,
    };
  }

  async putPolicy(p: PasswordPolicyRow): Promise<void> {
    await changing(this.sql, UPSERT_POLICY, [
      p.minimumPasswordLength,
      p.requireSymbols,
      p.requireNumbers,
      p.requireUppercaseCharacters,
      p.requireLowercaseCharacters,
      p.allowUsersToChangePassword,
      p.maxPasswordAge ?? null,
      p.passwordReusePrevention ?? null,
      p.hardExpiry,
    ]);
  }

  async deletePolicy(): Promise<boolean> {
    return (await changing(this.sql, 'DELETE FROM iam_password_policy WHERE id = 1')) > 0;
  }

  async recentHashes(userId: string, count: number): Promise<string[]> {
    const text = 'SELECT password_hash FROM iam_password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2';
    return (await this.sql.all<{ password_hash: string }>(text, [userId, count])).map((r) => r.password_hash);
  }

  async remember(userId: string, passwordHash: string, date: string): Promise<void> {
    await this.sql.run('INSERT INTO iam_password_history (user_id, password_hash, set_date) VALUES ($1, $2, $3)', [
      userId,
      passwordHash,
      date,
    ]);
    await this.sql.run(
      `DELETE FROM iam_password_history WHERE user_id = $1 AND id NOT IN
         (SELECT id FROM iam_password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)`,
      [userId, MAX_HISTORY],
    );
  }

  async rootPassword(): Promise<RootPasswordRow | undefined> {
    const r = await this.sql.one<{ password_hash: string; set_date: string }>(
      'SELECT password_hash, set_date FROM iam_root_password WHERE id = 1',
    );
    return r ? { passwordHash: r.password_hash, setDate: r.set_date } : undefined;
  }

  async putRootPassword(row: RootPasswordRow): Promise<void> {
    await changing(this.sql, UPSERT_ROOT_PASSWORD, [row.passwordHash, row.setDate]);
  }
}
