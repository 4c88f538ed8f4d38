import type { HsmState } from '../../protocol/generated/cloudhsmv2.js';
import type { HsmRecord, HsmRepository } from '../ports/cloudhsm.js';
import type { Db } from './database.js';
import { insertRow, placeholders, selectAll, type Columns } from './record-columns.js';

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

export class SqliteHsmRepository implements HsmRepository {
  constructor(private readonly db: Db) {}

  async ofCluster(clusterId: string): Promise<HsmRecord[]> {
    return selectAll(this.db, 'SELECT * FROM cloudhsm_hsms WHERE cluster_id = ? ORDER BY create_time, hsm_id', HSM_COLUMNS, [clusterId]);
  }

  async ofClusters(clusterIds: string[]): Promise<Map<string, HsmRecord[]>> {
    const map = new Map<string, HsmRecord[]>();
    if (clusterIds.length === 0) return map;
    const sql = `SELECT * FROM cloudhsm_hsms WHERE cluster_id IN (${placeholders(clusterIds.length)}) ORDER BY create_time, hsm_id`;
    for (const hsm of selectAll(this.db, sql, HSM_COLUMNS, clusterIds)) {
      map.set(hsm.clusterId, [...(map.get(hsm.clusterId) ?? []), hsm]);
    }
    return map;
  }

  async countInRegion(accountId: string, region: string): Promise<number> {
    return this.db
      .prepare('SELECT COUNT(*) FROM cloudhsm_hsms WHERE account_id = ? AND region = ?')
      .pluck()
      .get(accountId, region) as number;
  }

  async insert(hsm: HsmRecord): Promise<void> {
    insertRow(this.db, 'cloudhsm_hsms', HSM_COLUMNS, hsm);
  }

  async setState(hsmId: string, state: HsmState, stateMessage: string | null, transitionDueAt: Date | null): Promise<void> {
    this.db
      .prepare('UPDATE cloudhsm_hsms SET state = ?, state_message = ?, transition_due_at = ? WHERE hsm_id = ?')
      .run(state, stateMessage, transitionDueAt?.getTime() ?? null, hsmId);
  }

  async setTypeOfCluster(clusterId: string, hsmType: string): Promise<void> {
    this.db.prepare('UPDATE cloudhsm_hsms SET hsm_type = ? WHERE cluster_id = ?').run(hsmType, clusterId);
  }

  async delete(hsmId: string): Promise<void> {
    this.db.prepare('DELETE FROM cloudhsm_hsms WHERE hsm_id = ?').run(hsmId);
  }

  async hasActive(clusterId: string): Promise<boolean> {
    return this.db.prepare("SELECT 1 FROM cloudhsm_hsms WHERE cluster_id = ? AND state = 'ACTIVE'").get(clusterId) !== undefined;
  }

  async dueForTransition(now: Date): Promise<HsmRecord[]> {
    return selectAll(this.db, 'SELECT * FROM cloudhsm_hsms WHERE transition_due_at <= ?', HSM_COLUMNS, [now.getTime()]);
  }

  async firstDueOfUninitialized(now: Date): Promise<HsmRecord[]> {
    return selectAll(
      this.db,
      `SELECT h.* FROM cloudhsm_hsms h JOIN cloudhsm_clusters c ON c.cluster_id = h.cluster_id
       WHERE h.transition_due_at <= ? AND h.state = 'CREATE_IN_PROGRESS' AND c.state = 'UNINITIALIZED' AND c.cluster_csr IS NULL`,
      HSM_COLUMNS,
      [now.getTime()],
    );
  }
}
