/**
 * Managed policies as IAM answers for them: the customer managed ones from the store, the AWS
 * managed ones from src/identity/policy (never stored; AWS owns them).
 */
import type { Repositories } from '../../storage/ports.js';
import { AWS_MANAGED_POLICIES, findAwsManagedPolicy } from '../policy/index.js';
import type { ManagedPolicyRow, PolicyVersionRow } from './rows.js';

type Policies = Pick<Repositories, 'iamPolicies'>;

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

export async function managedPolicy(tx: Policies, arn: string): Promise<ManagedPolicyRow | undefined> {
  return (await tx.iamPolicies.managed(arn)) ?? awsRow(arn);
}

/** ListPolicies' Scope: All, AWS or Local; sorted by name. */
export async function listManagedPolicies(tx: Policies, scope: 'All' | 'AWS' | 'Local'): Promise<ManagedPolicyRow[]> {
  const local = scope === 'AWS' ? [] : await tx.iamPolicies.listManaged();
  const aws = scope === 'Local' ? [] : AWS_MANAGED_POLICIES.map((p) => awsRow(p.arn)!);
  return [...aws, ...local].sort((a, b) => a.name.localeCompare(b.name));
}

/** Newest first; an AWS managed policy has its one default version. */
export async function policyVersions(tx: Policies, arn: string): Promise<PolicyVersionRow[]> {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return [{ policyArn: arn, versionId: aws.defaultVersionId, document: aws.document, createDate: aws.updateDate }];
  return tx.iamPolicies.versions(arn);
}

export async function policyVersion(tx: Policies, arn: string, versionId: string): Promise<PolicyVersionRow | undefined> {
  return (await policyVersions(tx, arn)).find((v) => v.versionId === versionId);
}

/** The default version's document: what evaluation uses. */
export async function defaultDocument(tx: Policies, arn: string): Promise<string | undefined> {
  const p = await managedPolicy(tx, arn);
  return p && (await policyVersion(tx, arn, p.defaultVersion))?.document;
}
