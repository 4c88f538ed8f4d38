/**
 * Event patterns, validated and compiled (EventBridge User Guide, "Amazon EventBridge event patterns" and "Content
 * filtering in Amazon EventBridge event patterns"). A pattern is a JSON object whose leaves are arrays of matchers
 * (any one matching is enough) and whose keys must all match; `$or` takes alternatives. Invalid patterns throw
 * PatternError with the reason EventBridge gives ("Event pattern is not valid. Reason: ...").
 */
import { parseCidr, type Cidr } from './cidr.js';
import { compileWildcard, type Wildcard } from './wildcard.js';

export class PatternError extends Error {}

export type NumericOp = '=' | '<' | '<=' | '>' | '>=';

export type Matcher =
  | { kind: 'exact'; value: string | number | boolean | null }
  | { kind: 'prefix' | 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; wildcard: Wildcard }
  | { kind: 'anything-but'; values: (string | number)[] }
  | { kind: 'anything-but'; inner: Matcher[] }
  | { kind: 'numeric'; conditions: [NumericOp, number][] }
  | { kind: 'exists'; value: boolean }
  | { kind: 'cidr'; cidr: Cidr };

export interface PatternNode {
  /** Every field must match: a leaf's matchers, or a nested pattern. */
  fields: [string, Matcher[] | PatternNode][];
  /** Each `$or`: one of its alternatives must match. */
  ors: PatternNode[][];
}

/** 5.0e9 either way (numeric matching, "Numeric matching"). */
const NUMERIC_LIMIT = 5e9;
/** At most this many `*` across a pattern's wildcards, AWS's complexity bound in spirit: matching stays linear anyway. */
const MAX_WILDCARDS = 100;
const OPS = new Set<string>(['=', '<', '<=', '>', '>=']);

interface Budget {
  wildcards: number;
}

/** Parses and compiles pattern text; PatternError when EventBridge would refuse it. */
export function compilePattern(text: string): PatternNode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PatternError(`Event pattern is not valid. Reason: ${(err as Error).message}`);
  }
  try {
    if (!isObject(parsed)) throw new PatternError('Filter is not an object');
    return node(parsed, { wildcards: 0 });
  } catch (err) {
    if (err instanceof PatternError) throw new PatternError(`Event pattern is not valid. Reason: ${err.message}`);
    throw err;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function node(o: Record<string, unknown>, budget: Budget): PatternNode {
  const keys = Object.keys(o);
  if (keys.length === 0) throw new PatternError('Empty objects are not allowed');
  const out: PatternNode = { fields: [], ors: [] };
  for (const key of keys) {
    const v = o[key];
    if (key === '$or') out.ors.push(alternatives(v, budget));
    else if (Array.isArray(v)) out.fields.push([key, v.map((m) => matcher(key, m, budget))]);
    else if (isObject(v)) out.fields.push([key, node(v, budget)]);
    else throw new PatternError(`"${key}" must be an object or an array`);
  }
  return out;
}

function alternatives(v: unknown, budget: Budget): PatternNode[] {
  if (!Array.isArray(v) || v.length < 2 || !v.every(isObject)) {
    throw new PatternError('Or relationship must be an array of at least two objects');
  }
  return v.map((alt) => node(alt, budget));
}

function matcher(key: string, m: unknown, budget: Budget): Matcher {
  if (m === null || typeof m === 'string' || typeof m === 'boolean') return { kind: 'exact', value: m };
  if (typeof m === 'number') return { kind: 'exact', value: checkNumber(m) };
  if (Array.isArray(m)) throw new PatternError(`Match value must be String, number, true, false, or null`);
  const entries = Object.entries(m as Record<string, unknown>);
  if (entries.length !== 1) throw new PatternError(`Only one key allowed in match expression of "${key}"`);
  const [type, arg] = entries[0]!;
  switch (type) {
    case 'prefix':
    case 'suffix':
      return affix(type, arg);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: stringArg(type, arg) };
    case 'wildcard':
      return wildcard(stringArg(type, arg), budget);
    case 'anything-but':
      return anythingBut(arg, budget);
    case 'numeric':
      return numeric(arg);
    case 'exists':
      if (typeof arg !== 'boolean') throw new PatternError('exists match pattern must be either true or false.');
      return { kind: 'exists', value: arg };
    case 'cidr':
      return cidr(arg);
    default:
      throw new PatternError(`Unrecognized match type ${type}`);
  }
}

function stringArg(type: string, arg: unknown): string {
  if (typeof arg !== 'string') throw new PatternError(`${type} match pattern must be a string`);
  return arg;
}

function affix(type: 'prefix' | 'suffix', arg: unknown): Matcher {
  if (typeof arg === 'string') return { kind: type, value: arg, ignoreCase: false };
  if (isObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') {
    return { kind: type, value: arg['equals-ignore-case'], ignoreCase: true };
  }
  throw new PatternError(`${type} match pattern must be a string`);
}

function wildcard(text: string, budget: Budget): Matcher {
  const w = compileWildcard(text);
  if (typeof w === 'string') throw new PatternError(w);
  budget.wildcards += w.segments.length - 1;
  if (budget.wildcards > MAX_WILDCARDS) {
    throw new PatternError(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
  return { kind: 'wildcard', wildcard: w };
}

function anythingBut(arg: unknown, budget: Budget): Matcher {
  if (typeof arg === 'string') return { kind: 'anything-but', values: [arg] };
  if (typeof arg === 'number') return { kind: 'anything-but', values: [checkNumber(arg)] };
  if (Array.isArray(arg)) {
    if (arg.length === 0 || !arg.every((v) => typeof v === 'string' || typeof v === 'number')) {
      throw new PatternError('Inside anything but list, start|null|boolean is not supported.');
    }
    return { kind: 'anything-but', values: arg as (string | number)[] };
  }
  if (isObject(arg) && Object.keys(arg).length === 1) {
    const [type, v] = Object.entries(arg)[0]!;
    if (type === 'prefix' || type === 'suffix') return { kind: 'anything-but', inner: [affix(type, v)] };
    if (type === 'wildcard' || type === 'equals-ignore-case') {
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0) throw new PatternError(`${type} match pattern must be a string`);
      const inner = list.map((s) =>
        type === 'wildcard' ? wildcard(stringArg(type, s), budget) : ({ kind: type, value: stringArg(type, s) } satisfies Matcher),
      );
      return { kind: 'anything-but', inner };
    }
    throw new PatternError(`Unsupported anything-but pattern: ${type}`);
  }
  throw new PatternError('Value of anything-but must be an array or single string/number value.');
}

function numeric(arg: unknown): Matcher {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) throw new PatternError('Value of numeric must be an array.');
  const conditions: [NumericOp, number][] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op: unknown = arg[i];
    const n: unknown = arg[i + 1];
    if (typeof op !== 'string' || !OPS.has(op)) throw new PatternError(`Unrecognized numeric range operator: ${String(op)}`);
    if (typeof n !== 'number') throw new PatternError(`Value of ${op} must be numeric`);
    conditions.push([op as NumericOp, checkNumber(n)]);
  }
  checkRange(conditions);
  return { kind: 'numeric', conditions };
}

/** One `=`, or at most one lower bound (>, >=) then at most one upper bound (<, <=), lower below upper. */
function checkRange(c: [NumericOp, number][]): void {
  if (c.some(([op]) => op === '=')) {
    if (c.length > 1) throw new PatternError('Bad numeric range definition');
    return;
  }
  if (c.length > 2) throw new PatternError('Too many terms in numeric range expression');
  if (c.length === 2) {
    const [[lowOp, low], [highOp, high]] = c as [[NumericOp, number], [NumericOp, number]];
    if (!lowOp.startsWith('>') || !highOp.startsWith('<')) throw new PatternError('Bad numeric range definition');
    if (low >= high) throw new PatternError('Bottom must be less than top');
  }
}

function checkNumber(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) > NUMERIC_LIMIT) {
    throw new PatternError(`Value ${n} is out of range: numbers must be between -5.0E9 and 5.0E9`);
  }
  return n;
}

function cidr(arg: unknown): Matcher {
  if (typeof arg !== 'string') throw new PatternError('prefix match pattern must be a string');
  const c = parseCidr(arg);
  if (!c) throw new PatternError(`Malformed CIDR, one '/' required`);
  return { kind: 'cidr', cidr: c };
}
