import type { BackupChanges, BackupQuery, BackupRecord, BackupRepository } from '../ports/cloudhsm.js';
import type { Db } from './database.js';
import { decode, encode, inList, insertRow, updateRow, type Columns } from './record-columns.js';

const BACKUP_COLUMNS: Columns<BackupRecord> = {
  backupId: ['backup_id'],
  accountId: ['account_id'],
  region: ['region'],
  clusterId: ['cluster_id'],
  createTime: ['create_time', 'date'],
  state: ['state'],
  transitionDueAt: ['transition_due_at', 'date'],
  deleteTime: ['delete_time', 'date'],
  neverExpires: ['never_expires', 'bool'],
  hsmType: ['hsm_type'],
  mode: ['mode'],
  clusterCertificate: ['cluster_certificate'],
  sourceRegion: ['source_region'],
  sourceBackup: ['source_backup'],
  sourceCluster: ['source_cluster'],
  copyTime: ['copy_time', 'date'],
  policy: ['policy'],
};

const DAY_MS = 86_400_000;
const toBackup = (row: unknown) => decode(BACKUP_COLUMNS, row as Record<string, unknown>);

export class SqliteBackupRepository implements BackupRepository {
  constructor(private readonly db: Db) {}

  async get(backupId: string): Promise<BackupRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM cloudhsm_backups WHERE backup_id = ?').get(backupId);
    return row ? toBackup(row) : undefined;
  }

  async list(q: BackupQuery): Promise<BackupRecord[]> {
    const where = ['account_id = ?', 'region = ?'];
    const args: unknown[] = [q.accountId, q.region];
    const { filter } = q;
    const filters: Array<[string, readonly unknown[] | undefined]> = [
      ['backup_id', filter.backupIds],
      ['source_backup', filter.sourceBackupIds],
      ['cluster_id', filter.clusterIds],
      ['state', filter.states],
      ['never_expires', filter.neverExpires?.map((v) => encode(BACKUP_COLUMNS, { neverExpires: v }).never_expires)],
    ];
    for (const [column, values] of filters) {
      if (!values) continue;
      const f = inList(column, values);
      where.push(f.sql);
      args.push(...f.args);
    }
    if (q.after) {
      where.push(`(create_time, backup_id) ${q.ascending ? '>' : '<'} (?, ?)`);
      args.push(q.after.createTime.getTime(), q.after.id);
    }
    const dir = q.ascending ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM cloudhsm_backups WHERE ${where.join(' AND ')} ORDER BY create_time ${dir}, backup_id ${dir} LIMIT ?`;
    return this.db
      .prepare(sql)
      .all(...args, q.limit)
      .map(toBackup);
  }

  async insert(backup: BackupRecord): Promise<void> {
    insertRow(this.db, 'cloudhsm_backups', BACKUP_COLUMNS, backup);
  }

  async update(backupId: string, changes: BackupChanges): Promise<void> {
    updateRow(this.db, 'cloudhsm_backups', BACKUP_COLUMNS, 'backup_id', backupId, changes);
  }

  async delete(backupId: string): Promise<void> {
    this.db.prepare('DELETE FROM cloudhsm_backups WHERE backup_id = ?').run(backupId);
  }

  async dueForCompletion(now: Date): Promise<BackupRecord[]> {
    return this.db
      .prepare("SELECT * FROM cloudhsm_backups WHERE transition_due_at <= ? AND state = 'CREATE_IN_PROGRESS'")
      .all(now.getTime())
      .map(toBackup);
  }

  async pastRetention(now: Date): Promise<BackupRecord[]> {
    return this.db
      .prepare(
        `SELECT b.* FROM cloudhsm_backups b JOIN cloudhsm_clusters c ON c.cluster_id = b.cluster_id
         WHERE b.state = 'READY' AND b.never_expires = 0 AND b.create_time < ? - c.retention_days * ${DAY_MS}
           AND b.backup_id <> (SELECT l.backup_id FROM cloudhsm_backups l WHERE l.cluster_id = b.cluster_id AND l.state = 'READY'
                               ORDER BY l.create_time DESC, l.backup_id DESC LIMIT 1)`,
      )
      .all(now.getTime())
      .map(toBackup);
  }

  async dueForPurge(now: Date): Promise<BackupRecord[]> {
    return this.db
      .prepare("SELECT * FROM cloudhsm_backups WHERE delete_time <= ? AND state = 'PENDING_DELETION'")
      .all(now.getTime())
      .map(toBackup);
  }
}
