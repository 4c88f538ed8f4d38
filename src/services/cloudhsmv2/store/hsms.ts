import type { Db } from '../../../storage/sqlite/database.js';
import type { Hsm, HsmState } from '../../../protocol/generated/cloudhsmv2.js';

export interface HsmRow {
  hsm_id: string;
  cluster_id: string;
  account_id: string;
  region: string;
  create_time: number;
  availability_zone: string;
  subnet_id: string;
  eni_id: string;
  eni_ip: string;
  hsm_type: string;
  state: HsmState;
  state_message: string | null;
  transition_due_at: number | null;
}

export const HSM_MESSAGES: Partial<Record<HsmState, string>> = {
  CREATE_IN_PROGRESS: 'HSM is being created.',
  ACTIVE: 'HSM is ready for use.',
  DELETE_IN_PROGRESS: 'HSM is being deleted.',
};

export const hsmsOfCluster = (db: Db, clusterId: string): HsmRow[] =>
  db.prepare('SELECT * FROM cloudhsm_hsms WHERE cluster_id = ? ORDER BY create_time, hsm_id').all(clusterId) as HsmRow[];

export function hsmsOfClusters(db: Db, ids: string[]): Map<string, HsmRow[]> {
  const map = new Map<string, HsmRow[]>();
  if (ids.length === 0) return map;
  const rows = db
    .prepare(`SELECT * FROM cloudhsm_hsms WHERE cluster_id IN (${ids.map(() => '?').join(',')}) ORDER BY create_time, hsm_id`)
    .all(...ids) as HsmRow[];
  for (const r of rows) map.set(r.cluster_id, [...(map.get(r.cluster_id) ?? []), r]);
  return map;
}

export const countHsmsInRegion = (db: Db, accountId: string, region: string): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM cloudhsm_hsms WHERE account_id = ? AND region = ?').get(accountId, region) as { n: number }).n;

export function insertHsm(db: Db, row: HsmRow): void {
  db.prepare(
    `INSERT INTO cloudhsm_hsms VALUES (@hsm_id, @cluster_id, @account_id, @region, @create_time, @availability_zone,
    @subnet_id, @eni_id, @eni_ip, @hsm_type, @state, @state_message, @transition_due_at)`,
  ).run(row);
}

export function setHsmState(db: Db, hsmId: string, state: HsmState, dueAt: number | null): void {
  db.prepare('UPDATE cloudhsm_hsms SET state = ?, state_message = ?, transition_due_at = ? WHERE hsm_id = ?').run(
    state,
    HSM_MESSAGES[state] ?? null,
    dueAt,
    hsmId,
  );
}

export function toHsm(r: HsmRow): Hsm {
  return {
    AvailabilityZone: r.availability_zone,
    ClusterId: r.cluster_id,
    SubnetId: r.subnet_id,
    EniId: r.eni_id,
    EniIp: r.eni_ip,
    HsmId: r.hsm_id,
    HsmType: r.hsm_type,
    State: r.state,
    StateMessage: r.state_message ?? undefined,
  };
}
