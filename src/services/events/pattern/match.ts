/**
 * Matching a compiled pattern against an event (EventBridge User Guide, "Amazon EventBridge event patterns"):
 * a field's value, or any element of an array value, must satisfy one of its matchers; nested patterns descend
 * into objects (and into each object of an array); `exists: false` and only it matches a missing field.
 */
import { inCidr } from './cidr.js';
import type { Matcher, PatternNode } from './compile.js';
import { matchWildcard } from './wildcard.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function matchesPattern(p: PatternNode, event: unknown): boolean {
  return matchNode(p, event as Json | undefined);
}

function matchNode(p: PatternNode, value: Json | undefined): boolean {
  if (Array.isArray(value)) {
    const objects = value.filter(isObject);
    return objects.length ? objects.some((o) => matchNode(p, o)) : matchNode(p, undefined);
  }
  const obj = isObject(value) ? value : undefined;
  for (const [key, rule] of p.fields) {
    // Own keys only: a pattern naming `constructor` or `toString` must not find Object.prototype's.
    const v = obj && Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (!(Array.isArray(rule) ? matchLeaf(rule, v) : matchNode(rule, v))) return false;
  }
  return p.ors.every((alts) => alts.some((alt) => matchNode(alt, obj)));
}

/** A leaf's values: an array's elements (flattened), a scalar, nothing when missing; objects are not leaves. */
function leafValues(v: Json | undefined): (string | number | boolean | null)[] {
  if (v === undefined) return [];
  const all = Array.isArray(v) ? (v.flat(Infinity as 1) as Json[]) : [v];
  return all.filter((x): x is string | number | boolean | null => !isObject(x) && !Array.isArray(x));
}

function matchLeaf(matchers: Matcher[], v: Json | undefined): boolean {
  const values = leafValues(v);
  const present = v !== undefined && !isObject(v) && values.length > 0;
  return matchers.some((m) => {
    if (m.kind === 'exists') return m.value === present;
    return values.some((x) => matchValue(m, x));
  });
}

function matchValue(m: Matcher, x: string | number | boolean | null): boolean {
  switch (m.kind) {
    case 'exact':
      return x === m.value;
    case 'numeric':
      return typeof x === 'number' && m.conditions.every(([op, n]) => compare(op, x, n));
    case 'cidr':
      return typeof x === 'string' && inCidr(m.cidr, x);
    case 'anything-but':
      if ('values' in m) return (typeof x === 'string' || typeof x === 'number') && !m.values.includes(x);
      return typeof x === 'string' && !m.inner.some((i) => matchValue(i, x));
    case 'exists':
      return false;
    default:
      return typeof x === 'string' && matchString(m, x);
  }
}

function matchString(m: Matcher, x: string): boolean {
  switch (m.kind) {
    case 'prefix':
      return m.ignoreCase ? x.toLowerCase().startsWith(m.value.toLowerCase()) : x.startsWith(m.value);
    case 'suffix':
      return m.ignoreCase ? x.toLowerCase().endsWith(m.value.toLowerCase()) : x.endsWith(m.value);
    case 'equals-ignore-case':
      return x.toLowerCase() === m.value.toLowerCase();
    case 'wildcard':
      return matchWildcard(m.wildcard, x);
    default:
      return false;
  }
}

function compare(op: string, x: number, n: number): boolean {
  switch (op) {
    case '=':
      return x === n;
    case '<':
      return x < n;
    case '<=':
      return x <= n;
    case '>':
      return x > n;
    default:
      return x >= n;
  }
}
