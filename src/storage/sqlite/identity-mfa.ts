import type { IamMfaRepository, MfaDeviceRow } from '../ports/mfa.js';
import type { Db } from './database.js';
import { changing, stripNulls } from './identity-version.js';

const COLS = `serial_number AS serialNumber, name, path, seed_enc AS sealedSeed, create_date AS createDate,
  user_id AS userId, enable_date AS enableDate, last_step AS lastStep`;

/** Virtual MFA devices in SQLite. Assigning or unassigning one changes what a session may do: it bumps the version. */
export class SqliteIamMfaRepository implements IamMfaRepository {
  constructor(private readonly db: Db) {}

  async insert(d: Omit<MfaDeviceRow, 'userId' | 'enableDate' | 'lastStep'>): Promise<boolean> {
    const sql = `INSERT INTO iam_mfa_devices (serial_number, name, path, seed_enc, create_date) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (serial_number) DO NOTHING`;
    return changing(this.db, sql, d.serialNumber, d.name, d.path, d.sealedSeed, d.createDate) > 0;
  }
  async find(serialNumber: string): Promise<MfaDeviceRow | undefined> {
    const row = this.db.prepare(`SELECT ${COLS} FROM iam_mfa_devices WHERE serial_number = ?`).get(serialNumber) as
      MfaDeviceRow | undefined;
    return row && stripNulls(row);
  }
  async list(): Promise<MfaDeviceRow[]> {
    return (this.db.prepare(`SELECT ${COLS} FROM iam_mfa_devices ORDER BY serial_number`).all() as MfaDeviceRow[]).map(stripNulls);
  }
  async devicesOf(userId: string): Promise<MfaDeviceRow[]> {
    const sql = `SELECT ${COLS} FROM iam_mfa_devices WHERE user_id = ? ORDER BY enable_date, serial_number`;
    return (this.db.prepare(sql).all(userId) as MfaDeviceRow[]).map(stripNulls);
  }
  async enable(serialNumber: string, userId: string, enableDate: string, lastStep: number): Promise<void> {
    const sql = 'UPDATE iam_mfa_devices SET user_id = ?, enable_date = ?, last_step = ? WHERE serial_number = ?';
    changing(this.db, sql, userId, enableDate, lastStep, serialNumber);
  }
  async deactivate(serialNumber: string): Promise<void> {
    changing(this.db, 'UPDATE iam_mfa_devices SET user_id = NULL, enable_date = NULL WHERE serial_number = ?', serialNumber);
  }
  /** The replay guard alone changes no permission: no version bump. */
  async useStep(serialNumber: string, step: number): Promise<void> {
    this.db
      .prepare('UPDATE iam_mfa_devices SET last_step = ? WHERE serial_number = ? AND (last_step IS NULL OR last_step < ?)')
      .run(step, serialNumber, step);
  }
  async delete(serialNumber: string): Promise<void> {
    changing(this.db, 'DELETE FROM iam_mfa_devices WHERE serial_number = ?', serialNumber);
    this.db.prepare("DELETE FROM iam_tags WHERE entity_type = 'mfa' AND entity_id = ?").run(serialNumber);
  }
}
