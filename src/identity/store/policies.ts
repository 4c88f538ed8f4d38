import { AWS_MANAGED_POLICIES, findAwsManagedPolicy } from '../policy/index.js';
import type { StoreCore } from './core.js';
import type { EntityType, ManagedPolicyRow, PolicyVersionRow } from './rows.js';

const POLICY_COLS = `arn, policy_id AS policyId, name, path, description, create_date AS createDate, update_date AS updateDate,
  default_version AS defaultVersion, next_version AS nextVersion`;
const VERSION_COLS = 'policy_arn AS policyArn, version_id AS versionId, document, create_date AS createDate';

function awsRow(arn: string): ManagedPolicyRow | undefined {
  const p = findAwsManagedPolicy(arn);
  if (!p) return undefined;
  return {
    arn: p.arn,
    policyId: p.policyId,
    name: p.policyName,
    path: p.path,
    description: p.description,
    createDate: p.createDate,
    updateDate: p.updateDate,
    defaultVersion: p.defaultVersionId,
    nextVersion: 0,
    awsManaged: true,
  };
}

/** Inline policies, customer managed policies with their versions, and attachments (also of AWS managed ones). */
export class PolicyRepo {
  constructor(private readonly c: StoreCore) {}

  // Inline
  inline(type: EntityType, id: string, name: string): { name: string; document: string } | undefined {
    return this.c.get(
      'SELECT name, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?',
      type,
      id,
      name,
    );
  }
  inlineAll(type: EntityType, id: string): Array<{ name: string; document: string }> {
    return this.c.all(
      'SELECT name, document FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? ORDER BY name COLLATE NOCASE',
      type,
      id,
    );
  }
  putInline(type: EntityType, id: string, name: string, document: string): void {
    this.c.run(
      `INSERT INTO iam_inline_policies (entity_type, entity_id, name, document) VALUES (?, ?, ?, ?)
       ON CONFLICT (entity_type, entity_id, name) DO UPDATE SET document = excluded.document`,
      type,
      id,
      name,
      document,
    );
  }
  deleteInline(type: EntityType, id: string, name: string): number {
    return this.c.run('DELETE FROM iam_inline_policies WHERE entity_type = ? AND entity_id = ? AND name = ?', type, id, name);
  }

  // Managed
  managed(arn: string): ManagedPolicyRow | undefined {
    const row = this.c.get<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE arn = ?`, arn);
    if (row && row.description === null) delete row.description;
    return row ?? awsRow(arn);
  }
  managedByName(name: string): ManagedPolicyRow | undefined {
    return this.c.get<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies WHERE name = ?`, name);
  }
  listManaged(scope: 'All' | 'AWS' | 'Local'): ManagedPolicyRow[] {
    const local = scope === 'AWS' ? [] : this.c.all<ManagedPolicyRow>(`SELECT ${POLICY_COLS} FROM iam_managed_policies`);
    const aws = scope === 'Local' ? [] : AWS_MANAGED_POLICIES.map((p) => awsRow(p.arn)!);
    return [...aws, ...local].sort((a, b) => a.name.localeCompare(b.name));
  }
  insertManaged(p: ManagedPolicyRow, document: string): void {
    this.c.run(
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
    this.insertVersion({ policyArn: p.arn, versionId: 'v1', document, createDate: p.createDate });
  }
  deleteManaged(arn: string): void {
    this.c.run("DELETE FROM iam_tags WHERE entity_type = 'policy' AND entity_id = ?", arn);
    this.c.run('DELETE FROM iam_policy_versions WHERE policy_arn = ?', arn);
    this.c.run('DELETE FROM iam_managed_policies WHERE arn = ?', arn);
  }
  versions(arn: string): PolicyVersionRow[] {
    const aws = findAwsManagedPolicy(arn);
    if (aws) return [{ policyArn: arn, versionId: aws.defaultVersionId, document: aws.document, createDate: aws.updateDate }];
    return this.c.all<PolicyVersionRow>(
      `SELECT ${VERSION_COLS} FROM iam_policy_versions WHERE policy_arn = ? ORDER BY create_date DESC, rowid DESC`,
      arn,
    );
  }
  version(arn: string, versionId: string): PolicyVersionRow | undefined {
    return this.versions(arn).find((v) => v.versionId === versionId);
  }
  /** The default version's document: what evaluation uses. */
  defaultDocument(arn: string): string | undefined {
    const p = this.managed(arn);
    return p && this.version(arn, p.defaultVersion)?.document;
  }
  insertVersion(v: PolicyVersionRow): void {
    this.c.run(
      'INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, ?, ?, ?)',
      v.policyArn,
      v.versionId,
      v.document,
      v.createDate,
    );
    this.c.run('UPDATE iam_managed_policies SET next_version = ? WHERE arn = ?', Number(v.versionId.slice(1)) + 1, v.policyArn);
  }
  deleteVersion(arn: string, versionId: string): void {
    this.c.run('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?', arn, versionId);
  }
  setDefault(arn: string, versionId: string, updateDate: string): void {
    this.c.run('UPDATE iam_managed_policies SET default_version = ?, update_date = ? WHERE arn = ?', versionId, updateDate, arn);
  }

  // Attachments
  attached(type: EntityType, id: string): string[] {
    return this.c
      .all<{ a: string }>('SELECT policy_arn AS a FROM iam_attachments WHERE entity_type = ? AND entity_id = ? ORDER BY rowid', type, id)
      .map((r) => r.a);
  }
  attach(type: EntityType, id: string, arn: string): void {
    this.c.run('INSERT OR IGNORE INTO iam_attachments (entity_type, entity_id, policy_arn) VALUES (?, ?, ?)', type, id, arn);
  }
  detach(type: EntityType, id: string, arn: string): number {
    return this.c.run('DELETE FROM iam_attachments WHERE entity_type = ? AND entity_id = ? AND policy_arn = ?', type, id, arn);
  }
  attachmentCount(arn: string): number {
    return this.c.get<{ n: number }>('SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = ?', arn)!.n;
  }
  entitiesFor(arn: string): Array<{ type: EntityType; id: string }> {
    return this.c.all('SELECT entity_type AS type, entity_id AS id FROM iam_attachments WHERE policy_arn = ? ORDER BY rowid', arn);
  }
}
