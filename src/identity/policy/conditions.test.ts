import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateClause } from './conditions.js';
import { RequestContext } from './context.js';
import { alice } from './test-fixtures.js';
import type { ContextValue } from './types.js';

type Row = [name: string, operator: string, policyValues: string[], requestValue: ContextValue, expected: boolean];

const K = 'test:key';

function check(operator: string, values: string[], value: ContextValue): boolean {
  const clause = compileCondition(operator, K, values, true);
  return evaluateClause(clause, new RequestContext(alice, { [K]: value }));
}

const rows: Row[] = [
  // String family
  ['StringEquals match', 'StringEquals', ['abc'], 'abc', true],
  ['StringEquals is case-sensitive', 'StringEquals', ['abc'], 'ABC', false],
  ['StringEquals does not expand wildcards', 'StringEquals', ['a*'], 'abc', false],
  ['StringEquals OR over values', 'StringEquals', ['x', 'abc'], 'abc', true],
  ['StringEquals missing key', 'StringEquals', ['abc'], undefined, false],
  ['StringNotEquals different', 'StringNotEquals', ['abc'], 'xyz', true],
  ['StringNotEquals same', 'StringNotEquals', ['abc'], 'abc', false],
  ['StringNotEquals is NOR over values', 'StringNotEquals', ['x', 'abc'], 'abc', false],
  ['StringNotEquals missing key is true', 'StringNotEquals', ['abc'], undefined, true],
  ['StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', ['AbC'], 'aBc', true],
  ['StringNotEqualsIgnoreCase same modulo case', 'StringNotEqualsIgnoreCase', ['AbC'], 'abc', false],
  ['StringLike *', 'StringLike', ['home/*/docs'], 'home/alice/docs', true],
  ['StringLike ?', 'StringLike', ['v?'], 'v1', true],
  ['StringLike ? needs one char', 'StringLike', ['v?'], 'v', false],
  ['StringLike is case-sensitive', 'StringLike', ['Home/*'], 'home/x', false],
  ['StringLike with variable', 'StringLike', ['home/${aws:username}/*'], 'home/alice/x', true],
  ['StringLike variable value not a wildcard', 'StringLike', ['${test:key}'], 'lit*', true],
  ['StringNotLike no match', 'StringNotLike', ['tmp/*'], 'home/x', true],
  ['StringNotLike match', 'StringNotLike', ['tmp/*'], 'tmp/x', false],
  ['StringNotLike missing key is true', 'StringNotLike', ['tmp/*'], undefined, true],
  ['StringEquals unresolvable variable does not match', 'StringEquals', ['${aws:PrincipalTag/missing}'], '', false],
  ['StringEquals variable default', 'StringEquals', ["${aws:PrincipalTag/missing, 'none'}"], 'none', true],
  ['StringNotEquals unresolvable variable ignored', 'StringNotEquals', ['${aws:PrincipalTag/missing}'], 'x', true],
  ['StringEqualsIfExists missing', 'StringEqualsIfExists', ['abc'], undefined, true],
  ['StringEqualsIfExists present mismatch', 'StringEqualsIfExists', ['abc'], 'x', false],
  ['StringNotEqualsIfExists missing', 'StringNotEqualsIfExists', ['abc'], undefined, true],
  // Numeric family
  ['NumericEquals', 'NumericEquals', ['10'], '10.0', true],
  ['NumericNotEquals', 'NumericNotEquals', ['10'], '11', true],
  ['NumericNotEquals equal', 'NumericNotEquals', ['10'], '10', false],
  ['NumericLessThan', 'NumericLessThan', ['10'], '9', true],
  ['NumericLessThan boundary', 'NumericLessThan', ['10'], '10', false],
  ['NumericLessThanEquals boundary', 'NumericLessThanEquals', ['10'], '10', true],
  ['NumericGreaterThan', 'NumericGreaterThan', ['10'], '10.5', true],
  ['NumericGreaterThanEquals', 'NumericGreaterThanEquals', ['10'], '9', false],
  ['Numeric non-number request value', 'NumericEquals', ['10'], 'ten', false],
  ['Numeric OR over values', 'NumericEquals', ['1', '2'], '2', true],
  ['NumericLessThan missing key', 'NumericLessThan', ['10'], undefined, false],
  ['NumericLessThanIfExists missing key', 'NumericLessThanIfExists', ['10'], undefined, true],
  // Date family
  ['DateEquals ISO', 'DateEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', true],
  ['DateEquals ISO vs epoch', 'DateEquals', ['1767225600'], '2026-01-01T00:00:00Z', true],
  ['DateEquals date-only means midnight UTC', 'DateEquals', ['2026-01-01'], '2026-01-01T00:00:00.000Z', true],
  ['DateEquals with offset', 'DateEquals', ['2026-01-01T02:00:00+02:00'], '2026-01-01T00:00:00Z', true],
  ['DateNotEquals', 'DateNotEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:01Z', true],
  ['DateLessThan', 'DateLessThan', ['2026-01-01T00:00:00Z'], '2025-12-31T23:59:59Z', true],
  ['DateLessThan boundary', 'DateLessThan', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', false],
  ['DateLessThanEquals boundary', 'DateLessThanEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', true],
  ['DateGreaterThan epoch request', 'DateGreaterThan', ['2026-01-01T00:00:00Z'], '1767225601', true],
  ['DateGreaterThanEquals', 'DateGreaterThanEquals', ['2026-01-01T00:00:00Z'], '2025-01-01T00:00:00Z', false],
  ['Date unparseable request', 'DateGreaterThan', ['2026-01-01T00:00:00Z'], 'yesterday', false],
  ['DateNotEquals missing key is true', 'DateNotEquals', ['2026-01-01'], undefined, true],
  // Bool, Binary
  ['Bool true', 'Bool', ['true'], 'true', true],
  ['Bool case-insensitive', 'Bool', ['True'], 'TRUE', true],
  ['Bool mismatch', 'Bool', ['true'], 'false', false],
  ['Bool missing', 'Bool', ['false'], undefined, false],
  ['BoolIfExists missing', 'BoolIfExists', ['false'], undefined, true],
  ['BinaryEquals', 'BinaryEquals', ['QmluYXJ5VmFsdWU='], 'QmluYXJ5VmFsdWU=', true],
  ['BinaryEquals mismatch', 'BinaryEquals', ['QmluYXJ5VmFsdWU='], 'T3RoZXI=', false],
  // IP
  ['IpAddress v4 CIDR', 'IpAddress', ['10.0.0.0/8'], '10.20.30.40', true],
  ['IpAddress v4 outside', 'IpAddress', ['10.0.0.0/8'], '11.0.0.1', false],
  ['IpAddress bare address', 'IpAddress', ['192.0.2.1'], '192.0.2.1', true],
  ['IpAddress /0', 'IpAddress', ['0.0.0.0/0'], '8.8.8.8', true],
  ['IpAddress v6 CIDR', 'IpAddress', ['2001:db8::/32'], '2001:db8:ffff::1', true],
  ['IpAddress v6 outside', 'IpAddress', ['2001:db8::/32'], '2001:db9::1', false],
  ['IpAddress v6 compressed forms', 'IpAddress', ['2001:0db8:0000:0000:0000:0000:0000:0001/128'], '2001:db8::1', true],
  ['IpAddress v6 /64 boundary', 'IpAddress', ['2001:db8:0:1::/64'], '2001:db8:0:2::1', false],
  ['IpAddress v4 policy vs v6 request', 'IpAddress', ['10.0.0.0/8'], '2001:db8::1', false],
  ['IpAddress v4-mapped v6 request', 'IpAddress', ['10.0.0.0/8'], '::ffff:10.1.2.3', true],
  ['IpAddress invalid request', 'IpAddress', ['10.0.0.0/8'], 'not-an-ip', false],
  ['NotIpAddress outside', 'NotIpAddress', ['10.0.0.0/8'], '11.0.0.1', true],
  ['NotIpAddress inside one of several', 'NotIpAddress', ['10.0.0.0/8', '2001:db8::/32'], '2001:db8::5', false],
  ['NotIpAddress missing is true', 'NotIpAddress', ['10.0.0.0/8'], undefined, true],
  // ARN
  [
    'ArnEquals exact',
    'ArnEquals',
    ['arn:aws:cloudtrail:us-east-1:123456789012:trail/main'],
    'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
    true,
  ],
  [
    'ArnLike wildcard region',
    'ArnLike',
    ['arn:aws:cloudtrail:*:123456789012:trail/*'],
    'arn:aws:cloudtrail:eu-west-1:123456789012:trail/main',
    true,
  ],
  [
    'ArnLike * stays inside its component',
    'ArnLike',
    ['arn:aws:cloudtrail:*:trail/main'],
    'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
    false,
  ],
  [
    'ArnLike resource part may contain colons',
    'ArnLike',
    ['arn:aws:logs:us-east-1:123456789012:log-group:*'],
    'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s',
    true,
  ],
  ['ArnEquals also honours wildcards', 'ArnEquals', ['arn:aws:iam::123456789012:role/*'], 'arn:aws:iam::123456789012:role/ops/Ops', true],
  ['ArnLike is case-sensitive', 'ArnLike', ['arn:aws:iam::123456789012:role/ops'], 'arn:aws:iam::123456789012:role/OPS', false],
  ['ArnLike with variable', 'ArnLike', ['arn:aws:iam::123456789012:user/${aws:username}'], 'arn:aws:iam::123456789012:user/alice', true],
  ['ArnNotLike no match', 'ArnNotLike', ['arn:aws:iam::*:role/admin*'], 'arn:aws:iam::123456789012:role/ops', true],
  ['ArnNotEquals match', 'ArnNotEquals', ['arn:aws:iam::123456789012:role/ops'], 'arn:aws:iam::123456789012:role/ops', false],
  ['ArnNotLike missing is true', 'ArnNotLike', ['arn:aws:iam::*:role/*'], undefined, true],
  // Null
  ['Null true, key missing', 'Null', ['true'], undefined, true],
  ['Null true, key present', 'Null', ['true'], 'x', false],
  ['Null false, key present', 'Null', ['false'], 'x', true],
  ['Null false, key missing', 'Null', ['false'], undefined, false],
  ['Null true, empty list counts as missing', 'Null', ['true'], [], true],
  // Set qualifiers
  ['ForAnyValue one of many', 'ForAnyValue:StringEquals', ['a'], ['x', 'a'], true],
  ['ForAnyValue none', 'ForAnyValue:StringEquals', ['a'], ['x', 'y'], false],
  ['ForAnyValue missing', 'ForAnyValue:StringEquals', ['a'], undefined, false],
  ['ForAnyValue empty', 'ForAnyValue:StringEquals', ['a'], [], false],
  ['ForAnyValue IfExists missing', 'ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
  ['ForAnyValue negated: one value outside', 'ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'c'], true],
  ['ForAnyValue negated: all inside', 'ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
  ['ForAnyValue StringLike', 'ForAnyValue:StringLike', ['env*'], ['team', 'environment'], true],
  ['ForAllValues subset', 'ForAllValues:StringEquals', ['a', 'b', 'c'], ['a', 'c'], true],
  ['ForAllValues not subset', 'ForAllValues:StringEquals', ['a', 'b'], ['a', 'z'], false],
  ['ForAllValues missing', 'ForAllValues:StringEquals', ['a'], undefined, true],
  ['ForAllValues empty', 'ForAllValues:StringEquals', ['a'], [], true],
  ['ForAllValues negated: none inside', 'ForAllValues:StringNotEquals', ['secret'], ['a', 'b'], true],
  ['ForAllValues negated: one inside', 'ForAllValues:StringNotEquals', ['secret'], ['a', 'secret'], false],
  ['ForAllValues ignore case', 'ForAllValues:StringEqualsIgnoreCase', ['env'], ['ENV', 'Env'], true],
  ['no qualifier, multivalued positive = any', 'StringEquals', ['a'], ['x', 'a'], true],
  ['no qualifier, multivalued negated = none may match', 'StringNotEquals', ['a'], ['x', 'a'], false],
  ['no qualifier, multivalued negated all different', 'StringNotEquals', ['a'], ['x', 'y'], true],
];

describe('condition operators', () => {
  it.each(rows)('%s', (_name, operator, values, value, expected) => {
    expect(check(operator, values, value)).toBe(expected);
  });

  it('rejects unknown operators with IAM message', () => {
    expect(() => compileCondition('StringEqualz', K, ['a'], true)).toThrow('Invalid Condition type : StringEqualz');
    expect(() => compileCondition('ForAnyValue:Null', K, ['true'], true)).toThrow('Invalid Condition type : ForAnyValue:Null');
  });
});
