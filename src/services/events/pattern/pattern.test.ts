/**
 * The event-pattern language, table by table (EventBridge User Guide, "Amazon EventBridge event patterns" and
 * "Content filtering in Amazon EventBridge event patterns"), plus properties: wildcard matching agrees with a
 * reference implementation and stays linear on adversarial inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, PatternError } from './index.js';
import { compileWildcard, matchWildcard, type Wildcard } from './wildcard.js';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2026-12-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-1'],
  detail: {
    state: 'running',
    'instance-id': 'i-1',
    c_count: 5,
    d_count: 0,
    price: 300.5,
    flag: true,
    nothing: null,
    empty: '',
    ip: '10.0.0.255',
    ip6: '2001:db8::ff',
    file: 'dir/Logo.PNG',
    tags: ['prod', 'web'],
    items: [
      { name: 'a', qty: 1 },
      { name: 'b', qty: 9 },
    ],
    nested: { deep: { value: 'x' } },
  },
};

const matches = (p: object) => matchesPattern(compilePattern(JSON.stringify(p)), event);
const reason = (p: unknown) => {
  try {
    compilePattern(typeof p === 'string' ? p : JSON.stringify(p));
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(PatternError);
    return (err as Error).message;
  }
};

describe('event patterns: matching', () => {
  it.each([
    [{ source: ['aws.ec2'] }, true],
    [{ source: ['aws.s3', 'aws.ec2'] }, true],
    [{ source: ['aws.s3'] }, false],
    [{ source: ['AWS.EC2'] }, false],
    [{ detail: { c_count: [5] } }, true],
    [{ detail: { c_count: ['5'] } }, false],
    [{ detail: { price: [300.5] } }, true],
    [{ detail: { flag: [true] } }, true],
    [{ detail: { flag: ['true'] } }, false],
    [{ detail: { nothing: [null] } }, true],
    [{ detail: { state: [null] } }, false],
    [{ detail: { missing: [null] } }, false],
    [{ detail: { empty: [''] } }, true],
    [{ detail: { tags: ['web'] } }, true],
    [{ resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-1'] }, true],
    [{ detail: { nested: { deep: { value: ['x'] } } } }, true],
    [{ detail: { items: { name: ['b'] } } }, true],
    [{ detail: { items: { name: ['c'] } } }, false],
    [{ source: ['aws.ec2'], detail: { state: ['stopped'] } }, false],
  ])('exact values, arrays and nesting: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ detail: { state: [{ prefix: 'run' }] } }, true],
    [{ detail: { state: [{ prefix: 'RUN' }] } }, false],
    [{ detail: { state: [{ prefix: { 'equals-ignore-case': 'RUN' } }] } }, true],
    [{ detail: { file: [{ suffix: '.png' }] } }, false],
    [{ detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, true],
    [{ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, true],
    [{ detail: { c_count: [{ prefix: '5' }] } }, false],
    [{ detail: { file: [{ wildcard: 'dir/*.PNG' }] } }, true],
    [{ detail: { file: [{ wildcard: '*/Logo*' }] } }, true],
    [{ detail: { file: [{ wildcard: 'dir/*.png' }] } }, false],
    [{ detail: { file: [{ wildcard: 'dir\\*' }] } }, false],
  ])('prefix, suffix, equals-ignore-case, wildcard: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ detail: { state: [{ 'anything-but': 'stopped' }] } }, true],
    [{ detail: { state: [{ 'anything-but': ['running', 'stopped'] }] } }, false],
    [{ detail: { c_count: [{ 'anything-but': [5, 6] }] } }, false],
    [{ detail: { c_count: [{ 'anything-but': 6 }] } }, true],
    [{ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, false],
    [{ detail: { state: [{ 'anything-but': { suffix: 'ing' } }] } }, false],
    [{ detail: { state: [{ 'anything-but': { wildcard: 'st*' } }] } }, true],
    [{ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['RUNNING'] } }] } }, false],
    [{ detail: { missing: [{ 'anything-but': 'x' }] } }, false],
  ])('anything-but: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ detail: { c_count: [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    [{ detail: { c_count: [{ numeric: ['>', 0, '<', 5] }] } }, false],
    [{ detail: { d_count: [{ numeric: ['=', 0] }] } }, true],
    [{ detail: { price: [{ numeric: ['>=', 300.5] }] } }, true],
    [{ detail: { state: [{ numeric: ['>', 0] }] } }, false],
    [{ detail: { c_count: [{ numeric: ['<', 1] }, { numeric: ['>', 4] }] } }, true],
  ])('numeric: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ detail: { state: [{ exists: true }] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { state: [{ exists: false }] } }, false],
    [{ detail: { nested: [{ exists: true }] } }, false],
    [{ nothere: { deeper: [{ exists: false }] } }, true],
    [{ detail: { nothing: [{ exists: true }] } }, true],
    [{ detail: { constructor: [{ exists: true }] } }, false],
    [{ detail: { toString: [{ exists: false }] } }, true],
  ])('exists: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, true],
    [{ detail: { ip: [{ cidr: '10.0.1.0/24' }] } }, false],
    [{ detail: { ip: [{ cidr: '0.0.0.0/0' }] } }, true],
    [{ detail: { ip6: [{ cidr: '2001:db8::/32' }] } }, true],
    [{ detail: { ip6: [{ cidr: '2001:db9::/32' }] } }, false],
    [{ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, false],
  ])('cidr: %j → %s', (p, want) => expect(matches(p)).toBe(want));

  it.each([
    [{ $or: [{ source: ['aws.s3'] }, { detail: { c_count: [5] } }] }, true],
    [{ $or: [{ source: ['aws.s3'] }, { detail: { c_count: [6] } }] }, false],
    [{ source: ['aws.ec2'], $or: [{ detail: { state: ['x'] } }, { detail: { flag: [true] } }] }, true],
    [{ detail: { $or: [{ state: ['running'] }, { c_count: [{ numeric: ['>', 10] }] }] } }, true],
  ])('$or: %j → %s', (p, want) => expect(matches(p)).toBe(want));
});

describe('event patterns: validation', () => {
  it.each([
    ['{not json', /^Event pattern is not valid\. Reason: /],
    [[], 'Event pattern is not valid. Reason: Filter is not an object'],
    [{}, 'Event pattern is not valid. Reason: Empty objects are not allowed'],
    [{ source: 'aws.ec2' }, 'Event pattern is not valid. Reason: "source" must be an object or an array'],
    [{ a: [{ prefix: 1 }] }, 'Event pattern is not valid. Reason: prefix match pattern must be a string'],
    [{ a: [{ suffix: ['x'] }] }, 'Event pattern is not valid. Reason: suffix match pattern must be a string'],
    [{ a: [{ exists: 'yes' }] }, 'Event pattern is not valid. Reason: exists match pattern must be either true or false.'],
    [{ a: [{ numeric: '>' }] }, 'Event pattern is not valid. Reason: Value of numeric must be an array.'],
    [{ a: [{ numeric: ['~', 1] }] }, 'Event pattern is not valid. Reason: Unrecognized numeric range operator: ~'],
    [{ a: [{ numeric: ['<', 1, '>', 0] }] }, 'Event pattern is not valid. Reason: Bad numeric range definition'],
    [{ a: [{ numeric: ['>', 5, '<', 1] }] }, 'Event pattern is not valid. Reason: Bottom must be less than top'],
    [{ a: [{ numeric: ['>', 6e9] }] }, /out of range/],
    [{ a: [{ cidr: '10.0.0.1' }] }, /Malformed CIDR/],
    [{ a: [{ cidr: '10.0.0.0/33' }] }, /Malformed CIDR/],
    [{ a: [{ wildcard: 'a**b' }] }, /Consecutive wildcard characters/],
    [{ a: [{ bogus: 1 }] }, 'Event pattern is not valid. Reason: Unrecognized match type bogus'],
    [{ a: [{ prefix: 'a', suffix: 'b' }] }, /Only one key allowed/],
    [{ a: [{ 'anything-but': [true] }] }, /anything but list/],
    [{ $or: [{ a: ['x'] }] }, /at least two/],
  ])('%j is refused: %s', (p, want) => {
    const got = reason(p);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatch(want);
  });

  it('refuses a pattern with too many wildcards', () => {
    const many = { a: Array.from({ length: 60 }, (_, i) => ({ wildcard: `*${i}*` })) };
    expect(reason(many)).toMatch(/Rule is too complex/);
  });
});

/** A reference glob matcher (dynamic programming), to check the linear one against. */
function reference(w: Wildcard, value: string): boolean {
  const tokens: (string | '*')[] = [];
  w.segments.forEach((s, i) => {
    if (i > 0) tokens.push('*');
    tokens.push(...s);
  });
  let row = Array<boolean>(value.length + 1).fill(false);
  row[0] = true;
  for (const t of tokens) {
    const next = Array<boolean>(value.length + 1).fill(false);
    for (let j = 0; j <= value.length; j++) {
      if (t === '*') next[j] = row[j]! || (j > 0 && next[j - 1]!);
      else next[j] = j > 0 && row[j - 1]! && value[j - 1] === t;
    }
    row = next;
  }
  return row[value.length]!;
}

describe('wildcard matching', () => {
  it('agrees with a reference matcher', () => {
    const alphabet = fc.constantFrom('a', 'b', '*');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 12 }), (p, v) => {
        const w = compileWildcard(p.join(''));
        fc.pre(typeof w !== 'string');
        const compiled = w as Wildcard;
        expect(matchWildcard(compiled, v.join(''))).toBe(reference(compiled, v.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on inputs built to make backtracking matchers explode', () => {
    const w = compileWildcard(`${'a*'.repeat(40)}b`) as Wildcard;
    const value = 'a'.repeat(200_000);
    const t0 = process.hrtime.bigint();
    expect(matchWildcard(w, value)).toBe(false);
    // No timing assertion: the point is that this returns at all (a backtracking matcher would not).
    expect(process.hrtime.bigint() >= t0).toBe(true);
  });
});

describe('event patterns: properties', () => {
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
  const detail = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), scalar, { minKeys: 1, maxKeys: 5 });

  it('an event matches the pattern of its own values, and not anything-but them', () => {
    fc.assert(
      fc.property(detail, (d) => {
        const e = { source: 's', detail: d };
        const exact = { detail: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, [v]])) };
        expect(matchesPattern(compilePattern(JSON.stringify(exact)), e)).toBe(true);
        for (const [k, v] of Object.entries(d)) {
          if (typeof v !== 'string' && typeof v !== 'number') continue;
          const but = { detail: { [k]: [{ 'anything-but': v }] } };
          expect(matchesPattern(compilePattern(JSON.stringify(but)), e)).toBe(false);
          expect(matchesPattern(compilePattern(JSON.stringify({ detail: { [k]: [{ exists: false }] } })), e)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary events', () => {
    const patterns = [
      { detail: { a: [{ numeric: ['>', 0] }, { prefix: 'x' }, { cidr: '10.0.0.0/8' }, { wildcard: '*a*' }] } },
      { $or: [{ detail: { a: { b: [{ exists: true }] } } }, { detail: { a: [{ 'anything-but': { suffix: 'z' } }] } }] },
    ].map((p) => compilePattern(JSON.stringify(p)));
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const p of patterns) expect(typeof matchesPattern(p, { detail: v })).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
