import type { AccessKeyRow, IamKeyRepository, LastUse, StoredSession } from '../ports/identity.js';
import { stripNulls, type Sql } from './sql.js';
import { changing } from './identity-version.js';

const KEY_COLS = `k.access_key_id AS "accessKeyId", k.user_id AS "userId", u.name AS "userName", k.status, k.create_date AS "createDate",
  k.last_used_date AS "lastUsedDate", k.last_used_service AS "lastUsedService", k.last_used_region AS "lastUsedRegion"`;

interface SessionColumns {
  accessKeyId: string;
  s: string;
  tokenSha256: string;
  expiration: string;
  p: string;
}

/** IAM user access keys and STS sessions in PostgreSQL. Secrets arrive sealed and leave sealed. */
export class PgIamKeyRepository implements IamKeyRepository {
  constructor(private readonly sql: Sql) {}

  async keysOf(userId: string): Promise<AccessKeyRow[]> {
    const text = `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.user_id = $1 ORDER BY k.create_date, k.id`;
    return (await this.sql.all<AccessKeyRow>(text, [userId])).map(stripNulls);
  }
  async findKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    const text = `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.access_key_id = $1`;
    const row = await this.sql.one<AccessKeyRow>(text, [accessKeyId]);
    return row && stripNulls(row);
  }
  async sealedSecretOf(accessKeyId: string): Promise<string | undefined> {
    return (await this.sql.one<{ s: string }>('SELECT secret_enc AS s FROM iam_access_keys WHERE access_key_id = $1', [accessKeyId]))?.s;
  }
  async insertKey(accessKeyId: string, userId: string, sealedSecret: string, createDate: string): Promise<void> {
    await changing(
      this.sql,
      'INSERT INTO iam_access_keys (access_key_id, user_id, secret_enc, status, create_date) VALUES ($1, $2, $3, $4, $5)',
      [accessKeyId, userId, sealedSecret, 'Active', createDate],
    );
  }
  async setStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    await changing(this.sql, 'UPDATE iam_access_keys SET status = $1 WHERE access_key_id = $2', [status, accessKeyId]);
  }
  async deleteKey(accessKeyId: string): Promise<void> {
    await changing(this.sql, 'DELETE FROM iam_access_keys WHERE access_key_id = $1', [accessKeyId]);
  }
  async recordLastUsed(accessKeyId: string, use: LastUse): Promise<void> {
    await this.sql.run(
      'UPDATE iam_access_keys SET last_used_date = $1, last_used_service = $2, last_used_region = $3 WHERE access_key_id = $4',
      [use.date, use.service, use.region, accessKeyId],
    );
  }

  async insertSession(s: StoredSession, createDate: string): Promise<void> {
    await changing(
      this.sql,
      `INSERT INTO iam_sessions (access_key_id, secret_enc, token_sha256, expiration, principal_json, create_date)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.accessKeyId, s.sealedSecret, s.tokenSha256, s.expiration, JSON.stringify(s.principal), createDate],
    );
  }
  async findSession(accessKeyId: string): Promise<StoredSession | undefined> {
    const row = await this.sql.one<SessionColumns>(
      `SELECT access_key_id AS "accessKeyId", secret_enc AS s, token_sha256 AS "tokenSha256", expiration, principal_json AS p
       FROM iam_sessions WHERE access_key_id = $1`,
      [accessKeyId],
    );
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
    await changing(this.sql, 'DELETE FROM iam_sessions WHERE access_key_id = $1', [accessKeyId]);
  }
  /** Expired sessions are refused anyway (ExpiredToken), so purging them needs no version bump. */
  async purgeSessions(before: string): Promise<void> {
    await this.sql.run('DELETE FROM iam_sessions WHERE expiration < $1', [before]);
  }
}
