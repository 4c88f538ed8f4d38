/**
 * Wildcard patterns (`*` any run of characters, including `:` and `/`; `?` exactly one) and policy
 * variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, escapes `${*}` `${?}` `${$}`).
 * Variable-free patterns are compiled to a predicate once; patterns with variables keep their parts
 * and build (cached) regexes from the substituted text at evaluation time.
 */
import type { Pattern, TemplatePart } from './types.js';

export type VariableLookup = (key: string) => string | undefined;

const REGEX_CACHE_LIMIT = 5000;
const regexCache = new Map<string, RegExp>();

function cachedRegex(source: string, flags: string): RegExp {
  const cacheKey = flags + source;
  let re = regexCache.get(cacheKey);
  if (!re) {
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    re = new RegExp(`^${source}$`, flags);
    regexCache.set(cacheKey, re);
  }
  return re;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Colon counter for ArnLike/ArnEquals: wildcards in the first five ARN components stop at `:`;
 * in the sixth (resource) component they span anything. Undefined for plain globs.
 */
type ArnState = { colons: number } | undefined;

function globSource(text: string, arn?: ArnState): string {
  let out = '';
  for (const ch of text) {
    const bounded = arn !== undefined && arn.colons < 5;
    if (ch === '*') out += bounded ? '[^:]*' : '[\\s\\S]*';
    else if (ch === '?') out += bounded ? '[^:]' : '[\\s\\S]';
    else {
      if (ch === ':' && arn) arn.colons++;
      out += escapeRegex(ch);
    }
  }
  return out;
}

function literalSource(text: string, arn?: ArnState): string {
  if (arn) for (const ch of text) if (ch === ':') arn.colons++;
  return escapeRegex(text);
}

/** A predicate for one variable-free glob, with fast paths for the shapes policies use most. */
export function compileGlob(text: string, ignoreCase: boolean): (value: string) => boolean {
  const norm = ignoreCase ? text.toLowerCase() : text;
  if (norm === '*') return () => true;
  const star = norm.indexOf('*');
  if (star === -1 && !norm.includes('?')) {
    return ignoreCase ? (v) => v.toLowerCase() === norm : (v) => v === norm;
  }
  if (star === norm.length - 1 && !norm.includes('?')) {
    const prefix = norm.slice(0, -1);
    return ignoreCase ? (v) => v.toLowerCase().startsWith(prefix) : (v) => v.startsWith(prefix);
  }
  const re = cachedRegex(globSource(norm), ignoreCase ? 'i' : '');
  return (v) => re.test(v);
}

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /^\s*([^\s,'}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Splits text into literal/glob runs and `${...}` variables. Text that only looks like a variable
 * (no closing brace, bad syntax) stays literal, which is how IAM treats it.
 */
export function parseTemplate(text: string, glob: boolean): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const plain = (t: string): void => {
    if (t) parts.push(glob ? { kind: 'glob', text: t } : { kind: 'literal', text: t });
  };
  let i = 0;
  let run = '';
  while (i < text.length) {
    const end = text.startsWith('${', i) ? text.indexOf('}', i + 2) : -1;
    if (end === -1) {
      run += text[i++];
      continue;
    }
    const inner = text.slice(i + 2, end);
    const m = ESCAPES[inner] === undefined ? VARIABLE.exec(inner) : null;
    if (ESCAPES[inner] === undefined && !m) {
      run += text[i++];
      continue;
    }
    plain(run);
    run = '';
    if (ESCAPES[inner] !== undefined) parts.push({ kind: 'literal', text: ESCAPES[inner] });
    else parts.push({ kind: 'var', key: m![1]!.toLowerCase(), ...(m![2] !== undefined ? { fallback: m![2] } : {}) });
    i = end + 1;
  }
  plain(run);
  return parts;
}

export type MatchMode = 'exact' | 'glob' | 'arn';

export interface PatternOptions {
  /** False for 2008-10-17 policies and for Action, where `${...}` is plain text. */
  variables: boolean;
  /** exact: StringEquals; glob: Resource/Action/StringLike; arn: ArnLike/ArnEquals. */
  mode: MatchMode;
  ignoreCase: boolean;
}

/**
 * Substitutes variables into regex source (or plain text for exact mode); undefined when a variable
 * cannot be resolved and has no default, which makes the value not match (IAM's rule).
 */
function substitute(parts: TemplatePart[], lookup: VariableLookup, mode: MatchMode): string | undefined {
  const arn: ArnState = mode === 'arn' ? { colons: 0 } : undefined;
  let out = '';
  for (const part of parts) {
    let text: string | undefined = part.kind === 'var' ? (lookup(part.key) ?? part.fallback) : part.text;
    if (text === undefined) return undefined;
    if (mode !== 'exact') text = part.kind === 'glob' ? globSource(text, arn) : literalSource(text, arn);
    out += text;
  }
  return out;
}

const NO_VARIABLES: VariableLookup = () => undefined;

/** Compiles one Resource/Action/condition value; variable-free values become a ready predicate. */
export function compilePattern(text: string, opts: PatternOptions): Pattern {
  const glob = opts.mode !== 'exact';
  const parts = opts.variables ? parseTemplate(text, glob) : [{ kind: glob ? 'glob' : 'literal', text } as TemplatePart];
  if (parts.some((p) => p.kind === 'var')) return { source: text, parts };
  if (opts.mode === 'glob' && parts.every((p) => p.kind === 'glob')) {
    return { source: text, test: compileGlob(text, opts.ignoreCase) };
  }
  const flat = substitute(parts, NO_VARIABLES, opts.mode)!;
  if (opts.mode === 'exact') {
    const norm = opts.ignoreCase ? flat.toLowerCase() : flat;
    return { source: text, test: opts.ignoreCase ? (v) => v.toLowerCase() === norm : (v) => v === norm };
  }
  const re = cachedRegex(flat, opts.ignoreCase ? 'i' : '');
  return { source: text, test: (v) => re.test(v) };
}

export function matchPattern(p: Pattern, value: string, lookup: VariableLookup, mode: MatchMode, ignoreCase: boolean): boolean {
  if (p.test) return p.test(value);
  const resolved = substitute(p.parts!, lookup, mode);
  if (resolved === undefined) return false;
  if (mode === 'exact') return ignoreCase ? resolved.toLowerCase() === value.toLowerCase() : resolved === value;
  return cachedRegex(resolved, ignoreCase ? 'i' : '').test(value);
}
