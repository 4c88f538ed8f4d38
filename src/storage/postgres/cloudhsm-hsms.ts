import type { HsmState } from '../../protocol/generated/cloudhsmv2.js';
import type { HsmRecord, HsmRepository } from '../ports/cloudhsm.js';
import type { Sql } from './sql.js';
import { decode, insertRow, type Columns } from './row-columns.js';

const HSM_COLUMNS: Columns<HsmRecord> = {
  hsmId: ['hsm_id'],
  clusterId: ['cluster_id'],
  accountId: ['account_id'],
  region: ['region'],
  createTime: ['create_time', 'date'],
  availabilityZone: ['availability_zone'],
  subnetId: ['subnet_id'],
  eniId: ['eni_id'],
  eniIp: ['eni_ip'],
  hsmType: ['hsm_type'],
  state: ['state'],
  stateMessage: ['state_message'],
  transitionDueAt: ['transition_due_at', 'date'],
};

const toHsm = (row: Record<string, unknown>) => decode(HSM_COLUMNS, row);

/** CloudHSM HSMs in PostgreSQL, each cluster's oldest first. */
export class PgHsmRepository implements HsmRepository {
  constructor(private readonly sql: Sql) {}

  private async rows(text: string, params: unknown[]): Promise<HsmRecord[]> {
    return (await this.sql.all<Record<string, unknown>>(text, params)).map(toHsm);
  }

  ofCluster(clusterId: string): Promise<HsmRecord[]> {
    return this.rows('SELECT * FROM cloudhsm_hsms WHERE cluster_id = $1 ORDER BY create_time, hsm_id', [clusterId]);
  }

  async ofClusters(clusterIds: string[]): Promise<Map<string, HsmRecord[]>> {
    const map = new Map<string, HsmRecord[]>();
    if (clusterIds.length === 0) return map;
    const hsms = await this.rows('SELECT * FROM cloudhsm_hsms WHERE cluster_id = ANY($1) ORDER BY create_time, hsm_id', [clusterIds]);
    for (const hsm of hsms) map.set(hsm.clusterId, [...(map.get(hsm.clusterId) ?? []), hsm]);
    return map;
  }

  async countInRegion(accountId: string, region: string): Promise<number> {
    const row = await this.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM cloudhsm_hsms WHERE account_id = $1 AND region = $2', [
      accountId,
      region,
    ]);
    return row?.n ?? 0;
  }

  insert(hsm: HsmRecord): Promise<void> {
    return insertRow(this.sql, 'cloudhsm_hsms', HSM_COLUMNS, hsm);
  }

  async setState(hsmId: string, state: HsmState, stateMessage: string | null, transitionDueAt: Date | null): Promise<void> {
    await this.sql.run('UPDATE cloudhsm_hsms SET state = $1, state_message = $2, transition_due_at = $3 WHERE hsm_id = $4', [
      state,
      stateMessage,
      transitionDueAt?.getTime() ?? null,
      hsmId,
    ]);
  }

  async setTypeOfCluster(clusterId: string, hsmType: string): Promise<void> {
    await this.sql.run('UPDATE cloudhsm_hsms SET hsm_type = $1 WHERE cluster_id = $2', [hsmType, clusterId]);
  }

  async delete(hsmId: string): Promise<void> {
    await this.sql.run('DELETE FROM cloudhsm_hsms WHERE hsm_id = $1', [hsmId]);
  }

  async hasActive(clusterId: string): Promise<boolean> {
    const row = await this.sql.one("SELECT 1 FROM cloudhsm_hsms WHERE cluster_id = $1 AND state = 'ACTIVE' LIMIT 1", [clusterId]);
    return row !== undefined;
  }

  dueForTransition(now: Date): Promise<HsmRecord[]> {
    return this.rows('SELECT * FROM cloudhsm_hsms WHERE transition_due_at <= $1', [now.getTime()]);
  }

  firstDueOfUninitialized(now: Date): Promise<HsmRecord[]> {
    return this.rows(
      `SELECT h.* FROM cloudhsm_hsms h JOIN cloudhsm_clusters c ON c.cluster_id = h.cluster_id
       WHERE h.transition_due_at <= $1 AND h.state = 'CREATE_IN_PROGRESS' AND c.state = 'UNINITIALIZED' AND c.cluster_csr IS NULL`,
      [now.getTime()],
    );
  }
}
