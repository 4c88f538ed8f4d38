import type { StoreCore } from './core.js';
import type { PasswordPolicyRow } from './rows.js';

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

/** The account password policy (one row) and each user's recent password hashes. */
export class PasswordRepo {
  constructor(private readonly c: StoreCore) {}

  policy(): PasswordPolicyRow | undefined {
    const r = this.c.get<PolicyColumns>(
      `SELECT minimum_length AS minimumLength, require_symbols AS requireSymbols, require_numbers AS requireNumbers,
         require_uppercase AS requireUppercase, require_lowercase AS requireLowercase, allow_users_to_change AS allowUsersToChange,
         max_age AS maxAge, reuse_prevention AS reusePrevention, hard_expiry AS hardExpiry FROM iam_password_policy WHERE id = 1`,
    );
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

  putPolicy(p: PasswordPolicyRow): void {
    const b = (v: boolean) => (v ? 1 : 0);
    this.c.run(
      `INSERT INTO iam_password_policy (id, minimum_length, require_symbols, require_numbers, require_uppercase, require_lowercase,
         allow_users_to_change, max_age, reuse_prevention, hard_expiry) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET minimum_length = excluded.minimum_length, require_symbols = excluded.require_symbols,
         require_numbers = excluded.require_numbers, require_uppercase = excluded.require_uppercase,
         require_lowercase = excluded.require_lowercase, allow_users_to_change = excluded.allow_users_to_change,
         max_age = excluded.max_age, reuse_prevention = excluded.reuse_prevention, hard_expiry = excluded.hard_expiry`,
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

  deletePolicy(): number {
    return this.c.run('DELETE FROM iam_password_policy WHERE id = 1');
  }

  /** The user's most recent password hashes, newest first (the current one included). */
  recentHashes(userId: string, count: number): string[] {
    return this.c
      .all<{ h: string }>(
        'SELECT password_hash AS h FROM iam_password_history WHERE user_id = ? ORDER BY rowid DESC LIMIT ?',
        userId,
        count,
      )
      .map((r) => r.h);
  }

  remember(userId: string, passwordHash: string, date: string): void {
    this.c.run('INSERT INTO iam_password_history (user_id, password_hash, set_date) VALUES (?, ?, ?)', userId, passwordHash, date);
    this.c.run(
      `DELETE FROM iam_password_history WHERE user_id = ? AND rowid NOT IN
         (SELECT rowid FROM iam_password_history WHERE user_id = ? ORDER BY rowid DESC LIMIT ?)`,
      userId,
      userId,
      MAX_HISTORY,
    );
  }
}
