/**
 * Normalised IAM policy model. Everything expensive (wildcard compilation, key lowercasing, value
 * parsing) happens once in parse.ts, so evaluation touches only these precompiled shapes.
 */

/** identity = user/role/group inline or managed policy (also boundaries and session policies). */
export type PolicyKind = 'identity' | 'resource' | 'trust';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** One piece of a Resource or condition value: literal text, wildcard text, or a `${...}` variable. */
export type TemplatePart =
  | { kind: 'glob'; text: string } // `*` and `?` are wildcards here (StringLike, Resource)
  | { kind: 'literal'; text: string } // `${*}`, `${?}`, `${$}` escapes: never wildcards
  | { kind: 'var'; key: string; fallback?: string }; // key is lowercased

/** A wildcard pattern, precompiled when it has no variables. */
export interface Pattern {
  source: string;
  /** Set when the pattern contains policy variables (2012-10-17 only). */
  parts?: TemplatePart[];
  /** Precompiled matcher for variable-free patterns. */
  test?: (value: string) => boolean;
}

export interface MatchList {
  negated: boolean; // NotAction / NotResource / NotPrincipal
  patterns: Pattern[];
}

/** Principal / NotPrincipal after normalisation. `any` is `"*"` or `{"AWS": "*"}`. */
export interface PrincipalSpec {
  negated: boolean;
  any: boolean;
  aws: string[]; // account ids, root ARNs, user/role/session ARNs
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export type SetQualifier = 'ForAnyValue' | 'ForAllValues' | undefined;

/** One (operator, key) pair of a Condition block; values are OR-ed, clauses are AND-ed. */
export interface ConditionClause {
  operator: string; // as written, e.g. ForAnyValue:StringLikeIfExists
  base: string; // operator without qualifier/IfExists, e.g. StringLike
  qualifier: SetQualifier;
  ifExists: boolean;
  /** StringNotEquals, NotIpAddress, ...: true when no policy value matches. */
  negated: boolean;
  key: string; // lowercased condition key
  values: string[]; // as written in the policy
  /** Precompiled positive test: does one request value match any policy value? */
  matches: (requestValue: string, lookup: (key: string) => string | undefined) => boolean;
}

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: MatchList;
  resources?: MatchList; // absent in trust policies
  principal?: PrincipalSpec; // resource and trust policies only
  conditions: ConditionClause[];
}

export interface Policy {
  kind: PolicyKind;
  version: PolicyVersion;
  id?: string;
  statements: Statement[];
  /** Optional label (policy name or ARN) carried into Decision.matchedStatement. */
  name?: string;
}

export type ContextValue = string | string[] | undefined;

/** Principal facts the engine needs for Principal matching and global condition keys. */
export interface RequestPrincipal {
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser';
  arn: string; // session ARN for assumed roles
  accountId: string;
  userId: string; // aws:userid
  username?: string; // aws:username (IAM users only)
  /** For assumed-role sessions: the role ARN including its path (aws:PrincipalArn). */
  roleArn?: string;
  tags?: Record<string, string>;
}

export type PolicySource = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

export interface AuthzRequest {
  action: string; // 'cloudhsm:CreateHsm'
  resource: string; // ARN, or '*' for actions without a resource type
  principal: RequestPrincipal;
  /** Condition keys; names are matched case-insensitively. */
  context?: Record<string, ContextValue>;
  identityPolicies: Policy[];
  resourcePolicy?: Policy;
  sessionPolicies?: Policy[];
  permissionsBoundary?: Policy;
  isRoot: boolean;
  /** Account that owns the resource; defaults to the ARN's account field, else the caller's. */
  resourceAccountId?: string;
}

export interface MatchedStatement {
  source: PolicySource;
  policyIndex: number;
  statementIndex: number;
  sid?: string;
  policyName?: string;
}

export interface Decision {
  allowed: boolean;
  reason: 'explicitDeny' | 'allow' | 'implicitDeny';
  /** Which policy type denied (explicitly, or by failing to allow). Absent when allowed. */
  deniedBy?: PolicySource;
  /** The Deny statement for explicit denies; the deciding Allow statement for allows. */
  matchedStatement?: MatchedStatement;
}
