import type { Principal } from '../principal.js';
import type { StoreCore } from './core.js';
import type { AccessKeyRow } from './rows.js';

const KEY_COLS = `k.access_key_id AS accessKeyId, k.user_id AS userId, u.name AS userName, k.status, k.create_date AS createDate,
  k.last_used_date AS lastUsedDate, k.last_used_service AS lastUsedService, k.last_used_region AS lastUsedRegion`;

export interface SessionRow {
  accessKeyId: string;
  secretAccessKey: string;
  tokenSha256: string;
  expiration: string;
  principal: Principal;
}

/** IAM user access keys and STS sessions. Secrets go in sealed and come out only for SigV4. */
export class KeyRepo {
  constructor(private readonly c: StoreCore) {}

  keysOf(userId: string): AccessKeyRow[] {
    return this.c
      .all<AccessKeyRow>(
        `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.user_id = ? ORDER BY k.create_date, k.rowid`,
        userId,
      )
      .map(stripNulls);
  }
  findKey(accessKeyId: string): AccessKeyRow | undefined {
    const row = this.c.get<AccessKeyRow>(
      `SELECT ${KEY_COLS} FROM iam_access_keys k JOIN iam_users u USING (user_id) WHERE k.access_key_id = ?`,
      accessKeyId,
    );
    return row && stripNulls(row);
  }
  /** The plain secret, for SigV4 verification only. */
  secretOf(accessKeyId: string): string | undefined {
    const row = this.c.get<{ s: string }>('SELECT secret_enc AS s FROM iam_access_keys WHERE access_key_id = ?', accessKeyId);
    return row && this.c.box.open(row.s);
  }
  insertKey(accessKeyId: string, userId: string, secret: string, createDate: string): void {
    this.c.run(
      'INSERT INTO iam_access_keys (access_key_id, user_id, secret_enc, status, create_date) VALUES (?, ?, ?, ?, ?)',
      accessKeyId,
      userId,
      this.c.box.seal(secret),
      'Active',
      createDate,
    );
  }
  setStatus(accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.c.run('UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?', status, accessKeyId);
  }
  deleteKey(accessKeyId: string): void {
    this.c.run('DELETE FROM iam_access_keys WHERE access_key_id = ?', accessKeyId);
  }
  /** Last-used bookkeeping does not change what a key may do, so it does not bump the version. */
  recordLastUsed(accessKeyId: string, date: string, service: string, region: string): void {
    this.c
      .sql('UPDATE iam_access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?')
      .run(date, service, region, accessKeyId);
  }

  insertSession(s: SessionRow, createDate: string): void {
    this.c.run(
      'INSERT INTO iam_sessions (access_key_id, secret_enc, token_sha256, expiration, principal_json, create_date) VALUES (?, ?, ?, ?, ?, ?)',
      s.accessKeyId,
      this.c.box.seal(s.secretAccessKey),
      s.tokenSha256,
      s.expiration,
      JSON.stringify(s.principal),
      createDate,
    );
  }
  findSession(accessKeyId: string): SessionRow | undefined {
    const row = this.c.get<{ accessKeyId: string; s: string; tokenSha256: string; expiration: string; p: string }>(
      'SELECT access_key_id AS accessKeyId, secret_enc AS s, token_sha256 AS tokenSha256, expiration, principal_json AS p FROM iam_sessions WHERE access_key_id = ?',
      accessKeyId,
    );
    if (!row) return undefined;
    return {
      accessKeyId: row.accessKeyId,
      secretAccessKey: this.c.box.open(row.s),
      tokenSha256: row.tokenSha256,
      expiration: row.expiration,
      principal: JSON.parse(row.p),
    };
  }
  /** Sessions expired for more than a day are answered as unknown keys, as AWS eventually does. */
  purgeSessions(before: string): void {
    this.c.sql('DELETE FROM iam_sessions WHERE expiration < ?').run(before);
  }
}

function stripNulls(row: AccessKeyRow): AccessKeyRow {
  for (const k of Object.keys(row) as (keyof AccessKeyRow)[]) if (row[k] === null) delete row[k];
  return row;
}
