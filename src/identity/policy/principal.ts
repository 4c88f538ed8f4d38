/**
 * Principal / NotPrincipal: normalisation at parse time and matching at evaluation time.
 *
 * How a statement names the caller decides how much it grants (IAM User Guide, "Policy evaluation
 * logic" and "Principal element"):
 * - `direct`: `"*"`, or the caller's own user / role-session / federated-user ARN. Within one account
 *   this grants without any identity-based Allow and is not limited by boundaries or session policies.
 * - `role`: the ARN of the role behind an assumed-role session. It stands in for the identity Allow
 *   but is still limited by the permissions boundary and session policies.
 * - `account`: the account id or `arn:aws:iam::ACCT:root`. This delegates to the account, so an
 *   identity-based Allow is still required; a Deny naming the account applies to all of its principals.
 */
import type { PrincipalSpec, RequestPrincipal } from './types.js';

export type PrincipalMatch = 'none' | 'direct' | 'role' | 'account';

/** Thrown for a Principal that IAM rejects; carries IAM's message. */
export class PrincipalSyntaxError extends Error {}

const ACCOUNT_ID = /^\d{12}$/;
// The role name cannot hold `/`: `assumed-role\/.+\/.+` would backtrack quadratically on a long principal.
const AWS_PRINCIPAL_ARN = /^arn:aws[\w-]*:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function toList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

const PRINCIPAL_TYPES = { AWS: 'aws', Service: 'service', Federated: 'federated', CanonicalUser: 'canonicalUser' } as const;

/** Returns undefined for a shape that is a plain syntax error. */
export function parsePrincipal(raw: unknown, negated: boolean): PrincipalSpec | undefined {
  const spec: PrincipalSpec = { negated, any: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (raw === '*') return { ...spec, any: true };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  for (const [type, value] of entries) {
    const field = PRINCIPAL_TYPES[type as keyof typeof PRINCIPAL_TYPES];
    const list = toList(value);
    if (!field || !list) return undefined;
    for (const item of list) {
      if (field === 'aws' && item !== '*' && !ACCOUNT_ID.test(item) && !AWS_PRINCIPAL_ARN.test(item)) {
        throw new PrincipalSyntaxError(`Invalid principal in policy: "AWS":"${item}"`);
      }
      if (field === 'aws' && item === '*') spec.any = true;
      else spec[field].push(item);
    }
  }
  return spec;
}

function isAccountReference(entry: string, accountId: string): boolean {
  return entry === accountId || entry === `arn:aws:iam::${accountId}:root`;
}

function matchAws(spec: PrincipalSpec, who: RequestPrincipal): PrincipalMatch {
  let best: PrincipalMatch = 'none';
  for (const entry of spec.aws) {
    if (who.type !== 'Root' && entry === who.arn) return 'direct';
    if (who.roleArn !== undefined && entry === who.roleArn) best = 'role';
    else if (best === 'none' && isAccountReference(entry, who.accountId)) best = 'account';
  }
  return best;
}

/** How (if at all) a statement's Principal/NotPrincipal names an AWS caller. */
export function matchPrincipal(spec: PrincipalSpec, who: RequestPrincipal): PrincipalMatch {
  if (spec.negated) {
    // NotPrincipal: applies to everyone except the listed principals. Listing the caller's account,
    // role or session ARN excludes the caller.
    return spec.any || matchAws(spec, who) !== 'none' ? 'none' : 'direct';
  }
  return spec.any ? 'direct' : matchAws(spec, who);
}

/** Service principals (`cloudtrail.amazonaws.com`) are matched by exact name or by `"*"`. */
export function matchServicePrincipal(spec: PrincipalSpec, service: string): boolean {
  const listed = spec.any || spec.service.includes(service);
  return spec.negated ? !listed : listed;
}
