import { describe, expect, it } from 'vitest';
import { sizeLimit } from './limits.js';
import { parsePolicy, PolicyValidationError } from './parse.js';
import { doc } from './test-fixtures.js';
import type { PolicyKind } from './types.js';

const ok = { Effect: 'Allow', Action: 'cloudhsm:*', Resource: '*' };
const trustOk = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' };
const v12 = (...s: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: s });

const malformed: Array<[string, string, PolicyKind, string]> = [
  ['not JSON', '{"Version":', 'identity', 'Syntax errors in policy.'],
  ['JSON array', '[]', 'identity', 'Syntax errors in policy.'],
  ['unknown top-level field', JSON.stringify({ Version: '2012-10-17', Statement: [ok], Extra: 1 }), 'identity', 'Syntax errors in policy.'],
  ['missing Statement', JSON.stringify({ Version: '2012-10-17' }), 'identity', 'Syntax errors in policy.'],
  ['empty Statement list', JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'identity', 'Syntax errors in policy.'],
  ['unknown Version value', JSON.stringify({ Version: '2020-01-01', Statement: [ok] }), 'identity', 'Syntax errors in policy.'],
  ['unknown statement field', v12({ ...ok, Actions: 'x:y' }), 'identity', 'Syntax errors in policy.'],
  ['Action and NotAction together', v12({ ...ok, NotAction: 'iam:*' }), 'identity', 'Syntax errors in policy.'],
  ['Resource and NotResource together', v12({ ...ok, NotResource: 'arn:aws:s3:::b' }), 'identity', 'Syntax errors in policy.'],
  ['Effect not Allow/Deny', v12({ ...ok, Effect: 'Permit' }), 'identity', 'Syntax errors in policy.'],
  ['Action is a number', v12({ ...ok, Action: 5 }), 'identity', 'Syntax errors in policy.'],
  [
    'Condition value is an object',
    v12({ ...ok, Condition: { StringEquals: { 'aws:x': { a: 1 } } } }),
    'identity',
    'Syntax errors in policy.',
  ],
  ['Sid is a number', v12({ ...ok, Sid: 1 }), 'identity', 'Syntax errors in policy.'],
  ['bad Principal shape', v12({ ...trustOk, Principal: { Users: 'x' } }), 'trust', 'Syntax errors in policy.'],
  ['missing Version (identity)', JSON.stringify({ Statement: [ok] }), 'identity', 'Policy document must be version 2012-10-17 or greater.'],
  ['2008-10-17 identity policy', doc([ok], '2008-10-17'), 'identity', 'Policy document must be version 2012-10-17 or greater.'],
  ['lowercase effect', v12({ ...ok, Effect: 'allow' }), 'identity', 'The policy failed legacy parsing'],
  [
    'bad date value',
    v12({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': '2026-13-01T00:00:00Z' } } }),
    'identity',
    'The policy failed legacy parsing',
  ],
  ['resource with :: but too few fields', v12({ ...ok, Resource: 'arn:aws:cloudhsm::x' }), 'identity', 'The policy failed legacy parsing'],
  ['duplicate Sid', v12({ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }), 'identity', 'Statement IDs (SID) in a single policy must be unique.'],
  ['no Action', v12({ Effect: 'Allow', Resource: '*' }), 'identity', 'Policy statement must contain actions.'],
  ['empty Action list', v12({ ...ok, Action: [] }), 'identity', 'Policy statement must contain actions.'],
  ['no Resource (identity)', v12({ Effect: 'Allow', Action: 'cloudhsm:*' }), 'identity', 'Policy statement must contain resources.'],
  [
    'no Resource (resource policy)',
    v12({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }),
    'resource',
    'Policy statement must contain resources.',
  ],
  ['Resource not an ARN', v12({ ...ok, Resource: 'cluster-123' }), 'identity', 'Resource cluster-123 must be in ARN format or "*".'],
  [
    'bad partition',
    v12({ ...ok, Resource: 'arn:aws-moon:cloudhsm:us-east-1:1:cluster/x' }),
    'identity',
    'Partition "aws-moon" is not valid for resource "arn:aws-moon:cloudhsm:us-east-1:1:cluster/x".',
  ],
  [
    'vendor missing in resource',
    v12({ ...ok, Resource: 'arn:aws' }),
    'identity',
    'Resource vendor must be fully qualified and cannot contain regexes.',
  ],
  [
    'IAM resource with region',
    v12({ ...ok, Resource: 'arn:aws:iam:us-east-1:123456789012:user/x' }),
    'identity',
    'IAM resource arn:aws:iam:us-east-1:123456789012:user/x cannot contain region information.',
  ],
  [
    'S3 resource with region',
    v12({ ...ok, Resource: 'arn:aws:s3:us-east-1::bucket' }),
    'identity',
    'Resource arn:aws:s3:us-east-1::bucket can not contain region information.',
  ],
  [
    'IAM resource bad path',
    v12({ ...ok, Resource: 'arn:aws:iam::123456789012:widget/x' }),
    'identity',
    'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  ],
  ['Principal in identity policy', v12({ ...ok, Principal: '*' }), 'identity', 'Policy document should not specify a principal.'],
  [
    'NotPrincipal in identity policy',
    v12({ ...ok, NotPrincipal: { AWS: '123456789012' } }),
    'identity',
    'Policy document should not specify a principal.',
  ],
  ['missing Principal in trust policy', v12({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Missing required field Principal'],
  ['missing Principal in resource policy', v12(ok), 'resource', 'Missing required field Principal'],
  ['Resource in trust policy', v12({ ...trustOk, Resource: '*' }), 'trust', 'Has prohibited field Resource'],
  [
    'non-STS action in trust policy',
    v12({ ...trustOk, Action: 's3:GetObject' }),
    'trust',
    'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity',
  ],
  [
    'action without vendor',
    v12({ ...ok, Action: 'CreateHsm' }),
    'identity',
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  ['action with two colons', v12({ ...ok, Action: 'cloudhsm:Create:Hsm' }), 'identity', 'Actions/Condition can contain only one colon.'],
  ['invalid vendor characters', v12({ ...ok, Action: 'cloud hsm:CreateHsm' }), 'identity', 'Vendor cloud hsm is not valid'],
  [
    'unknown condition operator',
    v12({ ...ok, Condition: { StringEqual: { 'aws:x': 'y' } } }),
    'identity',
    'Invalid Condition type : StringEqual',
  ],
  [
    'Null cannot take IfExists',
    v12({ ...ok, Condition: { NullIfExists: { 'aws:x': 'true' } } }),
    'identity',
    'Invalid Condition type : NullIfExists',
  ],
  ['invalid AWS principal', v12({ ...trustOk, Principal: { AWS: 'alice' } }), 'trust', 'Invalid principal in policy: "AWS":"alice"'],
];

describe('parsePolicy: MalformedPolicyDocument messages', () => {
  it.each(malformed)('%s', (_name, document, kind, message) => {
    let error: unknown;
    try {
      parsePolicy(document, kind);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    expect((error as PolicyValidationError).message).toBe(message);
    expect((error as PolicyValidationError).code).toBe('MalformedPolicyDocument');
  });
});

describe('parsePolicy: accepted documents', () => {
  it('normalises a single statement object and single values', () => {
    const p = parsePolicy(JSON.stringify({ Version: '2012-10-17', Id: 'p1', Statement: { Sid: 'S', ...ok } }), 'identity', {
      name: 'mine',
    });
    expect(p).toMatchObject({ kind: 'identity', version: '2012-10-17', id: 'p1', name: 'mine' });
    expect(p.statements).toHaveLength(1);
    expect(p.statements[0]).toMatchObject({
      sid: 'S',
      effect: 'Allow',
      actions: { negated: false },
      resources: { negated: false },
      conditions: [],
    });
  });

  it('accepts 2008-10-17 and a missing Version for resource and trust policies', () => {
    expect(
      parsePolicy(
        doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }], '2008-10-17'),
        'resource',
      ).version,
    ).toBe('2008-10-17');
    expect(parsePolicy(JSON.stringify({ Statement: [trustOk] }), 'trust').version).toBe('2008-10-17');
  });

  it('normalises principals of every type', () => {
    const p = parsePolicy(
      v12({
        Effect: 'Allow',
        Principal: {
          AWS: ['123456789012', 'arn:aws:iam::123456789012:role/R', '*'],
          Service: 'cloudtrail.amazonaws.com',
          Federated: 'cognito-identity.amazonaws.com',
        },
        Action: 'sts:AssumeRole',
      }),
      'trust',
    );
    expect(p.statements[0]!.principal).toEqual({
      negated: false,
      any: true,
      aws: ['123456789012', 'arn:aws:iam::123456789012:role/R'],
      service: ['cloudtrail.amazonaws.com'],
      federated: ['cognito-identity.amazonaws.com'],
      canonicalUser: [],
    });
  });

  it('stringifies numeric and boolean condition values and lowercases keys', () => {
    const p = parsePolicy(
      v12({ ...ok, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } }),
      'identity',
    );
    expect(p.statements[0]!.conditions.map((c) => [c.base, c.key, c.values])).toEqual([
      ['NumericLessThan', 'aws:multifactorauthage', ['3600']],
      ['Bool', 'aws:securetransport', ['true']],
    ]);
  });

  it('accepts qualifiers and IfExists on every operator family', () => {
    const ops = [
      'ForAnyValue:StringLike',
      'ForAllValues:StringEqualsIgnoreCase',
      'ArnNotLikeIfExists',
      'NumericGreaterThanEqualsIfExists',
      'DateNotEquals',
      'BinaryEquals',
      'NotIpAddressIfExists',
      'Null',
    ];
    const Condition = Object.fromEntries(ops.map((op) => [op, { 'aws:k': op === 'DateNotEquals' ? '2026-01-01' : 'true' }]));
    expect(parsePolicy(v12({ ...ok, Condition }), 'identity').statements[0]!.conditions).toHaveLength(ops.length);
  });

  it('accepts sts wildcards in trust policies', () => {
    expect(() => parsePolicy(v12({ ...trustOk, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:*'] }), 'trust')).not.toThrow();
  });
});

describe('parsePolicy: size limits', () => {
  const big = v12({ ...ok, Action: Array.from({ length: 400 }, (_, i) => `cloudhsm:Action${i}`) });

  it('rejects a managed policy above 6144 non-whitespace characters with LimitExceeded', () => {
    expect(() => parsePolicy(big, 'identity', { sizeLimit: sizeLimit('managed') })).toThrow('Cannot exceed quota for PolicySize: 6144');
    try {
      parsePolicy(big, 'identity', { sizeLimit: sizeLimit('managed') });
    } catch (e) {
      expect((e as PolicyValidationError).code).toBe('LimitExceeded');
    }
  });

  it('names the entity for inline policies', () => {
    expect(() => parsePolicy(big, 'identity', { sizeLimit: sizeLimit('userInline', 'alice') })).toThrow(
      'Maximum policy size of 2048 bytes exceeded for user alice',
    );
    expect(() => parsePolicy(big, 'trust', { sizeLimit: sizeLimit('trust') })).toThrow('Cannot exceed quota for ACLSizePerRole: 2048');
  });

  it('does not count white space', () => {
    const spaced = JSON.stringify(JSON.parse(big), null, 40);
    expect(spaced.length).toBeGreaterThan(10240);
    expect(() => parsePolicy(spaced, 'identity', { sizeLimit: sizeLimit('roleInline', 'r') })).not.toThrow();
  });
});
