import type { AccessKeyRow, IamKeyRepository, LastUse, StoredSession } from '../ports/identity.js';
import type { Db } from './database.js';
import { changing, stripNulls } from './identity-version.js';

const KEY_COLS = `k.access_key_id AS accessKeyId, k.user_id AS userId, u.name AS userName, k.status, k.create_date AS createDate,
  k.last_used_date AS lastUsedDate, k.last_used_service AS lastUsedService, k.last_used_region AS lastUsedRegion`;

interface SessionColumns {
  accessKeyId: string;
  s: string;
  tokenSha256: string;
  expiration: string;
  p: string;
}

/** IAM user access keys and STS sessions in SQLite. Secrets arrive sealed and leave sealed. */
export class SqliteIamKeyRepository implements IamKeyRepository {
  constructor(private readonly db: Db) {}

  async keysOf(userId: string): Promise<AccessKeyRow[]> {
    const sql = `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.user_id = ? ORDER BY k.create_date, k.rowid`;
    return (this.db.prepare(sql).all(userId) as AccessKeyRow[]).map(stripNulls);
  }
  async findKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    const sql = `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.access_key_id = ?`;
    const row = this.db.prepare(sql).get(accessKeyId) as AccessKeyRow | undefined;
    return row && stripNulls(row);
  }
  async sealedSecretOf(accessKeyId: string): Promise<string | undefined> {
    return this.db.prepare('SELECT secret_enc FROM iam_access_keys WHERE access_key_id = ?').pluck().get(accessKeyId) as string | undefined;
  }
  async insertKey(accessKeyId: string, userId: string, sealedSecret: string, createDate: string): Promise<void> {
    changing(
      this.db,
      'INSERT INTO iam_access_keys (access_key_id, user_id, secret_enc, status, create_date) VALUES (?, ?, ?, ?, ?)',
      accessKeyId,
      userId,
      sealedSecret,
      'Active',
      createDate,
    );
  }
  async setStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    changing(this.db, 'UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?', status, accessKeyId);
  }
  async deleteKey(accessKeyId: string): Promise<void> {
    changing(this.db, 'DELETE FROM iam_access_keys WHERE access_key_id = ?', accessKeyId);
  }
  async recordLastUsed(accessKeyId: string, use: LastUse): Promise<void> {
    this.db
      .prepare('UPDATE iam_access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?')
      .run(use.date, use.service, use.region, accessKeyId);
  }

  async insertSession(s: StoredSession, createDate: string): Promise<void> {
    changing(
      this.db,
      'INSERT INTO iam_sessions (access_key_id, secret_enc, token_sha256, expiration, principal_json, create_date) VALUES (?, ?, ?, ?, ?, ?)',
      s.accessKeyId,
      s.sealedSecret,
      s.tokenSha256,
      s.expiration,
      JSON.stringify(s.principal),
      createDate,
    );
  }
  async findSession(accessKeyId: string): Promise<StoredSession | undefined> {
    const row = this.db
      .prepare(
        'SELECT access_key_id AS accessKeyId, secret_enc AS s, token_sha256 AS tokenSha256, expiration, principal_json AS p FROM iam_sessions WHERE access_key_id = ?',
      )
      .get(accessKeyId) as SessionColumns | undefined;
    if (!row) return undefined;
    return {
      accessKeyId: row.accessKeyId,
      sealedSecret: row.s,
      tokenSha256: row.tokenSha256,
      expiration: row.expiration,
      principal: JSON.parse(row.p),
    };
  }
  async deleteSession(accessKeyId: string): Promise<void> {
    changing(this.db, 'DELETE FROM iam_sessions WHERE access_key_id = ?', accessKeyId);
  }
  /** Expired sessions are refused anyway (ExpiredToken), so purging them needs no version bump. */
  async purgeSessions(before: string): Promise<void> {
    this.db.prepare('DELETE FROM iam_sessions WHERE expiration < ?').run(before);
  }
}
