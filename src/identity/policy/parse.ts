/**
 * parsePolicy: validates a policy document the way IAM does (MalformedPolicyDocument messages, in
 * IAM's order of checks) and compiles it into the normalised, precompiled form evaluate.ts uses.
 *
 * Kinds: `identity` (user/role/group policies, managed policies, boundaries, session policies),
 * `resource` (bucket, backup and other resource policies: Principal required), `trust` (role trust
 * policies: Principal required, Resource prohibited, STS actions only).
 * Version: identity policies must say 2012-10-17, as IAM requires; resource and trust policies may
 * use 2008-10-17 (or omit Version, which means 2008-10-17), where `${...}` is literal text.
 */
import { compileCondition, UnknownConditionOperator } from './conditions.js';
import { policySize, type SizeLimit } from './limits.js';
import { PolicyValueError } from './operators.js';
import { parsePrincipal, PrincipalSyntaxError } from './principal.js';
import { failsLegacyParsing, resourceFormatError } from './resource-format.js';
import { parseSyntax, SyntaxFailure, type RawPolicy, type RawStatement } from './syntax.js';
import type { ConditionClause, MatchList, Policy, PolicyKind, PolicyVersion, Statement } from './types.js';
import { compilePattern } from './wildcard.js';

export class PolicyValidationError extends Error {
  constructor(
    message: string,
    readonly code: 'MalformedPolicyDocument' | 'LimitExceeded' = 'MalformedPolicyDocument',
  ) {
    super(message);
    this.name = code;
  }
}

export interface ParseOptions {
  /** Enforce an IAM size quota (see limits.ts `sizeLimit`). */
  sizeLimit?: SizeLimit;
  /** Label carried into decisions (policy name or ARN). */
  name?: string;
}

const TRUST_ACTIONS = new Set(
  ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'SetSourceIdentity', 'TagSession', 'SetContext'].map((a) =>
    `sts:${a}`.toLowerCase(),
  ),
);

const fail = (message: string): never => {
  throw new PolicyValidationError(message);
};

function actionsOf(st: RawStatement): string[] | undefined {
  return st.Action ?? st.NotAction;
}

function resourcesOf(st: RawStatement): string[] | undefined {
  return st.Resource ?? st.NotResource;
}

/** IAM's checks after the grammar, in the order IAM reports them. */
function validate(raw: RawPolicy, kind: PolicyKind): void {
  if (kind === 'identity' && raw.Version !== '2012-10-17') fail('Policy document must be version 2012-10-17 or greater.');
  for (const st of raw.statements) {
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') fail('The policy failed legacy parsing');
    if (resourcesOf(st)?.some(failsLegacyParsing)) fail('The policy failed legacy parsing');
  }
  const sids = new Set<string>();
  for (const { Sid } of raw.statements) {
    if (Sid && sids.has(Sid)) fail('Statement IDs (SID) in a single policy must be unique.');
    if (Sid) sids.add(Sid);
  }
  for (const st of raw.statements) if (!actionsOf(st)?.length) fail('Policy statement must contain actions.');
  for (const st of raw.statements) {
    const error = resourcesOf(st)
      ?.map(resourceFormatError)
      .find((e) => e !== undefined);
    if (error) fail(error);
  }
  // Only actions need a vendor: IAM accepts condition keys without one (`{"StringEquals": {"team": "x"}}`),
  // and service keys may hold more colons (`aws:ResourceTag/aws:cloudformation:stack-name`). IAM reports
  // a vendor-less action before a statement without resources.
  for (const st of raw.statements) actionsOf(st)!.forEach(validateVendor);
  for (const st of raw.statements) validateForKind(st, kind);
}

function validateForKind(st: RawStatement, kind: PolicyKind): void {
  const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) fail('Policy document should not specify a principal.');
  if (kind !== 'identity' && !hasPrincipal) fail('Missing required field Principal');
  if (kind === 'trust') {
    // Two tests, not `[*?\w]*[*?][*?\w]*`, which backtracks quadratically on a long action.
    const ok = (a: string): boolean => TRUST_ACTIONS.has(a.toLowerCase()) || (/^sts:[*?\w]*$/i.test(a) && /[*?]/.test(a));
    if (!(st.Action ?? []).every(ok)) {
      fail('Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity');
    }
    if (resourcesOf(st) !== undefined) fail('Has prohibited field Resource');
  } else if (!resourcesOf(st)?.length) {
    fail('Policy statement must contain resources.');
  }
}

/** Actions need a `vendor:` prefix (`*` alone is the only exception). */
function validateVendor(name: string): void {
  const parts = name.split(':');
  if (parts.length === 1 && name !== '*') fail('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) fail('Actions/Condition can contain only one colon.');
  if (parts[0] !== '*' && /[^a-zA-Z0-9\-.]/.test(parts[0]!)) fail(`Vendor ${parts[0]} is not valid`);
}

function compileStatement(st: RawStatement, version: PolicyVersion): Statement {
  const variables = version === '2012-10-17';
  const list = (values: string[], negated: boolean, vars: boolean): MatchList => ({
    negated,
    patterns: values.map((v) => compilePattern(v, { variables: vars, mode: 'glob', ignoreCase: false })),
  });
  // Actions are case-insensitive: patterns are lowercased here and the request action at evaluation.
  const actions = actionsOf(st)!.map((a) => a.toLowerCase());
  const statement: Statement = {
    effect: st.Effect as 'Allow' | 'Deny',
    actions: list(actions, st.Action === undefined, false),
    conditions: compileConditions(st, variables),
  };
  if (st.Sid !== undefined) statement.sid = st.Sid;
  const resources = resourcesOf(st);
  if (resources) statement.resources = list(resources, st.Resource === undefined, variables);
  const rawPrincipal = st.Principal ?? st.NotPrincipal;
  if (rawPrincipal !== undefined) {
    const spec = parsePrincipal(rawPrincipal, st.Principal === undefined);
    if (!spec) fail('Syntax errors in policy.');
    statement.principal = spec!;
  }
  return statement;
}

function compileConditions(st: RawStatement, variables: boolean): ConditionClause[] {
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      clauses.push(compileCondition(operator, key, values.map(String), variables));
    }
  }
  return clauses;
}

/** Parses, validates and compiles a policy document; throws PolicyValidationError. */
export function parsePolicy(document: string, kind: PolicyKind, options: ParseOptions = {}): Policy {
  const limit = options.sizeLimit;
  if (limit && policySize(document) > limit.maxChars) throw new PolicyValidationError(limit.message, limit.code);
  try {
    const raw = parseSyntax(document);
    validate(raw, kind);
    const version: PolicyVersion = raw.Version === '2012-10-17' ? '2012-10-17' : '2008-10-17';
    const policy: Policy = { kind, version, statements: raw.statements.map((st) => compileStatement(st, version)) };
    if (raw.Id !== undefined) policy.id = raw.Id;
    if (options.name !== undefined) policy.name = options.name;
    return policy;
  } catch (e) {
    if (e instanceof PolicyValidationError) throw e;
    if (e instanceof SyntaxFailure || e instanceof UnknownConditionOperator || e instanceof PrincipalSyntaxError) {
      throw new PolicyValidationError(e.message);
    }
    if (e instanceof PolicyValueError) throw new PolicyValidationError('The policy failed legacy parsing');
    throw e;
  }
}
