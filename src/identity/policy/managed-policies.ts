/**
 * The AWS managed policies hsmtrail ships (arn:aws:iam::aws:policy/...), with their documents as JSON
 * text (Version first, as IAM returns them) and their parsed form, compiled once on first use.
 */
import { createHash } from 'node:crypto';
import { MANAGED_POLICY_DATA } from './managed-policy-data.js';
import { parsePolicy } from './parse.js';
import type { Policy } from './types.js';

export interface AwsManagedPolicy {
  policyName: string;
  arn: string;
  path: '/';
  policyId: string;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  description: string;
  isAttachable: true;
  /** The default version's document, as IAM stores it (compact JSON). */
  document: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Stable ANPA-style id for a policy whose real AWS id we do not know. */
function derivedPolicyId(name: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! % 32];
  return id;
}

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = MANAGED_POLICY_DATA.map((p) => ({
  policyName: p.name,
  arn: `arn:aws:iam::aws:policy/${p.name}`,
  path: '/',
  policyId: p.policyId ?? derivedPolicyId(p.name),
  defaultVersionId: p.defaultVersionId,
  createDate: p.createDate,
  updateDate: p.updateDate,
  description: p.description,
  isAttachable: true,
  document: JSON.stringify({ Version: '2012-10-17', Statement: p.statements }),
}));

const byArn = new Map(AWS_MANAGED_POLICIES.map((p) => [p.arn, p]));
const compiled = new Map<string, Policy>();

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}

/** The compiled policy for an AWS managed policy ARN (cached), or undefined if we do not ship it. */
export function awsManagedPolicy(arn: string): Policy | undefined {
  const cached = compiled.get(arn);
  if (cached) return cached;
  const meta = byArn.get(arn);
  if (!meta) return undefined;
  const policy = parsePolicy(meta.document, 'identity', { name: meta.arn });
  compiled.set(arn, policy);
  return policy;
}
