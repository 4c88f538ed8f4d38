import type { ClusterChanges, ClusterQuery, ClusterRecord, ClusterRepository } from '../ports/cloudhsm.js';
import type { Sql } from './sql.js';
import { decode, insertRow, Params, updateRow, type Columns } from './row-columns.js';

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

const toCluster = (row: Record<string, unknown>) => decode(CLUSTER_COLUMNS, row);

/** CloudHSM clusters in PostgreSQL, listed by (create_time, cluster_id) as on SQLite. */
export class PgClusterRepository implements ClusterRepository {
  constructor(private readonly sql: Sql) {}

  private async rows(text: string, params: unknown[]): Promise<ClusterRecord[]> {
    return (await this.sql.all<Record<string, unknown>>(text, params)).map(toCluster);
  }

  async get(clusterId: string): Promise<ClusterRecord | undefined> {
    const row = await this.sql.one<Record<string, unknown>>('SELECT * FROM cloudhsm_clusters WHERE cluster_id = $1', [clusterId]);
    return row ? toCluster(row) : undefined;
  }

  async count(accountId: string, region: string, upTo: number): Promise<number> {
    // The count the trigger keeps (cloudhsmv2 migration 2): one key read, not a count over the clusters.
    const row = await this.sql.one<{ n: number }>('SELECT n FROM cloudhsm_cluster_counts WHERE account_id = $1 AND region = $2', [
      accountId,
      region,
    ]);
    return Math.min(row?.n ?? 0, upTo);
  }

  list(q: ClusterQuery): Promise<ClusterRecord[]> {
    const p = new Params();
    const where = [`account_id = ${p.add(q.accountId)}`, `region = ${p.add(q.region)}`];
    const filters: Array<[string, readonly unknown[] | undefined]> = [
      ['cluster_id', q.filter.clusterIds],
      ['vpc_id', q.filter.vpcIds],
      ['state', q.filter.states],
    ];
    for (const [column, values] of filters) if (values) where.push(p.anyOf(column, values));
    if (q.after) where.push(`(create_time, cluster_id) > (${p.add(q.after.createTime.getTime())}, ${p.add(q.after.id)})`);
    const text = `SELECT * FROM cloudhsm_clusters WHERE ${where.join(' AND ')} ORDER BY create_time, cluster_id LIMIT ${p.add(q.limit)}`;
    return this.rows(text, p.values);
  }

  insert(cluster: ClusterRecord): Promise<void> {
    return insertRow(this.sql, 'cloudhsm_clusters', CLUSTER_COLUMNS, cluster);
  }

  update(clusterId: string, changes: ClusterChanges): Promise<void> {
    return updateRow(this.sql, 'cloudhsm_clusters', CLUSTER_COLUMNS, 'cluster_id', clusterId, changes);
  }

  async delete(clusterId: string): Promise<void> {
    await this.sql.run('DELETE FROM cloudhsm_clusters WHERE cluster_id = $1', [clusterId]);
  }

  dueForTransition(now: Date): Promise<ClusterRecord[]> {
    return this.rows('SELECT * FROM cloudhsm_clusters WHERE transition_due_at <= $1', [now.getTime()]);
  }

  dueForBackup(now: Date): Promise<ClusterRecord[]> {
    return this.rows("SELECT * FROM cloudhsm_clusters WHERE next_backup_at <= $1 AND state = 'ACTIVE'", [now.getTime()]);
  }

  withClearKey(limit: number): Promise<Array<{ clusterId: string; clusterKey: string }>> {
    return this.sql.all(
      `SELECT cluster_id AS "clusterId", cluster_key AS "clusterKey" FROM cloudhsm_clusters WHERE cluster_key LIKE '-----BEGIN%' LIMIT $1`,
      [limit],
    );
  }
}
