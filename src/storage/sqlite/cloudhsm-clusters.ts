import type { ClusterChanges, ClusterQuery, ClusterRecord, ClusterRepository } from '../ports/cloudhsm.js';
import type { Db } from './database.js';
import { inList, insertRow, selectAll, selectOne, updateRow, type Columns } from './record-columns.js';

export const CLUSTER_COLUMNS: Columns<ClusterRecord> = {
  clusterId: ['cluster_id'],
  accountId: ['account_id'],
  region: ['region'],
  createTime: ['create_time', 'date'],
  state: ['state'],
  stateMessage: ['state_message'],
  transitionDueAt: ['transition_due_at', 'date'],
  hsmType: ['hsm_type'],
  previousHsmType: ['previous_hsm_type'],
  rollbackExpiration: ['rollback_expiration', 'date'],
  mode: ['mode'],
  networkType: ['network_type'],
  vpcId: ['vpc_id'],
  securityGroup: ['security_group'],
  subnetMapping: ['subnet_mapping', 'json'],
  retentionDays: ['retention_days'],
  sourceBackupId: ['source_backup_id'],
  clusterKey: ['cluster_key'],
  clusterCsr: ['cluster_csr'],
  hsmCertificate: ['hsm_certificate'],
  awsHardwareCertificate: ['aws_hardware_certificate'],
  manufacturerHardwareCertificate: ['manufacturer_hardware_certificate'],
  clusterCertificate: ['cluster_certificate'],
  trustAnchor: ['trust_anchor'],
  nextBackupAt: ['next_backup_at', 'date'],
};

export class SqliteClusterRepository implements ClusterRepository {
  constructor(private readonly db: Db) {}

  async get(clusterId: string): Promise<ClusterRecord | undefined> {
    return selectOne(this.db, 'SELECT * FROM cloudhsm_clusters WHERE cluster_id = ?', CLUSTER_COLUMNS, [clusterId]);
  }

  async count(accountId: string, region: string, upTo: number): Promise<number> {
    // The count the triggers keep (cloudhsmv2 migration 2): one key read, not a scan of the clusters.
    const n = this.db.prepare('SELECT n FROM cloudhsm_cluster_counts WHERE account_id = ? AND region = ?').pluck().get(accountId, region);
    return Math.min((n as number | undefined) ?? 0, upTo);
  }

  async list(q: ClusterQuery): Promise<ClusterRecord[]> {
    const where = ['account_id = ?', 'region = ?'];
    const args: unknown[] = [q.accountId, q.region];
    const filters: Array<[string, readonly unknown[] | undefined]> = [
      ['cluster_id', q.filter.clusterIds],
      ['vpc_id', q.filter.vpcIds],
      ['state', q.filter.states],
    ];
    for (const [column, values] of filters) {
      if (!values) continue;
      const f = inList(column, values);
      where.push(f.sql);
      args.push(...f.args);
    }
    if (q.after) {
      where.push('(create_time, cluster_id) > (?, ?)');
      args.push(q.after.createTime.getTime(), q.after.id);
    }
    const sql = `SELECT * FROM cloudhsm_clusters WHERE ${where.join(' AND ')} ORDER BY create_time, cluster_id LIMIT ?`;
    return selectAll(this.db, sql, CLUSTER_COLUMNS, [...args, q.limit]);
  }

  async insert(cluster: ClusterRecord): Promise<void> {
    insertRow(this.db, 'cloudhsm_clusters', CLUSTER_COLUMNS, cluster);
  }

  async update(clusterId: string, changes: ClusterChanges): Promise<void> {
    updateRow(this.db, 'cloudhsm_clusters', CLUSTER_COLUMNS, 'cluster_id', clusterId, changes);
  }

  async delete(clusterId: string): Promise<void> {
    this.db.prepare('DELETE FROM cloudhsm_clusters WHERE cluster_id = ?').run(clusterId);
  }

  async dueForTransition(now: Date): Promise<ClusterRecord[]> {
    return selectAll(this.db, 'SELECT * FROM cloudhsm_clusters WHERE transition_due_at <= ?', CLUSTER_COLUMNS, [now.getTime()]);
  }

  async withClearKey(limit: number): Promise<Array<{ clusterId: string; clusterKey: string }>> {
    return this.db
      .prepare(
        "SELECT cluster_id AS clusterId, cluster_key AS clusterKey FROM cloudhsm_clusters WHERE cluster_key LIKE '-----BEGIN%' LIMIT ?",
      )
      .all(limit) as Array<{ clusterId: string; clusterKey: string }>;
  }

  async dueForBackup(now: Date): Promise<ClusterRecord[]> {
    return selectAll(this.db, "SELECT * FROM cloudhsm_clusters WHERE next_backup_at <= ? AND state = 'ACTIVE'", CLUSTER_COLUMNS, [
      now.getTime(),
    ]);
  }
}
