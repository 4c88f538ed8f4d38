import type { EntityType, IamPolicyRepository, ManagedPolicyRow, PolicyVersionRow } from '../ports/identity.js';
import type { Db } from './database.js';
import { changing, stripNulls } from './identity-version.js';

const POLICY_COLS = `arn, policy_id AS policyId, name, path, description, create_date AS createDate, update_date AS updateDate,
  default_version AS defaultVersion, next_version AS nextVersion`;
const VERSION_COLS = 'policy_arn AS policyArn, version_id AS versionId, document, create_date AS createDate';

/** Inline policies, customer managed policies with their versions, and attachments in SQLite. */
export class SqliteIamPolicyRepository implements IamPolicyRepository {
  constructor(private readonly db: Db) {}

  private run(sql: string, ...params: unknown[]): number {
    return changing(this.db, sql, ...params);
  }

  async inline(type: EntityType, id: string, name: string): Promise<{ name: string; document: string } | undefined> {
    const sql = 'SELECT name, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?';
    return this.db.prepare(sql).get(type, id, name) as { name: string; document: string } | undefined;
  }
  async inlineAll(type: EntityType, id: string): Promise<Array<{ name: string; document: string }>> {
    const sql = 'SELECT name, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY name COLLATE NOCASE';
    return this.db.prepare(sql).all(type, id) as Array<{ name: string; document: string }>;
  }
  async putInline(type: EntityType, id: string, name: string, document: string): Promise<void> {
    this.run(
      `INSERT INTO iam_inline_policies (entity_type, entity_id, name, document) VALUES (?, ?, ?, ?)
       ON CONFLICT (entity_type, entity_id, name) DO UPDATE SET document = excluded.document`,
      type,
      id,
      name,
      document,
    );
  }
  async deleteInline(type: EntityType, id: string, name: string): Promise<boolean> {
    return this.run('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?', type, id, name) > 0;
  }

  async managed(arn: string): Promise<ManagedPolicyRow | undefined> {
    const row = this.db.prepare(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE arn = ?`).get(arn) as ManagedPolicyRow | undefined;
    return row && stripNulls(row);
  }
  async managedByName(name: string): Promise<ManagedPolicyRow | undefined> {
    const row = this.db.prepare(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE name = ?`).get(name) as ManagedPolicyRow | undefined;
    return row && stripNulls(row);
  }
  async listManaged(): Promise<ManagedPolicyRow[]> {
    return (this.db.prepare(`SELECT ${POLICY_COLS} FROM iam_managed_policies`).all() as ManagedPolicyRow[]).map(stripNulls);
  }
  async insertManaged(p: ManagedPolicyRow, document: string): Promise<void> {
    this.run(
      `INSERT INTO iam_managed_policies (arn, policy_id, name, path, description, create_date, update_date, default_version, next_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'v1', 2)`,
      p.arn,
      p.policyId,
      p.name,
      p.path,
      p.description ?? null,
      p.createDate,
      p.updateDate,
    );
    await this.insertVersion({ policyArn: p.arn, versionId: 'v1', document, createDate: p.createDate });
  }
  async deleteManaged(arn: string): Promise<void> {
    this.run("DELETE FROM iam_tags WHERE entity_type = 'policy' AND entity_id = ?", arn);
    this.run('DELETE FROM iam_policy_versions WHERE policy_arn = ?', arn);
    this.run('DELETE FROM iam_managed_policies WHERE arn = ?', arn);
  }
  async versions(arn: string): Promise<PolicyVersionRow[]> {
    const sql = `SELECT ${VERSION_COLS} FROM iam_policy_versions WHERE policy_arn = ? ORDER BY create_date DESC, rowid DESC`;
    return this.db.prepare(sql).all(arn) as PolicyVersionRow[];
  }
  async insertVersion(v: PolicyVersionRow): Promise<void> {
    this.run(
      'INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, ?, ?, ?)',
      v.policyArn,
      v.versionId,
      v.document,
      v.createDate,
    );
    this.run('UPDATE iam_managed_policies SET next_version = ? WHERE arn = ?', Number(v.versionId.slice(1)) + 1, v.policyArn);
  }
  async deleteVersion(arn: string, versionId: string): Promise<void> {
    this.run('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?', arn, versionId);
  }
  async setDefault(arn: string, versionId: string, updateDate: string): Promise<void> {
    this.run('UPDATE iam_managed_policies SET default_version = ?, update_date = ? WHERE arn = ?', versionId, updateDate, arn);
  }

  async attached(type: EntityType, id: string): Promise<string[]> {
    const sql = 'SELECT policy_arn FROM iam_attachments WHERE entity_type = ? AND entity_id = ? ORDER BY rowid';
    return this.db.prepare(sql).pluck().all(type, id) as string[];
  }
  async attach(type: EntityType, id: string, arn: string): Promise<void> {
    this.run('INSERT INTO iam_attachments (entity_type, entity_id, policy_arn) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', type, id, arn);
  }
  async detach(type: EntityType, id: string, arn: string): Promise<boolean> {
    return this.run('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?', type, id, arn) > 0;
  }
  async attachmentCount(arn: string): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM iam_attachments WHERE policy_arn = ?').pluck().get(arn) as number;
  }
  async entitiesFor(arn: string): Promise<Array<{ type: EntityType; id: string }>> {
    const sql = 'SELECT entity_type AS type, entity_id AS id FROM iam_attachments WHERE policy_arn = ? ORDER BY rowid';
    return this.db.prepare(sql).all(arn) as Array<{ type: EntityType; id: string }>;
  }
}
