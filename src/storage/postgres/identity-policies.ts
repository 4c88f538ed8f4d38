import type { EntityType, IamPolicyRepository, ManagedPolicyRow, PolicyVersionRow } from '../ports/identity.js';
import { stripNulls, type Sql } from './sql.js';
import { changing } from './identity-version.js';

const POLICY_COLS = `arn, policy_id AS "policyId", name, path, description, create_date AS "createDate", update_date AS "updateDate",
  default_version AS "defaultVersion", next_version AS "nextVersion"`;
const VERSION_COLS = 'policy_arn AS "policyArn", version_id AS "versionId", document, create_date AS "createDate"';

/** Inline policies, customer managed policies with their versions, and attachments in PostgreSQL. */
export class PgIamPolicyRepository implements IamPolicyRepository {
  constructor(private readonly sql: Sql) {}

  private run(text: string, params: unknown[]): Promise<number> {
    return changing(this.sql, text, params);
  }

  inline(type: EntityType, id: string, name: string): Promise<{ name: string; document: string } | undefined> {
    return this.sql.one(
      'SELECT name, document FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 AND lower(name) = lower($3)',
      [type, id, name],
    );
  }
  inlineAll(type: EntityType, id: string): Promise<Array<{ name: string; document: string }>> {
    return this.sql.all('SELECT name, document FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 ORDER BY lower(name)', [
      type,
      id,
    ]);
  }
  async putInline(type: EntityType, id: string, name: string, document: string): Promise<void> {
    await this.run(
      `INSERT INTO iam_inline_policies (entity_type, entity_id, name, document) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entity_type, entity_id, lower(name)) DO UPDATE SET document = excluded.document`,
      [type, id, name, document],
    );
  }
  async deleteInline(type: EntityType, id: string, name: string): Promise<boolean> {
    const text = 'DELETE FROM iam_inline_policies WHERE entity_type = $1 AND entity_id = $2 AND lower(name) = lower($3)';
    return (await this.run(text, [type, id, name])) > 0;
  }

  async managed(arn: string): Promise<ManagedPolicyRow | undefined> {
    const row = await this.sql.one<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE arn = $1`, [arn]);
    return row && stripNulls(row);
  }
  async managedByName(name: string): Promise<ManagedPolicyRow | undefined> {
    const row = await this.sql.one<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE lower(name) = lower($1)`, [
      name,
    ]);
    return row && stripNulls(row);
  }
  async listManaged(): Promise<ManagedPolicyRow[]> {
    return (await this.sql.all<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies`)).map(stripNulls);
  }
  async insertManaged(p: ManagedPolicyRow, document: string): Promise<void> {
    await this.run(
      `INSERT INTO iam_managed_policies (arn, policy_id, name, path, description, create_date, update_date, default_version, next_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'v1', 2)`,
      [p.arn, p.policyId, p.name, p.path, p.description ?? null, p.createDate, p.updateDate],
    );
    await this.insertVersion({ policyArn: p.arn, versionId: 'v1', document, createDate: p.createDate });
  }
  async deleteManaged(arn: string): Promise<void> {
    await this.run("DELETE FROM iam_tags WHERE entity_type = 'policy' AND entity_id = $1", [arn]);
    await this.run('DELETE FROM iam_policy_versions WHERE policy_arn = $1', [arn]);
    await this.run('DELETE FROM iam_managed_policies WHERE arn = $1', [arn]);
  }
  versions(arn: string): Promise<PolicyVersionRow[]> {
    return this.sql.all(`SELECT ${VERSION_COLS} FROM iam_policy_versions WHERE policy_arn = $1 ORDER BY create_date DESC, id DESC`, [arn]);
  }
  async insertVersion(v: PolicyVersionRow): Promise<void> {
    await this.run('INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES ($1, $2, $3, $4)', [
      v.policyArn,
      v.versionId,
      v.document,
      v.createDate,
    ]);
    await this.run('UPDATE iam_managed_policies SET next_version = $1 WHERE arn = $2', [Number(v.versionId.slice(1)) + 1, v.policyArn]);
  }
  async deleteVersion(arn: string, versionId: string): Promise<void> {
    await this.run('DELETE FROM iam_policy_versions WHERE policy_arn = $1 AND version_id = $2', [arn, versionId]);
  }
  async setDefault(arn: string, versionId: string, updateDate: string): Promise<void> {
    await this.run('UPDATE iam_managed_policies SET default_version = $1, update_date = $2 WHERE arn = $3', [versionId, updateDate, arn]);
  }

  async attached(type: EntityType, id: string): Promise<string[]> {
    const text = 'SELECT policy_arn FROM iam_attachments WHERE entity_type = $1 AND entity_id = $2 ORDER BY id';
    return (await this.sql.all<{ policy_arn: string }>(text, [type, id])).map((r) => r.policy_arn);
  }
  async attach(type: EntityType, id: string, arn: string): Promise<void> {
    await this.run('INSERT INTO iam_attachments (entity_type, entity_id, policy_arn) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      type,
      id,
      arn,
    ]);
  }
  async detach(type: EntityType, id: string, arn: string): Promise<boolean> {
    const text = 'DELETE FROM iam_attachments WHERE entity_type = $1 AND entity_id = $2 AND policy_arn = $3';
    return (await this.run(text, [type, id, arn])) > 0;
  }
  async attachmentCount(arn: string): Promise<number> {
    return (await this.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = $1', [arn]))!.n;
  }
  entitiesFor(arn: string): Promise<Array<{ type: EntityType; id: string }>> {
    return this.sql.all('SELECT entity_type AS type, entity_id AS id FROM iam_attachments WHERE policy_arn = $1 ORDER BY id', [arn]);
  }
}
