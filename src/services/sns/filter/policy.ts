/**
 * Subscription filter policies, validated and compiled (SNS Developer Guide, "Amazon SNS message filtering",
 * "Filter policy constraints in Amazon SNS"). The language is EventBridge's event-pattern language minus some
 * operators, so the policy is compiled by `services/events/pattern`; this file is the edge where SNS differs:
 * no `wildcard`, `anything-but` takes values or a `prefix` only, numbers are within ±1e9 with five decimals,
 * SNS's own wording for numeric ranges, at most five keys and 150 combinations, 256 KB, no nesting in the
 * MessageAttributes scope, and `{}` (no condition) accepts every message.
 */
import { compilePattern, PatternError, type PatternNode } from '../../events/pattern/index.js';
import { roundNumber } from './numbers.js';

export type FilterScope = 'MessageAttributes' | 'MessageBody';

/** A subscription's FilterPolicyScope; MessageAttributes when it has none. */
export const filterScopeOf = (attributes: Record<string, string>): FilterScope =>
  attributes.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';

/** Why a policy is refused; `message` is what follows "Invalid parameter: " (AWS's wording). */
export class FilterPolicyError extends Error {}

/** "Filter policy constraints in Amazon SNS". */
const MAX_POLICY_BYTES = 256 * 1024;
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const NUMERIC_LIMIT = 1e9;
/**
 * Nesting deeper than this is refused as too complex. SNS documents no depth; the bound keeps compiling and
 * matching (both recursive) far from the stack's limit, which a 256 KB policy of nested objects would otherwise reach.
 */
const MAX_DEPTH = 100;
const EB_PREFIX = 'Event pattern is not valid. Reason: ';

/** A compiled policy: the pattern to match, or `all` for `{}`. */
export type CompiledFilter = PatternNode | 'all';

const reason = (text: string) => new FilterPolicyError(`FilterPolicy: ${text}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses, checks and compiles `text` for `scope`; FilterPolicyError with AWS's message when SNS would refuse it. */
export function compileFilterPolicy(text: string, scope: FilterScope): CompiledFilter {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) throw reason('Filter policy is too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw reason('failed to parse JSON.');
  }
  if (isObject(parsed) && Object.keys(parsed).length === 0) return 'all';
  const adapted = isObject(parsed) ? snsNode(parsed, 0) : parsed;
  let node: PatternNode;
  try {
    node = compilePattern(JSON.stringify(adapted));
  } catch (err) {
    if (err instanceof PatternError) throw reason(err.message.startsWith(EB_PREFIX) ? err.message.slice(EB_PREFIX.length) : err.message);
    throw err;
  }
  if (scope === 'MessageAttributes' && nested(node)) {
    throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy');
  }
  if (maxKeys(node) > MAX_KEYS) throw reason(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (combinations(node) > MAX_COMBINATIONS) throw reason('Filter policy is too complex');
  return node;
}

/** SNS's restrictions on one object of the policy, and its numbers rounded to SNS's precision. */
function snsNode(o: Record<string, unknown>, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw reason('Filter policy is too complex');
  // fromEntries defines own properties: a key named "__proto__" stays a key.
  return Object.fromEntries(Object.entries(o).map(([key, v]) => [key, snsRule(key, v, depth + 1)]));
}

function snsRule(key: string, v: unknown, depth: number): unknown {
  if (key === '$or' && Array.isArray(v)) return v.map((alt) => (isObject(alt) ? snsNode(alt, depth) : alt));
  if (Array.isArray(v)) return v.map(snsMatcher);
  if (isObject(v)) return snsNode(v, depth);
  return v; // the pattern compiler refuses it: '"key" must be an object or an array'
}

function snsMatcher(m: unknown): unknown {
  if (typeof m === 'number') return snsNumber(m);
  if (!isObject(m)) return m;
  const entries = Object.entries(m);
  if (entries.length !== 1) throw reason('Only one key allowed in match expression');
  const [type, arg] = entries[0]!;
  switch (type) {
    case 'wildcard':
      throw reason(`Unrecognized match type ${type}`);
    case 'prefix':
    case 'suffix':
      if (typeof arg !== 'string') throw reason(`${type} match pattern must be a string`);
      return m;
    case 'anything-but':
      return { [type]: anythingBut(arg) };
    case 'numeric':
      return { [type]: numeric(arg) };
    default:
      return m;
  }
}

/** SNS's anything-but: a value, a list of values, or `{"prefix": "..."}` (nothing else nests in it). */
function anythingBut(arg: unknown): unknown {
  if (typeof arg === 'number') return snsNumber(arg);
  if (Array.isArray(arg)) return arg.map((v) => (typeof v === 'number' ? snsNumber(v) : v));
  if (!isObject(arg)) return arg;
  const [type, v] = Object.entries(arg)[0] ?? ['', undefined];
  if (type !== 'prefix') throw reason(`Unsupported anything-but pattern: ${type}`);
  if (typeof v !== 'string') throw reason('prefix match pattern must be a string');
  return arg;
}

const OPS: Record<string, string> = { '=': 'equals', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const isUpper = (op: string) => op === '<' || op === '<=';

/** `["=", n]`, or a lower bound and/or an upper bound, lower first: with SNS's messages for each mistake. */
function numeric(arg: unknown): unknown[] {
  if (!Array.isArray(arg)) throw reason('Value of numeric must be an array.');
  if (arg.length === 0) throw reason('Invalid member in numeric match: ]');
  const out: unknown[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op: unknown = arg[i];
    if (typeof op !== 'string')
      throw reason(i === 0 ? `Invalid member in numeric match: ${String(op)}` : `Bad value in numeric range: ${String(op)}`);
    if (!Object.hasOwn(OPS, op)) throw reason(i === 0 ? `Unrecognized numeric range operator: ${op}` : `Bad numeric range operator: ${op}`);
    if (i === 2 && (out[0] === '=' || isUpper(out[0] as string))) throw reason('Too many elements in numeric expression');
    if (i === 2 && !isUpper(op)) throw reason(`Bad numeric range operator: ${op}`);
    if (i === 4) throw reason('Too many terms in numeric range expression');
    const n: unknown = arg[i + 1];
    if (typeof n !== 'number') throw reason(`Value of ${OPS[op]} must be numeric`);
    out.push(op, snsNumber(n));
  }
  if (out.length === 4 && (out[1] as number) >= (out[3] as number)) throw reason('Bottom must be less than top');
  return out;
}

function snsNumber(n: number): number {
  if (Math.abs(n) > NUMERIC_LIMIT) throw reason(`Value ${n} is out of range: numbers must be between -1.0E9 and 1.0E9`);
  return roundNumber(n);
}

/** Whether any key holds an object (a nested policy), `$or` alternatives included. */
function nested(p: PatternNode): boolean {
  return p.fields.some(([, rule]) => !Array.isArray(rule)) || p.ors.some((alts) => alts.some(nested));
}

/** The most keys with values (leaf keys) that one combination of `$or` alternatives holds. */
function maxKeys(p: PatternNode): number {
  const own = p.fields.reduce((sum, [, rule]) => sum + (Array.isArray(rule) ? 1 : maxKeys(rule)), 0);
  return own + p.ors.reduce((sum, alts) => sum + Math.max(...alts.map(maxKeys)), 0);
}

/** The product of each array's number of values, an `$or` adding its alternatives' ("Filter policy complexity"). */
function combinations(p: PatternNode): number {
  const own = p.fields.reduce((product, [, rule]) => product * (Array.isArray(rule) ? rule.length : combinations(rule)), 1);
  return p.ors.reduce((product, alts) => product * alts.reduce((sum, alt) => sum + combinations(alt), 0), own);
}
