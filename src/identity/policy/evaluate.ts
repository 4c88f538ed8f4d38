/**
 * IAM policy evaluation (IAM User Guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * 1. An applicable explicit Deny in any policy (identity, resource/trust, boundary, session) wins.
 * 2. Same account: a resource policy that names the caller directly (user ARN, session ARN, "*")
 *    allows on its own. Otherwise the identity policies must allow (a resource policy naming the
 *    caller's role stands in for them), then the permissions boundary and the session policies.
 * 3. Cross account: the resource (or trust) policy must allow the caller in any form AND the caller's
 *    identity policies must allow, then boundary and session policies.
 * 4. Role trust policies are always required for sts:AssumeRole-style actions, also within one
 *    account: IAM never lets an identity policy alone assume a role. A trust policy naming the
 *    account delegates to the caller's identity policies.
 * Root: identity, boundary and session policies do not apply (none can be attached to root), so root
 * is allowed in its own account unless a resource policy explicitly denies it, which IAM documents
 * (a bucket policy can lock out root). Cross-account root still needs the resource policy's Allow.
 * Session policies form one set: any of them allowing (inline or managed ARN) satisfies step 2/3,
 * as AWS treats the passed policies together as "the session policies".
 */
import { evaluateConditions } from './conditions.js';
import { RequestContext } from './context.js';
import { matchPrincipal, matchServicePrincipal, type PrincipalMatch } from './principal.js';
import type { AuthzRequest, ContextValue, Decision, MatchList, MatchedStatement, Policy, PolicySource, Statement } from './types.js';
import { matchPattern, type VariableLookup } from './wildcard.js';

interface Target {
  action: string; // lowercased
  resource: string;
  ctx: RequestContext;
}

function listMatches(list: MatchList, value: string, lookup: VariableLookup): boolean {
  let hit = false;
  for (const p of list.patterns) {
    if (p.test ? p.test(value) : matchPattern(p, value, lookup, 'glob', false)) {
      hit = true;
      break;
    }
  }
  return hit !== list.negated;
}

function applies(st: Statement, t: Target): boolean {
  if (!listMatches(st.actions, t.action, t.ctx.lookup)) return false;
  if (st.resources && !listMatches(st.resources, t.resource, t.ctx.lookup)) return false;
  return st.conditions.length === 0 || evaluateConditions(st.conditions, t.ctx);
}

interface Hit extends MatchedStatement {
  principalMatch?: PrincipalMatch;
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, direct: 3 };

/**
 * First statement with `effect` that applies. With `principalOf`, statements must also name the
 * caller; for Allow the strongest principal match wins.
 */
function find(
  policies: readonly Policy[],
  source: PolicySource,
  effect: 'Allow' | 'Deny',
  t: Target,
  principalOf?: (st: Statement) => PrincipalMatch,
): Hit | undefined {
  let best: Hit | undefined;
  for (let pi = 0; pi < policies.length; pi++) {
    const statements = policies[pi]!.statements;
    for (let si = 0; si < statements.length; si++) {
      const st = statements[si]!;
      if (st.effect !== effect || !applies(st, t)) continue;
      const principalMatch = principalOf ? principalOf(st) : undefined;
      if (principalMatch === 'none') continue;
      const hit: Hit = { source, policyIndex: pi, statementIndex: si, ...(st.sid !== undefined ? { sid: st.sid } : {}) };
      const name = policies[pi]!.name;
      if (name !== undefined) hit.policyName = name;
      if (principalMatch) hit.principalMatch = principalMatch;
      if (!principalOf || effect === 'Deny') return hit;
      if (!best || RANK[principalMatch!] > RANK[best.principalMatch!]) best = hit;
    }
  }
  return best;
}

const allow = (hit?: Hit): Decision => {
  const d: Decision = { allowed: true, reason: 'allow' };
  if (hit) {
    const { principalMatch: _ignored, ...matched } = hit;
    d.matchedStatement = matched;
  }
  return d;
};

const implicitDeny = (deniedBy: PolicySource): Decision => ({ allowed: false, reason: 'implicitDeny', deniedBy });

function resourceAccountOf(req: AuthzRequest): string {
  if (req.resourceAccountId) return req.resourceAccountId;
  const account = req.resource.startsWith('arn:') ? req.resource.split(':')[4] : undefined;
  return account || req.principal.accountId;
}

export function evaluate(req: AuthzRequest): Decision {
  const t: Target = { action: req.action.toLowerCase(), resource: req.resource, ctx: new RequestContext(req.principal, req.context) };
  const resourcePolicies = req.resourcePolicy ? [req.resourcePolicy] : [];
  const resourceSource: PolicySource = req.resourcePolicy?.kind === 'trust' ? 'trust' : 'resource';
  const principalOf = (st: Statement): PrincipalMatch => (st.principal ? matchPrincipal(st.principal, req.principal) : 'none');
  const boundary = !req.isRoot && req.permissionsBoundary ? [req.permissionsBoundary] : [];
  const sessions = req.isRoot ? [] : (req.sessionPolicies ?? []);
  const identity = req.isRoot ? [] : req.identityPolicies;

  const deny =
    find(identity, 'identity', 'Deny', t) ??
    find(resourcePolicies, resourceSource, 'Deny', t, principalOf) ??
    find(boundary, 'boundary', 'Deny', t) ??
    find(sessions, 'session', 'Deny', t);
  if (deny) return { allowed: false, reason: 'explicitDeny', deniedBy: deny.source, matchedStatement: allow(deny).matchedStatement! };

  const sameAccount = resourceAccountOf(req) === req.principal.accountId;
  const granted = find(resourcePolicies, resourceSource, 'Allow', t, principalOf);
  if (sameAccount && granted?.principalMatch === 'direct') return allow(granted);
  if (sameAccount && req.isRoot) return allow();

  const resourceRequired = !sameAccount || resourceSource === 'trust';
  if (resourceRequired && !granted) return implicitDeny(resourceSource);
  const identityAllow = req.isRoot ? undefined : find(identity, 'identity', 'Allow', t);
  const roleGrant = sameAccount && granted?.principalMatch === 'role' ? granted : undefined;
  if (!req.isRoot && !identityAllow && !roleGrant) return implicitDeny('identity');
  if (boundary.length && !find(boundary, 'boundary', 'Allow', t)) return implicitDeny('boundary');
  if (sessions.length && !find(sessions, 'session', 'Allow', t)) return implicitDeny('session');
  return allow(identityAllow ?? granted);
}

/**
 * Whether a resource policy (e.g. a bucket policy) lets an AWS service principal such as
 * `cloudtrail.amazonaws.com` perform an action: an applicable Deny naming the service wins, then an
 * Allow naming it (or "*") is required. Services carry no identity policies, so nothing else applies.
 */
export function evaluateResourcePolicyForService(
  policy: Policy,
  servicePrincipal: string,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): Decision {
  const t: Target = { action: action.toLowerCase(), resource, ctx: new RequestContext(undefined, context) };
  const source: PolicySource = policy.kind === 'trust' ? 'trust' : 'resource';
  const principalOf = (st: Statement): PrincipalMatch =>
    st.principal && matchServicePrincipal(st.principal, servicePrincipal) ? 'direct' : 'none';
  const deny = find([policy], source, 'Deny', t, principalOf);
  if (deny) return { allowed: false, reason: 'explicitDeny', deniedBy: source, matchedStatement: allow(deny).matchedStatement! };
  const granted = find([policy], source, 'Allow', t, principalOf);
  return granted ? allow(granted) : implicitDeny(source);
}
