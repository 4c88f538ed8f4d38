/**
 * The IAM condition operators, each compiled once from its policy values into a positive test
 * "does this request value match any of the policy values?". Negated operators (StringNotEquals,
 * NotIpAddress, ...) reuse their positive twin; conditions.ts applies negation and set semantics.
 * Policy variables are honoured only by the String and Arn families, as in IAM.
 */
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { compilePattern, matchPattern, type MatchMode, type VariableLookup } from './wildcard.js';

export type ValueTest = (requestValue: string, lookup: VariableLookup) => boolean;

export interface OperatorSpec {
  negated: boolean;
  /** Builds the positive test; throws PolicyValueError for values IAM rejects at parse time. */
  compile: (values: string[], variables: boolean) => ValueTest;
}

/** Thrown for a value that makes IAM reject the document ("The policy failed legacy parsing"). */
export class PolicyValueError extends Error {}

function patternTest(mode: MatchMode, ignoreCase: boolean) {
  return (values: string[], variables: boolean): ValueTest => {
    const patterns = values.map((v) => compilePattern(v, { variables, mode, ignoreCase }));
    const anyArn = mode === 'arn' && values.includes('*');
    return (value, lookup) => anyArn || patterns.some((p) => matchPattern(p, value, lookup, mode, ignoreCase));
  };
}

/** Numbers as IAM reads them: decimal integers or floats; anything else never matches. */
function parseNumber(s: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) ? Number(s) : NaN;
}

const ISO_8601 =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Milliseconds since the epoch for an ISO 8601 date (UTC unless an offset is given) or for epoch
 * seconds; NaN when unparseable. Like IAM's legacy parser, text with `-` or `T` is ISO 8601.
 */
export function parseDate(text: string): number {
  const s = text.trim();
  if (!/[tT-]/.test(s)) return /^\d+$/.test(s) ? Number(s) * 1000 : NaN;
  const m = ISO_8601.exec(s);
  if (!m) return NaN;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', frac = '0', , sign, oh = '0', om = '0'] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +sec > 59) return NaN;
  const ms = Number(`0.${frac}`) * 1000;
  const utc = Date.UTC(+y!, +mo - 1, +d, +h, +mi, +sec, ms);
  const offset = sign ? (sign === '-' ? -1 : 1) * (+oh * 60 + +om) * 60_000 : 0;
  return utc - offset;
}

type Compare = (request: number, policy: number) => boolean;

function orderedTest(parse: (s: string) => number, cmp: Compare, strict: boolean) {
  return (values: string[]): ValueTest => {
    const parsed = values.map(parse);
    if (strict && parsed.some(Number.isNaN)) throw new PolicyValueError('The policy failed legacy parsing');
    return (value) => {
      const v = parse(value);
      return !Number.isNaN(v) && parsed.some((p) => !Number.isNaN(p) && cmp(v, p));
    };
  };
}

const COMPARISONS: Record<string, Compare> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};

function boolTest(values: string[]): ValueTest {
  const wanted = values.map((v) => v.toLowerCase());
  return (value) => wanted.includes(value.toLowerCase());
}

function binaryTest(values: string[]): ValueTest {
  const wanted = values.map((v) => Buffer.from(v, 'base64'));
  return (value) => {
    const got = Buffer.from(value, 'base64');
    return wanted.some((w) => w.equals(got));
  };
}

function ipTest(values: string[]): ValueTest {
  const cidrs = values.map(parseCidr);
  return (value) => {
    const ip = parseIp(value);
    return ip !== undefined && cidrs.some((c) => c !== undefined && cidrContains(c, ip));
  };
}

function buildTable(): Map<string, OperatorSpec> {
  const t = new Map<string, OperatorSpec>();
  const pair = (pos: string, neg: string | undefined, compile: OperatorSpec['compile']): void => {
    t.set(pos, { negated: false, compile });
    if (neg) t.set(neg, { negated: true, compile });
  };
  pair('StringEquals', 'StringNotEquals', patternTest('exact', false));
  pair('StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', patternTest('exact', true));
  pair('StringLike', 'StringNotLike', patternTest('glob', false));
  pair('ArnEquals', 'ArnNotEquals', patternTest('arn', false));
  pair('ArnLike', 'ArnNotLike', patternTest('arn', false));
  for (const [name, cmp] of Object.entries(COMPARISONS)) {
    const negName = name === 'Equals' ? 'NotEquals' : undefined;
    pair(`Numeric${name}`, negName && `Numeric${negName}`, orderedTest(parseNumber, cmp, false));
    pair(`Date${name}`, negName && `Date${negName}`, orderedTest(parseDate, cmp, true));
  }
  pair('Bool', undefined, boolTest);
  pair('BinaryEquals', undefined, binaryTest);
  pair('IpAddress', 'NotIpAddress', ipTest);
  return t;
}

/** Every operator IAM accepts, keyed by base name (no ForAnyValue:/ForAllValues:/IfExists). */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = buildTable();
