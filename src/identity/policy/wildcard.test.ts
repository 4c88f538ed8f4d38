import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { compileGlob, compilePattern, matchPattern, parseTemplate } from './wildcard.js';

describe('compileGlob', () => {
  it.each([
    ['*', 'anything:at/all', false, true],
    ['cloudhsm:describe*', 'cloudhsm:describeclusters', false, true],
    ['a*c', 'a:b/c', false, true],
    ['a?c', 'abc', false, true],
    ['a?c', 'ac', false, false],
    ['a.c', 'abc', false, false], // regex metacharacters are literal
    ['a+(b)', 'a+(b)', false, true],
    ['ABC*', 'abcdef', true, true],
    ['ABC*', 'abcdef', false, false],
  ] as const)('%s vs %s (ignoreCase=%s)', (pattern, value, ignoreCase, expected) => {
    expect(compileGlob(pattern, ignoreCase)(value)).toBe(expected);
  });
});

describe('policy variables', () => {
  const lookup = (k: string): string | undefined => ({ 'aws:username': 'alice', 'aws:principaltag/team': 'hsm' })[k];

  it('splits text, escapes, variables and defaults', () => {
    expect(parseTemplate("a/${aws:username}/${*}${?}${$}/${aws:PrincipalTag/x, 'd-1'}", true)).toEqual([
      { kind: 'glob', text: 'a/' },
      { kind: 'var', key: 'aws:username' },
      { kind: 'glob', text: '/' },
      { kind: 'literal', text: '*' },
      { kind: 'literal', text: '?' },
      { kind: 'literal', text: '$' },
      { kind: 'glob', text: '/' },
      { kind: 'var', key: 'aws:principaltag/x', fallback: 'd-1' },
    ]);
  });

  it('leaves malformed variables as text', () => {
    expect(parseTemplate('a${b', true)).toEqual([{ kind: 'glob', text: 'a${b' }]);
    expect(parseTemplate('${has space}', false)).toEqual([{ kind: 'literal', text: '${has space}' }]);
  });

  it('resolves variables at match time and treats their values literally', () => {
    const p = compilePattern('home/${aws:username}/*', { variables: true, mode: 'glob', ignoreCase: false });
    expect(p.test).toBeUndefined();
    expect(matchPattern(p, 'home/alice/x', lookup, 'glob', false)).toBe(true);
    expect(matchPattern(p, 'home/bob/x', lookup, 'glob', false)).toBe(false);
    expect(matchPattern(p, 'home/alice/x', () => undefined, 'glob', false)).toBe(false);
  });

  it('keeps ${...} literal when variables are off (2008-10-17, Action)', () => {
    const p = compilePattern('home/${aws:username}', { variables: false, mode: 'glob', ignoreCase: false });
    expect(p.test!('home/${aws:username}')).toBe(true);
    expect(p.test!('home/alice')).toBe(false);
  });

  it('precompiles escape-only patterns', () => {
    const p = compilePattern('x${*}', { variables: true, mode: 'glob', ignoreCase: false });
    expect(p.test!('x*')).toBe(true);
    expect(p.test!('xy')).toBe(false);
  });
});

describe('IP parsing', () => {
  it.each([
    ['192.0.2.1', false],
    ['::1', true],
    ['2001:db8::', true],
    ['::ffff:192.0.2.1', false],
    ['fe80::1%eth0', true],
  ] as const)('parses %s', (text, v6) => {
    expect(parseIp(text)?.v6).toBe(v6);
  });

  it.each(['256.0.0.1', '1.2.3', '1::2::3', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'g::1', ''])('rejects %s', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('rejects bad prefix lengths', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('2001:db8::/129')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
  });

  it('masks host bits of a CIDR', () => {
    expect(cidrContains(parseCidr('10.1.2.3/8')!, parseIp('10.255.0.1')!)).toBe(true);
    expect(cidrContains(parseCidr('::/0')!, parseIp('2001:db8::1')!)).toBe(true);
    expect(cidrContains(parseCidr('::/0')!, parseIp('10.0.0.1')!)).toBe(false);
  });
});

describe('requestPrincipalFrom', () => {
  it('maps an assumed-role Principal to its role ARN and drops username', async () => {
    const { requestPrincipalFrom } = await import('./request-principal.js');
    const rp = requestPrincipalFrom({
      type: 'AssumedRole',
      principalId: 'AROAX:s',
      arn: 'arn:aws:sts::123456789012:assumed-role/Admin/s',
      accountId: '123456789012',
      accessKeyId: 'ASIAX',
      userName: 'ignored',
      sessionContext: {
        attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAX',
          arn: 'arn:aws:iam::123456789012:role/path/Admin',
          accountId: '123456789012',
          userName: 'Admin',
        },
      },
      tags: { team: 'x' },
      sessionPolicies: [],
      userId: 'AROAX:s',
    });
    expect(rp).toEqual({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/Admin/s',
      accountId: '123456789012',
      userId: 'AROAX:s',
      tags: { team: 'x' },
      roleArn: 'arn:aws:iam::123456789012:role/path/Admin',
    });
  });
});
