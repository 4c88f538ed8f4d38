/**
 * Wildcard patterns (`*` any run of characters, including `:` and `/`; `?` exactly one) and policy
 * variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, escapes `${*}` `${?}` `${$}`).
 * Variable-free patterns are compiled to a predicate once; patterns with variables keep their parts
 * and are tokenized from the substituted text at evaluation time.
 *
 * Matching never backtracks: policies and request values are attacker-controlled (a bucket policy,
 * an object key), so a regex like `^.*a.*a.*a...b$` could freeze the event loop. The segment
 * matcher below is O(pattern × value) in the worst case.
 */
import type { Pattern, TemplatePart } from './types.js';

export type VariableLookup = (key: string) => string | undefined;

/** Glob tokens: UTF-16 code units, with STAR and ANY for the wildcards (escaped `*`/`?` stay code units). */
const STAR = -1;
const ANY = -2;
const COLON = 0x3a;

/** A fixed-length run between two `*`s; `wild` marks its `?` positions (undefined: none, so native search works). */
interface Segment {
  text: string;
  wild: Uint8Array | undefined;
}

/** A glob as segments: `head*middle*...*tail`, or just `head` when there is no `*`. */
interface Glob {
  head: Segment;
  middles: Segment[];
  tail: Segment | undefined;
  minLength: number;
}

function segmentOf(tokens: number[]): Segment {
  const text = tokens.map((t) => String.fromCharCode(t === ANY ? 0 : t)).join('');
  const wild = tokens.includes(ANY) ? Uint8Array.from(tokens, (t) => (t === ANY ? 1 : 0)) : undefined;
  return { text, wild };
}

function globOfTokens(tokens: number[]): Glob {
  const segments: Segment[] = [];
  let run: number[] = [];
  for (const t of tokens) {
    if (t !== STAR) run.push(t);
    else {
      segments.push(segmentOf(run));
      run = [];
    }
  }
  segments.push(segmentOf(run));
  const minLength = segments.reduce((n, seg) => n + seg.text.length, 0);
  const head = segments[0]!;
  if (segments.length === 1) return { head, middles: [], tail: undefined, minLength };
  return { head, middles: segments.slice(1, -1), tail: segments[segments.length - 1], minLength };
}

/** Does the segment match value at `at` (the caller has checked it fits)? */
function segmentAt(seg: Segment, value: string, at: number): boolean {
  if (!seg.wild) return value.startsWith(seg.text, at);
  for (let i = 0; i < seg.text.length; i++) {
    if (!seg.wild[i] && seg.text.charCodeAt(i) !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost position in [from, limit) where the segment fits entirely before `limit`, or -1. */
function findSegment(seg: Segment, value: string, from: number, limit: number): number {
  const last = limit - seg.text.length;
  if (!seg.wild) {
    const at = value.indexOf(seg.text, from);
    return at !== -1 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (segmentAt(seg, value, at)) return at;
  return -1;
}

/**
 * Does value[from, to) match the whole glob? Head and tail are anchored; each middle segment takes
 * its leftmost fit, which is never worse than a later one because a `*` follows it. No backtracking:
 * at most O(pattern × value) character comparisons.
 */
function globMatch(g: Glob, value: string, from: number, to: number): boolean {
  if (!g.tail) return to - from === g.head.text.length && segmentAt(g.head, value, from);
  if (to - from < g.minLength || !segmentAt(g.head, value, from)) return false;
  const tailAt = to - g.tail.text.length;
  if (!segmentAt(g.tail, value, tailAt)) return false;
  let at = from + g.head.text.length;
  for (const seg of g.middles) {
    const found = findSegment(seg, value, at, tailAt);
    if (found === -1) return false;
    at = found + seg.text.length;
  }
  return true;
}

function pushText(out: number[], text: string, wildcards: boolean): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (wildcards && c === 0x2a) {
      if (out[out.length - 1] !== STAR) out.push(STAR); // `**` matches what `*` matches
    } else out.push(wildcards && c === 0x3f ? ANY : c);
  }
}

const globOf = (text: string): Glob => {
  const out: number[] = [];
  pushText(out, text, true);
  return globOfTokens(out);
};

/**
 * ArnLike/ArnEquals: wildcards in the first five ARN components stop at `:`; in the sixth (resource)
 * component they span anything. So the pattern splits at its first five colons and the value at its
 * first five, and each component is matched on its own (the last one also holds any later colons).
 */
interface ArnGlob {
  components: Glob[];
  /** False when the pattern has fewer than five colons: then the value must have exactly as many. */
  open: boolean;
}

function arnGlobOf(tokens: number[]): ArnGlob {
  const components: Glob[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length && components.length < 5; i++) {
    if (tokens[i] === COLON) {
      components.push(globOfTokens(tokens.slice(start, i)));
      start = i + 1;
    }
  }
  components.push(globOfTokens(tokens.slice(start)));
  return { components, open: components.length === 6 };
}

function arnMatch(arn: ArnGlob, value: string): boolean {
  const last = arn.components.length - 1;
  let from = 0;
  for (let i = 0; i < last; i++) {
    const colon = value.indexOf(':', from);
    if (colon === -1 || !globMatch(arn.components[i]!, value, from, colon)) return false;
    from = colon + 1;
  }
  if (!arn.open && value.indexOf(':', from) !== -1) return false;
  return globMatch(arn.components[last]!, value, from, value.length);
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
  const glob = globOf(norm);
  if (!ignoreCase) return (v) => globMatch(glob, v, 0, v.length);
  return (v) => {
    const folded = v.toLowerCase();
    return globMatch(glob, folded, 0, folded.length);
  };
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

/** Resolved text of each part; undefined when a variable has neither a value nor a default (IAM: no match). */
function resolve(parts: TemplatePart[], lookup: VariableLookup): Array<{ text: string; wildcards: boolean }> | undefined {
  const out: Array<{ text: string; wildcards: boolean }> = [];
  for (const part of parts) {
    const text = part.kind === 'var' ? (lookup(part.key) ?? part.fallback) : part.text;
    if (text === undefined) return undefined;
    out.push({ text, wildcards: part.kind === 'glob' }); // variable values are literal, like escapes
  }
  return out;
}

/** A predicate for resolved parts: exact text, a glob, or a per-component ARN glob. */
function matcherOf(
  resolved: Array<{ text: string; wildcards: boolean }>,
  mode: MatchMode,
  ignoreCase: boolean,
): (value: string) => boolean {
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  if (mode === 'exact') {
    const want = fold(resolved.map((r) => r.text).join(''));
    return (v) => fold(v) === want;
  }
  const tokens: number[] = [];
  for (const r of resolved) pushText(tokens, fold(r.text), r.wildcards);
  if (mode === 'arn') {
    const arn = arnGlobOf(tokens);
    return (v) => arnMatch(arn, fold(v));
  }
  const glob = globOfTokens(tokens);
  return (v) => {
    const folded = fold(v);
    return globMatch(glob, folded, 0, folded.length);
  };
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
  return { source: text, test: matcherOf(resolve(parts, NO_VARIABLES)!, opts.mode, opts.ignoreCase) };
}

export function matchPattern(p: Pattern, value: string, lookup: VariableLookup, mode: MatchMode, ignoreCase: boolean): boolean {
  if (p.test) return p.test(value);
  const resolved = resolve(p.parts!, lookup);
  return resolved !== undefined && matcherOf(resolved, mode, ignoreCase)(value);
}
