import type { IamMfaRepository, MfaDeviceRow } from '../ports/mfa.js';
import { stripNulls, type Sql } from './sql.js';
import { changing } from './identity-version.js';

const COLS = `serial_number AS "serialNumber", name, path, seed_enc AS "sealedSeed", create_date AS "createDate",
  user_id AS "userId", enable_date AS "enableDate", last_step AS "lastStep"`;

/** Serial numbers match in any case, as SQLite's COLLATE NOCASE key (ASCII folding under "C"). */
const BY_SERIAL = 'lower(serial_number) = lower($1)';

/** Virtual MFA devices in PostgreSQL. Assigning or unassigning one changes what a session may do: it bumps the version. */
export class PgIamMfaRepository implements IamMfaRepository {
  constructor(private readonly sql: Sql) {}

  async insert(d: Omit<MfaDeviceRow, 'userId' | 'enableDate' | 'lastStep'>): Promise<boolean> {
    const text = `INSERT INTO iam_mfa_devices (serial_number, name, path, seed_enc, create_date) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT DO NOTHING`;
    return (await changing(this.sql, text, [d.serialNumber, d.name, d.path, d.sealedSeed, d.createDate])) > 0;
  }
  async find(serialNumber: string): Promise<MfaDeviceRow | undefined> {
    const row = await this.sql.one<MfaDeviceRow>(`SELECT ${COLS} FROM iam_mfa_devices WHERE ${BY_SERIAL}`, [serialNumber]);
    return row && stripNulls(row);
  }
  async list(): Promise<MfaDeviceRow[]> {
    const text = `SELECT ${COLS} FROM iam_mfa_devices ORDER BY lower(serial_number), serial_number`;
    return (await this.sql.all<MfaDeviceRow>(text)).map(stripNulls);
  }
  async devicesOf(userId: string): Promise<MfaDeviceRow[]> {
    const text = `SELECT ${COLS} FROM iam_mfa_devices WHERE user_id = $1 ORDER BY enable_date, lower(serial_number), serial_number`;
    return (await this.sql.all<MfaDeviceRow>(text, [userId])).map(stripNulls);
  }
  async enable(serialNumber: string, userId: string, enableDate: string, lastStep: number): Promise<void> {
    const text = `UPDATE iam_mfa_devices SET user_id = $2, enable_date = $3, last_step = $4 WHERE ${BY_SERIAL}`;
    await changing(this.sql, text, [serialNumber, userId, enableDate, lastStep]);
  }
  async deactivate(serialNumber: string): Promise<void> {
    await changing(this.sql, `UPDATE iam_mfa_devices SET user_id = NULL, enable_date = NULL WHERE ${BY_SERIAL}`, [serialNumber]);
  }
  /** The replay guard alone changes no permission: no version bump. */
  async useStep(serialNumber: string, step: number): Promise<void> {
    const text = `UPDATE iam_mfa_devices SET last_step = $2 WHERE ${BY_SERIAL} AND (last_step IS NULL OR last_step < $2)`;
    await this.sql.run(text, [serialNumber, step]);
  }
  async delete(serialNumber: string): Promise<void> {
    await changing(this.sql, `DELETE FROM iam_mfa_devices WHERE ${BY_SERIAL}`, [serialNumber]);
    await this.sql.run("DELETE FROM iam_tags WHERE entity_type = 'mfa' AND entity_id = $1", [serialNumber]);
  }
}
