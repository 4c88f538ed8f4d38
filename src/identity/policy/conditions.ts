/**
 * Condition blocks: compilation of `{Operator: {Key: value|[values]}}` and evaluation with IAM's
 * documented semantics (IAM User Guide, "Condition operators" and "Multivalued context keys"):
 *
 * - Values under one key are OR-ed; keys and operators are AND-ed.
 * - Key absent (undefined or an empty list):
 *   - positive operators -> false; negated operators (StringNotEquals, NotIpAddress, ...) -> true;
 *   - `...IfExists` -> true; `Null` tests presence itself;
 *   - `ForAnyValue:` -> false (true with IfExists); `ForAllValues:` -> true (an empty set is a subset).
 * - Negated operators are NOR over the policy values: a request value passes when it matches none.
 * - Without a set qualifier, a multivalued key behaves like ForAnyValue for positive operators and
 *   like ForAllValues for negated ones (no request value may match), so a single value is unaffected.
 * - Policy variables that cannot be resolved make that one policy value not match.
 */
import { OPERATORS } from './operators.js';
import type { ConditionClause, SetQualifier } from './types.js';
import type { VariableLookup } from './wildcard.js';

/** Thrown for an operator IAM does not know; parse.ts turns it into MalformedPolicyDocument. */
export class UnknownConditionOperator extends Error {
  constructor(readonly operator: string) {
    super(`Invalid Condition type : ${operator}`);
  }
}

export interface ConditionContext {
  /** Lowercased key -> value(s); absent keys are missing. */
  get(key: string): string | string[] | undefined;
  lookup: VariableLookup;
}

function splitOperator(operator: string): { base: string; qualifier: SetQualifier; ifExists: boolean } {
  let base = operator;
  let qualifier: SetQualifier;
  for (const q of ['ForAnyValue', 'ForAllValues'] as const) {
    if (base.startsWith(`${q}:`)) {
      qualifier = q;
      base = base.slice(q.length + 1);
    }
  }
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  return { base, qualifier, ifExists };
}

/** True if IAM accepts the operator name (with any qualifier and IfExists suffix). */
export function isKnownOperator(operator: string): boolean {
  const { base, qualifier, ifExists } = splitOperator(operator);
  if (base === 'Null') return !ifExists && qualifier === undefined;
  return OPERATORS.has(base);
}

/** Compiles one operator/key pair. Values are already stringified (JSON numbers and booleans). */
export function compileCondition(operator: string, key: string, values: string[], variables: boolean): ConditionClause {
  if (!isKnownOperator(operator)) throw new UnknownConditionOperator(operator);
  const { base, qualifier, ifExists } = splitOperator(operator);
  const common = { operator, base, qualifier, ifExists, key: key.toLowerCase(), values };
  if (base === 'Null') {
    const wanted = values.map((v) => v.toLowerCase());
    // For Null the test runs on presence: "true" means the key must be absent.
    return { ...common, negated: false, matches: (presence) => wanted.includes(presence) };
  }
  const spec = OPERATORS.get(base)!;
  return { ...common, negated: spec.negated, matches: spec.compile(values, variables) };
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

export function evaluateClause(clause: ConditionClause, ctx: ConditionContext): boolean {
  const requestValues = asList(ctx.get(clause.key));
  if (clause.base === 'Null') return clause.matches(requestValues.length === 0 ? 'true' : 'false', ctx.lookup);
  if (requestValues.length === 0) {
    if (clause.ifExists) return true;
    if (clause.qualifier === 'ForAllValues') return true;
    if (clause.qualifier === 'ForAnyValue') return false;
    return clause.negated;
  }
  const passes = (v: string): boolean => clause.matches(v, ctx.lookup) !== clause.negated;
  switch (clause.qualifier) {
    case 'ForAnyValue':
      return requestValues.some(passes);
    case 'ForAllValues':
      return requestValues.every(passes);
    default:
      return clause.negated ? requestValues.every(passes) : requestValues.some(passes);
  }
}

/** AND over every clause; an empty Condition block is true. */
export function evaluateConditions(clauses: readonly ConditionClause[], ctx: ConditionContext): boolean {
  for (const clause of clauses) if (!evaluateClause(clause, ctx)) return false;
  return true;
}
