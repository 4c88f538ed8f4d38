import type { IamPasswordRepository, PasswordPolicyRow, RootPasswordRow } from '../ports/identity.js';
import type { Db } from './database.js';
import { changing } from './identity-version.js';

/** IAM never needs more history than PasswordReusePrevention's maximum. */
const MAX_HISTORY = 24;

interface PolicyColumns {
  minimumLength: number;
  requireSymbols: number;
  requireNumbers: number;
  requireUppercase: number;
  requireLowercase: number;
  allowUsersToChange: number;
  maxAge: number | null;
  reusePrevention: number | null;
  hardExpiry: number;
}

const SELECT_POLICY = `SELECT minimum_length AS minimumLength, require_symbols AS requireSymbols, require_numbers AS requireNumbers,
  require_uppercase AS requireUppercase, require_lowercase AS requireLowercase, allow_users_to_change AS allowUsersToChange,
  max_age AS maxAge, reuse_prevention AS reusePrevention, hard_expiry AS hardExpiry FROM iam_password_policy WHERE id = 1`;

const UPSERT_POLICY = `INSERT INTO iam_password_policy (id, minimum_length, require_symbols, require_numbers, require_uppercase,
    require_lowercase, allow_users_to_change, max_age, reuse_prevention, hard_expiry) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET minimum_length = excluded.minimum_length, require_symbols = excluded.require_symbols,
    require_numbers = excluded.require_numbers, require_uppercase = excluded.require_uppercase,
    require_lowercase = excluded.require_lowercase, allow_users_to_change = excluded.allow_users_to_change,
    max_age = excluded.max_age, reuse_prevention = excluded.reuse_prevention, hard_expiry = excluded.hard_expiry`;

const UPSERT_ROOT_PASSWORD = `INSERT INTO iam_root_password (id, password_hash, set_date) VALUES (1, ?, ?)
  ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, set_date = excluded.set_date`;

/** The account password policy (one row), each user's recent password hashes and the root user's console password (one row). */
export class SqliteIamPasswordRepository implements IamPasswordRepository {
  constructor(private readonly db: Db) {}

  async policy(): Promise<PasswordPolicyRow | undefined> {
    const r = this.db.prepare(SELECT_POLICY).get() as PolicyColumns | undefined;
    if (!r) return undefined;
    return {
      minimumPasswordLength: r.minimumLength,
      requireSymbols: r.requireSymbols === 1,
      requireNumbers: r.requireNumbers === 1,
      requireUppercaseCharacters: r.requireUppercase === 1,
      requireLowercaseCharacters: r.requireLowercase === 1,
      allowUsersToChangePassword: r.allowUsersToChange === 1,
      ...(r.maxAge !== null ? { maxPasswordAge: r.maxAge } : {}),
      ...(r.reusePrevention !== null ? { passwordReusePrevention: r.reusePrevention } : {}),
      hardExpiry: r.hardExpiry === 1,
    };
  }

  async putPolicy(p: PasswordPolicyRow): Promise<void> {
    const b = (v: boolean) => (v ? 1 : 0);
    changing(
      this.db,
      UPSERT_POLICY,
      p.minimumPasswordLength,
      b(p.requireSymbols),
      b(p.requireNumbers),
      b(p.requireUppercaseCharacters),
      b(p.requireLowercaseCharacters),
      b(p.allowUsersToChangePassword),
      p.maxPasswordAge ?? null,
      p.passwordReusePrevention ?? null,
      b(p.hardExpiry),
    );
  }

  async deletePolicy(): Promise<boolean> {
    return changing(this.db, 'DELETE FROM iam_password_policy WHERE id = 1') > 0;
  }

  async recentHashes(userId: string, count: number): Promise<string[]> {
    const sql = 'SELECT password_hash FROM iam_password_history WHERE user_id = ? ORDER BY rowid DESC LIMIT ?';
    return this.db.prepare(sql).pluck().all(userId, count) as string[];
  }

  async remember(userId: string, passwordHash: string, date: string): Promise<void> {
    this.db.prepare('INSERT INTO iam_password_history (user_id, password_hash, set_date) VALUES (?, ?, ?)').run(userId, passwordHash, date);
    this.db
      .prepare(
        `DELETE FROM iam_password_history WHERE user_id = ? AND rowid NOT IN
           (SELECT rowid FROM iam_password_history WHERE user_id = ? ORDER BY rowid DESC LIMIT ?)`,
      )
      .run(userId, userId, MAX_HISTORY);
  }

  async rootPassword(): Promise<RootPasswordRow | undefined> {
    const sql = 'SELECT password_hash AS passwordHash, set_date AS setDate FROM iam_root_password WHERE id = 1';
    return this.db.prepare(sql).get() as RootPasswordRow | undefined;
  }

  async putRootPassword(row: RootPasswordRow): Promise<void> {
    changing(this.db, UPSERT_ROOT_PASSWORD, row.passwordHash, row.setDate);
  }
}
