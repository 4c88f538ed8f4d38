/**
 * SNS filter policies, operator by operator (SNS Developer Guide, "Amazon SNS message filtering"), in both scopes,
 * and the policies SNS refuses with the reasons AWS answers (recorded from AWS: "Invalid parameter: FilterPolicy:
 * ..."), plus properties: arbitrary policies are refused with a FilterPolicyError or compile, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageAttributeValue } from '../../../protocol/generated/sns.js';
import { messageFilter } from './match.js';
import { roundNumbers } from './numbers.js';
import { compileFilterPolicy, FilterPolicyError, type FilterScope } from './policy.js';

/** One subscription, one message: `messageFilter` for a single use. */
const filterAccepts = (
  subscription: Record<string, string>,
  message: string,
  attributes: Record<string, MessageAttributeValue> | undefined,
) => messageFilter(attributes)(subscription, message);

const attributes: Record<string, MessageAttributeValue> = {
  store: { DataType: 'String', StringValue: 'example_corp' },
  event: { DataType: 'String', StringValue: 'order_placed' },
  customer_interests: { DataType: 'String.Array', StringValue: '["soccer", "rugby", 7, true, null]' },
  price_usd: { DataType: 'Number', StringValue: '210.75' },
  quantity: { DataType: 'Number.int', StringValue: '5' },
  precise: { DataType: 'Number', StringValue: '0.000001' },
  source_ip: { DataType: 'String', StringValue: '10.0.0.255' },
  source_ip6: { DataType: 'String', StringValue: '2001:db8::ff' },
  label: { DataType: 'String.custom', StringValue: 'Hello' },
  blob: { DataType: 'Binary', BinaryValue: Buffer.from('example_corp') },
  number_text: { DataType: 'String', StringValue: '100' },
};

const body = {
  store: 'example_corp',
  order: {
    id: 'o-1',
    total: 210.75,
    items: [
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 9 },
    ],
    gift: false,
    note: null,
  },
  tags: ['new', 'web'],
};

const str = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

const byAttributes = (policy: object) => filterAccepts({ FilterPolicy: JSON.stringify(policy) }, 'not json at all', attributes);
const byBody = (policy: object, message = JSON.stringify(body)) =>
  filterAccepts({ FilterPolicy: JSON.stringify(policy), FilterPolicyScope: 'MessageBody' }, message, undefined);

const refusal = (policy: unknown, scope: FilterScope = 'MessageAttributes') => {
  try {
    compileFilterPolicy(typeof policy === 'string' ? policy : JSON.stringify(policy), scope);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(FilterPolicyError);
    return (err as Error).message;
  }
};

describe('filter policies on message attributes', () => {
  it.each([
    [{ store: ['example_corp'] }, true],
    [{ store: ['other_corp', 'example_corp'] }, true],
    [{ store: ['Example_Corp'] }, false],
    [{ store: ['example_corp'], event: ['order_cancelled'] }, false],
    [{ store: ['example_corp'], event: ['order_placed'] }, true],
    [{ customer_interests: ['rugby'] }, true],
    [{ customer_interests: ['basketball'] }, false],
    [{ customer_interests: [7] }, true],
    [{ customer_interests: [true] }, true],
    [{ customer_interests: [null] }, true],
    [{ price_usd: [210.75] }, true],
    [{ quantity: [5] }, true],
    [{ quantity: ['5'] }, false],
    [{ number_text: [100] }, false],
    [{ label: ['Hello'] }, true],
    [{ blob: ['example_corp'] }, false],
    [{ missing: [null] }, false],
  ])('exact values, String.Array elements, Number and custom types, Binary ignored: %j → %s', (p, want) =>
    expect(byAttributes(p)).toBe(want),
  );

  it.each([
    [{ event: [{ prefix: 'order_' }] }, true],
    [{ event: [{ prefix: 'Order_' }] }, false],
    [{ event: [{ suffix: '_placed' }] }, true],
    [{ event: [{ suffix: '_cancelled' }] }, false],
    [{ event: [{ 'equals-ignore-case': 'ORDER_PLACED' }] }, true],
    [{ event: [{ 'equals-ignore-case': 'ORDER' }] }, false],
    [{ customer_interests: [{ prefix: 'rug' }] }, true],
    [{ price_usd: [{ prefix: '210' }] }, false],
  ])('prefix, suffix, equals-ignore-case: %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it.each([
    [{ store: [{ 'anything-but': 'other_corp' }] }, true],
    [{ store: [{ 'anything-but': ['example_corp', 'other_corp'] }] }, false],
    [{ quantity: [{ 'anything-but': [1, 2] }] }, true],
    [{ quantity: [{ 'anything-but': 5 }] }, false],
    [{ event: [{ 'anything-but': { prefix: 'order_' } }] }, false],
    [{ event: [{ 'anything-but': { prefix: 'invoice_' } }] }, true],
    [{ missing: [{ 'anything-but': 'x' }] }, false],
  ])('anything-but (values, prefix): %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it.each([
    [{ price_usd: [{ numeric: ['>', 100, '<=', 210.75] }] }, true],
    [{ price_usd: [{ numeric: ['>', 100, '<', 210.75] }] }, false],
    [{ price_usd: [{ numeric: ['=', 210.75] }] }, true],
    [{ quantity: [{ numeric: ['>=', 6] }] }, false],
    [{ quantity: [{ numeric: ['<', 1] }, { numeric: ['>', 4] }] }, true],
    [{ number_text: [{ numeric: ['=', 100] }] }, false],
    [{ precise: [0] }, true],
    [{ precise: [{ numeric: ['>', 0] }] }, false],
  ])('numeric ranges, to five decimals: %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it.each([
    [{ store: [{ exists: true }] }, true],
    [{ missing: [{ exists: false }] }, true],
    [{ store: [{ exists: false }] }, false],
    [{ missing: [{ exists: true }] }, false],
    [{ blob: [{ exists: true }] }, false],
    [{ constructor: [{ exists: true }] }, false],
  ])('exists: %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it.each([
    [{ source_ip: [{ cidr: '10.0.0.0/24' }] }, true],
    [{ source_ip: [{ cidr: '10.0.1.0/24' }] }, false],
    [{ source_ip6: [{ cidr: '2001:db8::/32' }] }, true],
    [{ source_ip6: [{ cidr: '2001:db9::/32' }] }, false],
  ])('IP address (cidr): %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it.each([
    [{ store: ['example_corp'], $or: [{ event: ['order_cancelled'] }, { quantity: [{ numeric: ['>', 4] }] }] }, true],
    [{ $or: [{ store: ['other'] }, { event: ['order_cancelled'] }] }, false],
    [{ $or: [{ store: ['other'] }, { event: ['order_placed'] }] }, true],
  ])('$or: %j → %s', (p, want) => expect(byAttributes(p)).toBe(want));

  it('treats keys named like Object.prototype members as plain keys', () => {
    const policy = '{"__proto__": ["x"]}';
    expect(filterAccepts({ FilterPolicy: policy }, 'm', { ['__proto__']: str('x') })).toBe(true);
    expect(filterAccepts({ FilterPolicy: policy }, 'm', { other: str('x') })).toBe(false);
    const scope = { FilterPolicy: policy, FilterPolicyScope: 'MessageBody' };
    expect(filterAccepts(scope, '{"__proto__": "x"}', undefined)).toBe(true);
    expect(filterAccepts(scope, '{"other": "x"}', undefined)).toBe(false);
  });

  it('accepts every message under {} and under no policy; a message without attributes meets only exists: false', () => {
    expect(filterAccepts({ FilterPolicy: '{}' }, 'm', undefined)).toBe(true);
    expect(filterAccepts({}, 'm', undefined)).toBe(true);
    expect(filterAccepts({ FilterPolicy: '{"store":["example_corp"]}' }, 'm', undefined)).toBe(false);
    expect(filterAccepts({ FilterPolicy: '{"store":[{"exists":false}]}' }, 'm', undefined)).toBe(true);
  });
});

describe('filter policies on the message body', () => {
  it.each([
    [{ store: ['example_corp'] }, true],
    [{ order: { id: ['o-1'] } }, true],
    [{ order: { id: ['o-2'] } }, false],
    [{ order: { items: { sku: ['b'] } } }, true],
    [{ order: { items: { qty: [{ numeric: ['>', 5] }] } } }, true],
    [{ order: { items: { qty: [{ numeric: ['>', 9] }] } } }, false],
    [{ order: { gift: [false] } }, true],
    [{ order: { note: [null] } }, true],
    [{ order: { total: [{ numeric: ['>=', 200] }] }, tags: ['web'] }, true],
    [{ order: { missing: [{ exists: false }] } }, true],
    [{ order: { id: [{ exists: false }] } }, false],
    [{ $or: [{ store: ['x'] }, { order: { id: [{ prefix: 'o-' }] } }] }, true],
  ])('nested keys, arrays of objects, booleans, null: %j → %s', (p, want) => expect(byBody(p)).toBe(want));

  it('a body that is not JSON matches nothing, not even exists: false', () => {
    expect(byBody({ store: [{ exists: false }] }, 'plain text')).toBe(false);
    expect(byBody({ store: ['example_corp'] }, '{"store": "example_corp"')).toBe(false);
  });

  it('does not look at message attributes, and the attributes scope does not look at the body', () => {
    const policy = JSON.stringify({ store: ['example_corp'] });
    expect(filterAccepts({ FilterPolicy: policy, FilterPolicyScope: 'MessageBody' }, '{}', attributes)).toBe(false);
    expect(filterAccepts({ FilterPolicy: policy }, JSON.stringify(body), undefined)).toBe(false);
  });
});

describe('numbers and message views', () => {
  it('rounds to five decimals, copying only what had a number to round', () => {
    const plain = { a: 1, b: [2, 'x', { c: 3.5 }] };
    expect(roundNumbers(plain)).toBe(plain);
    const fine = JSON.parse('{"a": "x", "b": [1, 0.000001], "__proto__": 1.0000049}');
    const rounded = roundNumbers(fine) as Record<string, unknown>;
    expect(rounded).toEqual(JSON.parse('{"a": "x", "b": [1, 0], "__proto__": 1}'));
    expect(Object.hasOwn(rounded, '__proto__')).toBe(true);
  });

  it('answers the same after its cache of compiled policies has evicted them (bounded by their total size)', () => {
    const big = (i: number) => JSON.stringify({ store: [`store-${i}`, 'x'.repeat(250_000)] });
    const message = (i: number) => ({ store: str(`store-${i}`) });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 20; i++) {
        expect(filterAccepts({ FilterPolicy: big(i) }, 'm', message(i))).toBe(true);
        expect(filterAccepts({ FilterPolicy: big(i) }, 'm', message(i + 1))).toBe(false);
      }
    }
  });

  it("one message filter serves many subscriptions and each protocol's message", () => {
    const accepts = messageFilter(attributes);
    const bodyScope = (policy: object) => ({ FilterPolicy: JSON.stringify(policy), FilterPolicyScope: 'MessageBody' });
    expect(accepts({ FilterPolicy: '{"store":["example_corp"]}' }, 'x')).toBe(true);
    expect(accepts({ FilterPolicy: '{"store":["other"]}' }, 'x')).toBe(false);
    expect(accepts(bodyScope({ p: ['sqs'] }), '{"p":"sqs"}')).toBe(true);
    expect(accepts(bodyScope({ p: ['sqs'] }), '{"p":"http"}')).toBe(false);
    expect(accepts(bodyScope({ p: ['http'] }), '{"p":"http"}')).toBe(true);
  });
});

describe('filter policies: validation', () => {
  it.each([
    ['{not json', 'FilterPolicy: failed to parse JSON.'],
    [{ key: [['value']] }, 'FilterPolicy: Match value must be String, number, true, false, or null'],
    [{ key: [{ 'wrong-operator': true }] }, 'FilterPolicy: Unrecognized match type wrong-operator'],
    [{ key: [{ wildcard: 'a*' }] }, 'FilterPolicy: Unrecognized match type wildcard'],
    [{ key: [{ suffix: 'value', prefix: 'value2' }] }, 'FilterPolicy: Only one key allowed in match expression'],
    [{ key: [{ suffix: 100 }] }, 'FilterPolicy: suffix match pattern must be a string'],
    [{ key: [{ suffix: null }] }, 'FilterPolicy: suffix match pattern must be a string'],
    [{ key: [{ suffix: ['test', 'test2'] }] }, 'FilterPolicy: suffix match pattern must be a string'],
    [{ key: { suffix: 'value' } }, 'FilterPolicy: "suffix" must be an object or an array'],
    [{ object: { key: [{ prefix: 'auto-' }] } }, 'Filter policy scope MessageAttributes does not support nested filter policy'],
    [{ key_a: 'value_one' }, 'FilterPolicy: "key_a" must be an object or an array'],
    [{ key: [{ numeric: [] }] }, 'FilterPolicy: Invalid member in numeric match: ]'],
    [{ key: [{ numeric: ['operator'] }] }, 'FilterPolicy: Unrecognized numeric range operator: operator'],
    [{ key: [{ numeric: [1, '<='] }] }, 'FilterPolicy: Invalid member in numeric match: 1'],
    [{ key: [{ numeric: ['=', '000'] }] }, 'FilterPolicy: Value of equals must be numeric'],
    [{ key: [{ numeric: ['>='] }] }, 'FilterPolicy: Value of >= must be numeric'],
    [{ key: [{ numeric: ['<', 100, '>', 10] }] }, 'FilterPolicy: Too many elements in numeric expression'],
    [{ key: [{ numeric: ['>=', 1, '>', 2] }] }, 'FilterPolicy: Bad numeric range operator: >'],
    [{ key: [{ numeric: ['>', 3, '<', 1] }] }, 'FilterPolicy: Bottom must be less than top'],
    [{ key: [{ numeric: ['>', 20, '<='] }] }, 'FilterPolicy: Value of <= must be numeric'],
    [{ key: [{ numeric: ['>', 20, 30] }] }, 'FilterPolicy: Bad value in numeric range: 30'],
    [{ key: [{ numeric: ['>', 20, 'test'] }] }, 'FilterPolicy: Bad numeric range operator: test'],
    [{ key: [{ numeric: ['>', '20', '<', '30'] }] }, 'FilterPolicy: Value of > must be numeric'],
    [{ key: [{ numeric: ['>', 20, '<', 30, '<', 50] }] }, 'FilterPolicy: Too many terms in numeric range expression'],
    [{ key: [{ numeric: ['>', 2e9] }] }, /^FilterPolicy: Value 2000000000 is out of range/],
    [{ key: [{ exists: null }] }, 'FilterPolicy: exists match pattern must be either true or false.'],
    [{ key: [{ exists: 'no' }] }, 'FilterPolicy: exists match pattern must be either true or false.'],
    [{ key: [{ 'anything-but': { 'wrong-operator': null } }] }, 'FilterPolicy: Unsupported anything-but pattern: wrong-operator'],
    [{ key: [{ 'anything-but': { suffix: 'test' } }] }, 'FilterPolicy: Unsupported anything-but pattern: suffix'],
    [{ key: [{ 'anything-but': { exists: false } }] }, 'FilterPolicy: Unsupported anything-but pattern: exists'],
    [{ key: [{ 'anything-but': { prefix: false } }] }, 'FilterPolicy: prefix match pattern must be a string'],
    [{ key: [{ cidr: '10.0.0.1' }] }, /^FilterPolicy: Malformed CIDR/],
    [{ $or: [{ a: ['x'] }] }, /^FilterPolicy: Or relationship must be an array of at least two objects/],
  ])('%j is refused: %s', (p, want) => {
    const got = refusal(p);
    if (typeof want === 'string') expect(got).toBe(want);
    else expect(got).toMatch(want);
  });

  it('counts keys (at most five) and combinations (at most 150), $or alternatives included', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key_${i}`, ['v']]));
    expect(refusal(keys(5))).toBeUndefined();
    expect(refusal(keys(6))).toBe('FilterPolicy: Filter policy can not have more than 5 keys');
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(refusal({ a: values(150) })).toBeUndefined();
    expect(refusal({ a: values(151) })).toBe('FilterPolicy: Filter policy is too complex');
    expect(refusal({ a: values(10), b: values(15) })).toBeUndefined();
    expect(refusal({ a: values(10), b: values(16) })).toBe('FilterPolicy: Filter policy is too complex');
    expect(refusal({ a: values(10), $or: [{ b: values(8) }, { c: values(8) }] })).toBe('FilterPolicy: Filter policy is too complex');
    expect(refusal({ a: ['x'], $or: [{ b: ['y'], c: ['y'] }, { d: ['y'] }], e: ['z'] })).toBeUndefined();
    expect(refusal({ a: ['x'], $or: [{ b: ['y'], c: ['y'], d: ['y'], g: ['y'] }, { f: ['y'] }], e: ['z'] })).toBe(
      'FilterPolicy: Filter policy can not have more than 5 keys',
    );
    // MessageBody: the keys that hold values count, not the objects above them.
    const nested = { a: { b: { c: ['1'], d: ['2'] } }, e: { f: ['3'], g: ['4'], h: ['5'] } };
    expect(refusal(nested, 'MessageBody')).toBeUndefined();
    expect(refusal({ ...nested, i: ['6'] }, 'MessageBody')).toBe('FilterPolicy: Filter policy can not have more than 5 keys');
  });

  it('refuses nesting deeper than 100 levels; a message nested past the stack matches nothing, without throwing', () => {
    const deep = (depth: number) => '{"a":'.repeat(depth) + '["x"]' + '}'.repeat(depth);
    expect(refusal(deep(100), 'MessageBody')).toBeUndefined();
    expect(refusal(deep(102), 'MessageBody')).toBe('FilterPolicy: Filter policy is too complex');
    expect(refusal(deep(20_000), 'MessageBody')).toBe('FilterPolicy: Filter policy is too complex');
    const nestedArrays = '['.repeat(100_000) + ']'.repeat(100_000);
    const bodyScope = { FilterPolicy: '{"a":["x"]}', FilterPolicyScope: 'MessageBody' };
    expect(filterAccepts(bodyScope, `{"a":${nestedArrays}}`, undefined)).toBe(false);
    const array: MessageAttributeValue = { DataType: 'String.Array', StringValue: nestedArrays };
    expect(filterAccepts({ FilterPolicy: '{"a":["x"]}' }, 'm', { a: array })).toBe(false);
  });

  it('refuses a policy over 256 KB, and nesting only in the MessageAttributes scope', () => {
    expect(refusal({ a: ['x'.repeat(262_144)] })).toBe('FilterPolicy: Filter policy is too long');
    expect(refusal({ order: { id: ['o-1'] } }, 'MessageBody')).toBeUndefined();
    expect(refusal({ $or: [{ a: ['x'] }, { b: { c: ['y'] } }] })).toBe(
      'Filter policy scope MessageAttributes does not support nested filter policy',
    );
  });

  it('compiles or refuses arbitrary JSON with a FilterPolicyError, and what compiles never throws when matched', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), (policy, message) => {
        const text = JSON.stringify(policy);
        for (const scope of ['MessageAttributes', 'MessageBody'] as const) {
          try {
            compileFilterPolicy(text, scope);
          } catch (err) {
            expect(err).toBeInstanceOf(FilterPolicyError);
            continue;
          }
          const subscription = { FilterPolicy: text, FilterPolicyScope: scope };
          expect(typeof filterAccepts(subscription, JSON.stringify(message), attributes)).toBe('boolean');
        }
      }),
      { numRuns: 500 },
    );
  });
});
