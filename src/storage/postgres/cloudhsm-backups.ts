import type { BackupChanges, BackupQuery, BackupRecord, BackupRepository } from '../ports/cloudhsm.js';
import type { Sql } from './sql.js';
import { decode, insertRow, Params, updateRow, type Columns } from './row-columns.js';

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
const toBackup = (row: Record<string, unknown>) => decode(BACKUP_COLUMNS, row);

/** CloudHSM backups in PostgreSQL, listed by (create_time, backup_id) either way, as on SQLite. */
export class PgBackupRepository implements BackupRepository {
  constructor(private readonly sql: Sql) {}

  private async rows(text: string, params: unknown[]): Promise<BackupRecord[]> {
    return (await this.sql.all<Record<string, unknown>>(text, params)).map(toBackup);
  }

  async get(backupId: string): Promise<BackupRecord | undefined> {
    const row = await this.sql.one<Record<string, unknown>>('SELECT * FROM cloudhsm_backups WHERE backup_id = $1', [backupId]);
    return row ? toBackup(row) : undefined;
  }

  list(q: BackupQuery): Promise<BackupRecord[]> {
    const p = new Params();
    const where = [`account_id = ${p.add(q.accountId)}`, `region = ${p.add(q.region)}`];
    const { filter } = q;
    const filters: Array<[string, readonly unknown[] | undefined]> = [
      ['backup_id', filter.backupIds],
      ['source_backup', filter.sourceBackupIds],
      ['cluster_id', filter.clusterIds],
      ['state', filter.states],
      ['never_expires', filter.neverExpires],
    ];
    for (const [column, values] of filters) if (values) where.push(p.anyOf(column, values));
    if (q.after) {
      const op = q.ascending ? '>' : '<';
      where.push(`(create_time, backup_id) ${op} (${p.add(q.after.createTime.getTime())}, ${p.add(q.after.id)})`);
    }
    const dir = q.ascending ? 'ASC' : 'DESC';
    const text = `SELECT * FROM cloudhsm_backups WHERE ${where.join(' AND ')}
      ORDER BY create_time ${dir}, backup_id ${dir} LIMIT ${p.add(q.limit)}`;
    return this.rows(text, p.values);
  }

  insert(backup: BackupRecord): Promise<void> {
    return insertRow(this.sql, 'cloudhsm_backups', BACKUP_COLUMNS, backup);
  }

  update(backupId: string, changes: BackupChanges): Promise<void> {
    return updateRow(this.sql, 'cloudhsm_backups', BACKUP_COLUMNS, 'backup_id', backupId, changes);
  }

  async delete(backupId: string): Promise<void> {
    await this.sql.run('DELETE FROM cloudhsm_backups WHERE backup_id = $1', [backupId]);
  }

  dueForCompletion(now: Date): Promise<BackupRecord[]> {
    return this.rows("SELECT * FROM cloudhsm_backups WHERE transition_due_at <= $1 AND state = 'CREATE_IN_PROGRESS'", [now.getTime()]);
  }

  pastRetention(now: Date): Promise<BackupRecord[]> {
    return this.rows(
      `SELECT b.* FROM cloudhsm_backups b JOIN cloudhsm_clusters c ON c.cluster_id = b.cluster_id
       WHERE b.state = 'READY' AND NOT b.never_expires AND b.create_time < $1 - c.retention_days * ${DAY_MS}::bigint
         AND b.backup_id <> (SELECT l.backup_id FROM cloudhsm_backups l WHERE l.cluster_id = b.cluster_id AND l.state = 'READY'
                             ORDER BY l.create_time DESC, l.backup_id DESC LIMIT 1)`,
      [now.getTime()],
    );
  }

  dueForPurge(now: Date): Promise<BackupRecord[]> {
    return this.rows("SELECT * FROM cloudhsm_backups WHERE delete_time <= $1 AND state = 'PENDING_DELETION'", [now.getTime()]);
  }
}
