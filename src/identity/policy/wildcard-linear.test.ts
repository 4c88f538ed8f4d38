/**
 * The linear-time glob matcher against a reference written straight from the definition (plain
 * recursion: exponential, so small inputs only), and the patterns that froze the old regex matcher.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy } from './parse.js';
import { compileGlob, compilePattern, matchPattern } from './wildcard.js';

/** One pattern element: a wildcard, or a character that is matched literally. */
type Token = { wild: '*' | '?' } | { char: string };

/**
 * `*` matches any run and `?` one character; in ARN mode both stop at `:` until five literal colons
 * of the pattern have been passed (the sixth, resource, component spans anything).
 */
function reference(tokens: Token[], value: string, arn: boolean): boolean {
  const go = (t: number, v: number, colons: number): boolean => {
    if (t === tokens.length) return v === value.length;
    const tok = tokens[t]!;
    const bounded = arn && colons < 5;
    const canTake = v < value.length && !(bounded && value[v] === ':');
    if ('char' in tok) return v < value.length && value[v] === tok.char && go(t + 1, v + 1, colons + (tok.char === ':' ? 1 : 0));
    if (tok.wild === '?') return canTake && go(t + 1, v + 1, colons);
    return go(t + 1, v, colons) || (canTake && go(t, v + 1, colons));
  };
  return go(0, 0, 0);
}

const CHARS = ['a', 'b', ':', '/'];
const valueArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((cs) => cs.join(''));

/** Pattern atoms as a policy writes them; `text` is the template source, `tokens` what it means. */
type Atom = { text: string; tokens: Token[] };
const LOOKUP_VALUES = ['', 'a', 'a:b', '*', '?a', ':/'];
const lookup = (key: string): string | undefined => {
  const m = /^aws:principaltag\/k(\d)$/.exec(key);
  return m ? LOOKUP_VALUES[Number(m[1])] : undefined;
};
const literal = (s: string): Token[] => [...s].map((char) => ({ char }));

const plainAtom: fc.Arbitrary<Atom> = fc.oneof(
  fc.constantFrom(...CHARS).map((c) => ({ text: c, tokens: literal(c) })),
  fc.constantFrom('*', '?').map((w) => ({ text: w, tokens: [{ wild: w as '*' | '?' }] })),
);
const templateAtom: fc.Arbitrary<Atom> = fc.oneof(
  plainAtom,
  fc.constantFrom('*', '?', '$').map((e) => ({ text: `\${${e}}`, tokens: literal(e) })), // escapes are literal
  fc
    .integer({ min: 0, max: LOOKUP_VALUES.length - 1 })
    .map((k) => ({ text: `\${aws:PrincipalTag/k${k}}`, tokens: literal(LOOKUP_VALUES[k]!) })),
);
const patternArb = (atom: fc.Arbitrary<Atom>) =>
  fc.array(atom, { maxLength: 8 }).map((atoms) => ({ text: atoms.map((a) => a.text).join(''), tokens: atoms.flatMap((a) => a.tokens) }));

/** An ARN-ish value: five colon-separated components up front make the sixth-component rule matter. */
const arnValueArb = fc.array(valueArb, { maxLength: 7 }).map((parts) => parts.join(':'));

describe('glob matcher agrees with the reference', () => {
  it('plain globs (Action, Resource, StringLike)', () => {
    fc.assert(
      fc.property(patternArb(plainAtom), valueArb, (p, value) => {
        expect(compileGlob(p.text, false)(value)).toBe(reference(p.tokens, value, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('globs with variables and escapes, precompiled or resolved at match time', () => {
    fc.assert(
      fc.property(patternArb(templateAtom), valueArb, (p, value) => {
        const compiled = compilePattern(p.text, { variables: true, mode: 'glob', ignoreCase: false });
        expect(matchPattern(compiled, value, lookup, 'glob', false)).toBe(reference(p.tokens, value, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('ArnLike/ArnEquals: wildcards stop at `:` in the first five components', () => {
    fc.assert(
      fc.property(patternArb(templateAtom), arnValueArb, (p, value) => {
        const compiled = compilePattern(p.text, { variables: true, mode: 'arn', ignoreCase: false });
        expect(matchPattern(compiled, value, lookup, 'arn', false)).toBe(reference(p.tokens, value, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('ignores case when asked, on both sides', () => {
    fc.assert(
      fc.property(patternArb(plainAtom), valueArb, (p, value) => {
        expect(compileGlob(p.text.toUpperCase(), true)(value)).toBe(reference(p.tokens, value, false));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('segment edge cases', () => {
  it.each([
    ['ab*ba', 'aba', false], // head and tail may not overlap
    ['ab*ba', 'abba', true],
    ['a*?*b', 'ab', false],
    ['a*?*b', 'axb', true],
    ['*?\0', 'ab', false], // a literal NUL is not a `?`
    ['*?\0', 'a\0', true],
    ['x*a\0b', 'xa?b', false],
  ])('%j vs %j', (pattern, value, expected) => {
    expect(compileGlob(pattern, false)(value)).toBe(expected);
  });
});

describe('patterns that make a backtracking matcher explode', () => {
  const stars = '*a'.repeat(12) + '*b';
  const key = 'a'.repeat(200);

  it.each([
    [stars, key, false],
    [stars, `${key}b`, true],
    ['*a?'.repeat(12) + 'b', key, false],
    ['*?'.repeat(30) + 'b', key, false],
    ['*'.repeat(40) + 'b', key, false],
  ])('glob %s', (pattern, value, expected) => {
    expect(compileGlob(pattern, false)(value)).toBe(expected);
    expect(compileGlob(pattern, true)(value.toUpperCase())).toBe(expected);
  });

  it('ArnLike and StringLike values with variables', () => {
    const arn = compilePattern(`arn:aws:s3:::${stars}`, { variables: true, mode: 'arn', ignoreCase: false });
    expect(matchPattern(arn, `arn:aws:s3:::${key}`, lookup, 'arn', false)).toBe(false);
    expect(matchPattern(arn, `arn:aws:s3:::${key}b`, lookup, 'arn', false)).toBe(true);
    const withVar = compilePattern(`\${aws:PrincipalTag/k1}${stars}`, { variables: true, mode: 'glob', ignoreCase: false });
    expect(matchPattern(withVar, key, lookup, 'glob', false)).toBe(false);
    expect(matchPattern(withVar, `${key}b`, lookup, 'glob', false)).toBe(true);
  });
});

describe('validation regexes on long policy text', () => {
  const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const long = '/'.repeat(19_000);

  it('rejects a long malformed assumed-role principal and accepts a well-formed one', () => {
    const bad = `arn:aws:sts::123456789012:assumed-role/${long}\n`;
    const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    expect(() => parsePolicy(policy({ ...read, Principal: { AWS: bad } }), 'resource')).toThrow(/^Invalid principal in policy/);
    const good = 'arn:aws:sts::123456789012:assumed-role/Admin/session/with/slashes';
    expect(parsePolicy(policy({ ...read, Principal: { AWS: good } }), 'resource').statements[0]!.principal!.aws).toEqual([good]);
  });

  it('checks trust-policy wildcard actions without backtracking', () => {
    const trust = (Action: string) => policy({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action });
    expect(() => parsePolicy(trust(`sts:${'*'.repeat(1500)}!`), 'trust')).toThrow(/Trust Policy statement actions/);
    expect(parsePolicy(trust('sts:Assume*'), 'trust').statements).toHaveLength(1);
    expect(() => parsePolicy(trust('sts:GetCallerIdentity'), 'trust')).toThrow(/Trust Policy statement actions/);
  });
});
