import { describe, expect, it } from 'vitest';
import { evaluate, evaluateResourcePolicyForService } from './evaluate.js';
import { ACCT, OTHER, alice, allow, bob, deny, idp, opsSession, resp, root, trustp } from './test-fixtures.js';
import type { ContextValue, Decision, Policy, PolicySource, RequestPrincipal } from './types.js';

interface Row {
  name: string;
  identity?: Policy[];
  resource?: Policy;
  session?: Policy[];
  boundary?: Policy;
  principal?: RequestPrincipal;
  action?: string;
  arn?: string;
  context?: Record<string, ContextValue>;
  resourceAccountId?: string;
  expected: Decision['reason'];
  deniedBy?: PolicySource;
  sid?: string;
}

const CLUSTER = `arn:aws:cloudhsm:us-east-1:${ACCT}:cluster/cluster-abc123`;
const OTHER_CLUSTER = `arn:aws:cloudhsm:us-east-1:${OTHER}:cluster/cluster-zzz999`;
const BACKUP = `arn:aws:cloudhsm:us-east-1:${ACCT}:backup/backup-abc`;
const BUCKET = 'arn:aws:s3:::trail-bucket';
const OBJECT = 'arn:aws:s3:::trail-bucket/AWSLogs/123456789012/CloudTrail/x.json.gz';
const ROLE = `arn:aws:iam::${ACCT}:role/Deployer`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/Auditor`;

const hsmAll = idp(allow('cloudhsm:*'));

const basics: Row[] = [
  { name: 'no policies: implicit deny', identity: [], action: 'cloudhsm:DescribeClusters', expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'exact action allow', identity: [idp(allow('cloudhsm:DescribeClusters'))], action: 'cloudhsm:DescribeClusters', expected: 'allow' },
  { name: 'other action not allowed', identity: [idp(allow('cloudhsm:DescribeClusters'))], action: 'cloudhsm:DescribeBackups', expected: 'implicitDeny' },
  { name: 'service wildcard', identity: [hsmAll], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'global wildcard action', identity: [idp(allow('*'))], action: 'cloudtrail:LookupEvents', expected: 'allow' },
  { name: 'prefix wildcard Describe*', identity: [idp(allow('cloudhsm:Describe*'))], action: 'cloudhsm:DescribeBackups', expected: 'allow' },
  { name: 'prefix wildcard does not cross services', identity: [idp(allow('cloudhsm:Describe*'))], action: 'cloudtrail:DescribeTrails', expected: 'implicitDeny' },
  { name: 'action case-insensitive (policy lower)', identity: [idp(allow('cloudhsm:createhsm'))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'action case-insensitive (service upper)', identity: [idp(allow('CLOUDHSM:CreateHsm'))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'action case-insensitive (request lower)', identity: [idp(allow('cloudhsm:CreateHsm'))], action: 'CloudHSM:createhsm', expected: 'allow' },
  { name: '? wildcard in action matches one char', identity: [idp(allow('cloudhsm:?escribeClusters'))], action: 'cloudhsm:DescribeClusters', expected: 'allow' },
  { name: '? wildcard does not match zero chars', identity: [idp(allow('cloudhsm:D?escribeClusters'))], action: 'cloudhsm:DescribeClusters', expected: 'implicitDeny' },
  { name: 'middle wildcard in action', identity: [idp(allow('cloudhsm:*Backup*'))], action: 'cloudhsm:RestoreBackup', expected: 'allow' },
  { name: 'middle wildcard in action, no match', identity: [idp(allow('cloudhsm:*Backup'))], action: 'cloudhsm:DescribeBackups', expected: 'implicitDeny' },
  { name: 'action list, second matches', identity: [idp(allow(['cloudtrail:GetTrail', 'cloudhsm:TagResource']))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'allow in second policy', identity: [idp(allow('s3:GetObject')), hsmAll], action: 'cloudhsm:DeleteHsm', expected: 'allow' },
  { name: 'explicit deny beats allow', identity: [hsmAll, idp(deny('cloudhsm:DeleteCluster'))], action: 'cloudhsm:DeleteCluster', expected: 'explicitDeny', deniedBy: 'identity' },
  { name: 'deny in same policy beats allow', identity: [idp(allow('*'), deny('cloudhsm:Delete*'))], action: 'cloudhsm:DeleteBackup', expected: 'explicitDeny' },
  { name: 'deny of other action does not apply', identity: [idp(allow('*'), deny('cloudhsm:Delete*'))], action: 'cloudhsm:CreateBackup', expected: 'allow' },
  { name: 'deny reports sid', identity: [idp(allow('*'), deny('cloudhsm:Delete*', '*', { Sid: 'NoDeletes' }))], action: 'cloudhsm:DeleteHsm', expected: 'explicitDeny', sid: 'NoDeletes' },
  { name: 'allow reports sid', identity: [idp({ Sid: 'Hsm', ...allow('cloudhsm:*') })], action: 'cloudhsm:DeleteHsm', expected: 'allow', sid: 'Hsm' },
];

const notActions: Row[] = [
  { name: 'Allow NotAction grants everything else', identity: [idp({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], action: 'cloudhsm:CreateCluster', expected: 'allow' },
  { name: 'Allow NotAction excludes listed', identity: [idp({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], action: 'iam:CreateUser', expected: 'implicitDeny' },
  { name: 'Deny NotAction denies everything else', identity: [idp(allow('*'), { Effect: 'Deny', NotAction: ['cloudhsm:Describe*', 'sts:*'], Resource: '*' })], action: 'cloudhsm:CreateHsm', expected: 'explicitDeny' },
  { name: 'Deny NotAction spares listed', identity: [idp(allow('*'), { Effect: 'Deny', NotAction: ['cloudhsm:Describe*', 'sts:*'], Resource: '*' })], action: 'cloudhsm:DescribeClusters', expected: 'allow' },
  { name: 'Deny NotAction spares listed (case-insensitive)', identity: [idp(allow('*'), { Effect: 'Deny', NotAction: 'STS:GetCallerIdentity', Resource: '*' })], action: 'sts:getcalleridentity', expected: 'allow' },
  { name: 'NotAction with wildcard list', identity: [idp({ Effect: 'Allow', NotAction: ['cloudhsm:Delete*', 'cloudhsm:Restore*'], Resource: '*' })], action: 'cloudhsm:RestoreBackup', expected: 'implicitDeny' },
];

const resources: Row[] = [
  { name: 'exact resource ARN', identity: [idp(allow('cloudhsm:*', CLUSTER))], arn: CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'resource ARN mismatch', identity: [idp(allow('cloudhsm:*', CLUSTER))], arn: CLUSTER.replace('abc123', 'abc124'), action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny' },
  { name: 'wildcards in region and id', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:*:${ACCT}:cluster/cluster-*`))], arn: CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'wildcard id does not match backup', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:*:${ACCT}:cluster/cluster-*`))], arn: BACKUP, action: 'cloudhsm:DeleteBackup', expected: 'implicitDeny' },
  { name: 'wildcard region, other account', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:*:${ACCT}:cluster/*`))], arn: OTHER_CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny' },
  { name: 'resource is case-sensitive', identity: [idp(allow('cloudhsm:*', CLUSTER.replace('cluster-abc123', 'cluster-ABC123')))], arn: CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny' },
  { name: '* spans colons', identity: [idp(allow('cloudhsm:*', 'arn:aws:cloudhsm:*'))], arn: CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: '* spans slashes', identity: [idp(allow('s3:GetObject', 'arn:aws:s3:::trail-bucket/*'))], arn: OBJECT, action: 's3:GetObject', expected: 'allow' },
  { name: 'bucket ARN does not match object ARN', identity: [idp(allow('s3:GetObject', BUCKET))], arn: OBJECT, action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '? in resource matches one char', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:us-east-?:${ACCT}:cluster/*`))], arn: CLUSTER, action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: '? in resource needs exactly one char', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:us-east-??:${ACCT}:cluster/*`))], arn: CLUSTER, action: 'cloudhsm:TagResource', expected: 'implicitDeny' },
  { name: 'Resource * matches resource-less action', identity: [idp(allow('cloudhsm:DescribeClusters'))], arn: '*', action: 'cloudhsm:DescribeClusters', expected: 'allow' },
  { name: 'ARN pattern does not match resource-less action', identity: [idp(allow('cloudhsm:DescribeClusters', `arn:aws:cloudhsm:*:${ACCT}:cluster/*`))], arn: '*', action: 'cloudhsm:DescribeClusters', expected: 'implicitDeny' },
  { name: 'Allow NotResource matches others', identity: [idp({ Effect: 'Allow', Action: 'cloudhsm:*', NotResource: BACKUP })], arn: CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'Allow NotResource excludes listed', identity: [idp({ Effect: 'Allow', Action: 'cloudhsm:*', NotResource: BACKUP })], arn: BACKUP, action: 'cloudhsm:DeleteBackup', expected: 'implicitDeny' },
  { name: 'Deny NotResource protects others', identity: [idp(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::trail-bucket', 'arn:aws:s3:::trail-bucket/*'] })], arn: 'arn:aws:s3:::elsewhere/x', action: 's3:GetObject', expected: 'explicitDeny' },
  { name: 'Deny NotResource spares listed', identity: [idp(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::trail-bucket', 'arn:aws:s3:::trail-bucket/*'] })], arn: OBJECT, action: 's3:GetObject', expected: 'allow' },
  { name: 'resource list, one matches', identity: [idp(allow('s3:*', [BUCKET, `${BUCKET}/*`]))], arn: OBJECT, action: 's3:PutObject', expected: 'allow' },
];

const variables: Row[] = [
  { name: '${aws:username} in resource', identity: [idp(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*'))], arn: 'arn:aws:s3:::home/alice/notes.txt', action: 's3:GetObject', expected: 'allow' },
  { name: '${aws:username} other user folder', identity: [idp(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*'))], arn: 'arn:aws:s3:::home/bob/notes.txt', action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '${aws:username} unresolvable for role session', principal: opsSession, identity: [idp(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*'))], arn: 'arn:aws:s3:::home//x', action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '${aws:username} with default for role session', principal: opsSession, identity: [idp(allow('s3:*', "arn:aws:s3:::home/${aws:username, 'shared'}/*"))], arn: 'arn:aws:s3:::home/shared/x', action: 's3:GetObject', expected: 'allow' },
  { name: 'default not used when variable resolves', identity: [idp(allow('s3:*', "arn:aws:s3:::home/${aws:username, 'shared'}/*"))], arn: 'arn:aws:s3:::home/shared/x', action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '${aws:userid} in resource', identity: [idp(allow('s3:*', 'arn:aws:s3:::ids/${aws:userid}'))], arn: 'arn:aws:s3:::ids/AIDAALICEEXAMPLE00001', action: 's3:GetObject', expected: 'allow' },
  { name: '${aws:PrincipalTag/team} in resource', identity: [idp(allow('cloudhsm:*', `arn:aws:cloudhsm:*:${ACCT}:cluster/\${aws:PrincipalTag/team}-*`))], arn: `arn:aws:cloudhsm:us-east-1:${ACCT}:cluster/hsm-1`, action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'variable names are case-insensitive', identity: [idp(allow('s3:*', 'arn:aws:s3:::home/${AWS:UserName}/*'))], arn: 'arn:aws:s3:::home/alice/x', action: 's3:GetObject', expected: 'allow' },
  { name: 'context key as variable', context: { 's3:prefix': 'reports' }, identity: [idp(allow('s3:*', 'arn:aws:s3:::b/${s3:prefix}/*'))], arn: 'arn:aws:s3:::b/reports/q1', action: 's3:GetObject', expected: 'allow' },
  { name: 'variable value is literal, not a wildcard', principal: { ...alice, username: 'a*' }, identity: [idp(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/x'))], arn: 'arn:aws:s3:::home/abc/x', action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '${*} escape is a literal star', identity: [idp(allow('s3:*', 'arn:aws:s3:::b/${*}'))], arn: 'arn:aws:s3:::b/*', action: 's3:GetObject', expected: 'allow' },
  { name: '${*} escape does not act as wildcard', identity: [idp(allow('s3:*', 'arn:aws:s3:::b/${*}'))], arn: 'arn:aws:s3:::b/anything', action: 's3:GetObject', expected: 'implicitDeny' },
  { name: '${?} and ${$} escapes', identity: [idp(allow('s3:*', 'arn:aws:s3:::b/${?}${$}'))], arn: 'arn:aws:s3:::b/?$', action: 's3:GetObject', expected: 'allow' },
  { name: '2008-10-17 resource policy: variables are literal', principal: alice, resource: (() => {
      const p = resp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}' });
      return { ...p, version: '2008-10-17' as const };
    })(), identity: [], arn: 'arn:aws:s3:::home/alice', action: 's3:GetObject', expected: 'allow' },
];

const conditions: Row[] = [
  { name: 'SourceIp in range', context: { 'aws:SourceIp': '203.0.113.7' }, identity: [idp(allow('cloudhsm:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'SourceIp out of range', context: { 'aws:SourceIp': '198.51.100.7' }, identity: [idp(allow('cloudhsm:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))], action: 'cloudhsm:CreateHsm', expected: 'implicitDeny' },
  { name: 'deny outside corporate IPv6 range', context: { 'aws:SourceIp': '2001:db9::1' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': ['2001:db8::/32', '203.0.113.0/24'] } } }))], action: 'cloudhsm:CreateHsm', expected: 'explicitDeny' },
  { name: 'inside IPv6 range not denied', context: { 'aws:SourceIp': '2001:db8:1::5' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': ['2001:db8::/32', '203.0.113.0/24'] } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'condition key names are case-insensitive', context: { 'AWS:SOURCEIP': '203.0.113.7' }, identity: [idp(allow('*', '*', { Condition: { IpAddress: { 'aws:sourceip': '203.0.113.7' } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'SecureTransport false denied', context: { 'aws:SecureTransport': 'false' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], action: 's3:GetObject', expected: 'explicitDeny' },
  { name: 'SecureTransport true allowed', context: { 'aws:SecureTransport': 'true' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': false } } }))], action: 's3:GetObject', expected: 'allow' },
  { name: 'Bool with missing key does not deny', identity: [idp(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], action: 's3:GetObject', expected: 'allow' },
  { name: 'MFA required, key missing', identity: [idp(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))], action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny' },
  { name: 'MFA BoolIfExists, key missing', identity: [idp(deny('*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }), allow('*'))], action: 'cloudhsm:DeleteCluster', expected: 'explicitDeny' },
  { name: 'MFA BoolIfExists, key true', context: { 'aws:MultiFactorAuthPresent': 'true' }, identity: [idp(deny('*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }), allow('*'))], action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'time window: inside', context: { 'aws:CurrentTime': '2026-06-15T12:00:00Z' }, identity: [idp(allow('*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } } }))], action: 'cloudtrail:LookupEvents', expected: 'allow' },
  { name: 'time window: after (AND of operators)', context: { 'aws:CurrentTime': '2027-01-02T00:00:00Z' }, identity: [idp(allow('*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } } }))], action: 'cloudtrail:LookupEvents', expected: 'implicitDeny' },
  { name: 'epoch seconds in policy vs ISO in request', context: { 'aws:CurrentTime': '2026-01-01T00:00:01Z' }, identity: [idp(allow('*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '1767225600' } } }))], action: 'cloudtrail:LookupEvents', expected: 'allow' },
  { name: 'StringEquals on PrincipalTag (derived key)', identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'hsm' } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'tag keys are case-insensitive', identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/costcenter': '42' } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'StringEquals with variable value', context: { 'aws:ResourceTag/owner': 'alice' }, identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }))], action: 'cloudhsm:DeleteHsm', expected: 'allow' },
  { name: 'StringEquals variable mismatch', context: { 'aws:ResourceTag/owner': 'bob' }, identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }))], action: 'cloudhsm:DeleteHsm', expected: 'implicitDeny' },
  { name: 'StringLike on s3:prefix', context: { 's3:prefix': 'home/alice/docs' }, identity: [idp(allow('s3:ListBucket', BUCKET, { Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'public/*'] } } }))], arn: BUCKET, action: 's3:ListBucket', expected: 'allow' },
  { name: 'StringLike on s3:prefix, other home', context: { 's3:prefix': 'home/bob/docs' }, identity: [idp(allow('s3:ListBucket', BUCKET, { Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'public/*'] } } }))], arn: BUCKET, action: 's3:ListBucket', expected: 'implicitDeny' },
  { name: 'PrincipalArn ArnLike for role session uses role ARN', principal: opsSession, identity: [idp(allow('*', '*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/ops/*` } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'PrincipalType condition', principal: opsSession, identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } }))], action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'RequestedRegion StringNotEquals deny', context: { 'aws:RequestedRegion': 'eu-west-1' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } } }))], action: 'cloudhsm:CreateCluster', expected: 'explicitDeny' },
  { name: 'RequestedRegion allowed region', context: { 'aws:RequestedRegion': 'us-west-2' }, identity: [idp(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } } }))], action: 'cloudhsm:CreateCluster', expected: 'allow' },
  { name: 'negated operator, key missing: deny applies', identity: [idp(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))], action: 'cloudhsm:CreateCluster', expected: 'explicitDeny' },
  { name: 'negated IfExists, key missing: deny applies', identity: [idp(allow('*'), deny('*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': 'us-east-1' } } }))], action: 'cloudhsm:CreateCluster', expected: 'explicitDeny' },
  { name: 'positive operator, key missing: allow fails', identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestTag/env': 'dev' } } }))], action: 'cloudhsm:CreateCluster', expected: 'implicitDeny' },
  { name: 'IfExists, key missing: allow holds', identity: [idp(allow('*', '*', { Condition: { StringEqualsIfExists: { 'aws:RequestTag/env': 'dev' } } }))], action: 'cloudhsm:CreateCluster', expected: 'allow' },
  { name: 'IfExists, key present and wrong', context: { 'aws:RequestTag/env': 'prod' }, identity: [idp(allow('*', '*', { Condition: { StringEqualsIfExists: { 'aws:RequestTag/env': 'dev' } } }))], action: 'cloudhsm:CreateCluster', expected: 'implicitDeny' },
  { name: 'ForAllValues TagKeys subset', context: { 'aws:TagKeys': ['env', 'owner'] }, identity: [idp(allow('cloudhsm:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'owner', 'team'] } } }))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'ForAllValues TagKeys not subset', context: { 'aws:TagKeys': ['env', 'secret'] }, identity: [idp(allow('cloudhsm:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'owner'] } } }))], action: 'cloudhsm:TagResource', expected: 'implicitDeny' },
  { name: 'ForAllValues missing key is true', identity: [idp(allow('cloudhsm:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } } }))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'ForAllValues empty set is true', context: { 'aws:TagKeys': [] }, identity: [idp(allow('cloudhsm:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } } }))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'ForAnyValue one matches', context: { 'aws:TagKeys': ['x', 'env'] }, identity: [idp(allow('*'), deny('cloudhsm:TagResource', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } } }))], action: 'cloudhsm:TagResource', expected: 'explicitDeny' },
  { name: 'ForAnyValue missing key is false', identity: [idp(allow('*'), deny('cloudhsm:TagResource', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } } }))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'ForAnyValue empty set is false', context: { 'aws:TagKeys': [] }, identity: [idp(allow('*'), deny('cloudhsm:TagResource', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } } }))], action: 'cloudhsm:TagResource', expected: 'allow' },
  { name: 'Null true: deny untagged create', identity: [idp(allow('*'), deny('cloudhsm:CreateCluster', '*', { Condition: { Null: { 'aws:RequestTag/env': 'true' } } }))], action: 'cloudhsm:CreateCluster', expected: 'explicitDeny' },
  { name: 'Null true: tagged create passes', context: { 'aws:RequestTag/env': 'dev' }, identity: [idp(allow('*'), deny('cloudhsm:CreateCluster', '*', { Condition: { Null: { 'aws:RequestTag/env': 'true' } } }))], action: 'cloudhsm:CreateCluster', expected: 'allow' },
  { name: 'Null false requires presence', context: { 'aws:RequestTag/env': 'dev' }, identity: [idp(allow('*', '*', { Condition: { Null: { 'aws:RequestTag/env': 'false' } } }))], action: 'cloudhsm:CreateCluster', expected: 'allow' },
  { name: 'two keys under one operator are ANDed', context: { 'aws:RequestTag/env': 'dev', 'aws:RequestTag/team': 'x' }, identity: [idp(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestTag/env': 'dev', 'aws:RequestTag/team': 'hsm' } } }))], action: 'cloudhsm:CreateCluster', expected: 'implicitDeny' },
  { name: 'NumericLessThan MFA age', context: { 'aws:MultiFactorAuthAge': '1800' }, identity: [idp(allow('*', '*', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } }))], action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'NumericLessThan MFA age too old', context: { 'aws:MultiFactorAuthAge': '7200' }, identity: [idp(allow('*', '*', { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }))], action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny' },
];

const sessions: Row[] = [
  { name: 'session policy restricts role', principal: opsSession, identity: [idp(allow('*'))], session: [idp(allow('cloudhsm:Describe*'))], action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny', deniedBy: 'session' },
  { name: 'session policy allows intersected action', principal: opsSession, identity: [idp(allow('*'))], session: [idp(allow('cloudhsm:Describe*'))], action: 'cloudhsm:DescribeClusters', expected: 'allow' },
  { name: 'session policy cannot add permissions', principal: opsSession, identity: [idp(allow('cloudhsm:Describe*'))], session: [idp(allow('*'))], action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'any of several session policies may allow', principal: opsSession, identity: [idp(allow('*'))], session: [idp(allow('s3:*')), idp(allow('cloudhsm:*'))], action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'explicit deny in session policy', principal: opsSession, identity: [idp(allow('*'))], session: [idp(allow('*'), deny('cloudhsm:Delete*'))], action: 'cloudhsm:DeleteHsm', expected: 'explicitDeny', deniedBy: 'session' },
  { name: 'empty session policy list = no restriction', principal: opsSession, identity: [idp(allow('*'))], session: [], action: 'cloudhsm:DeleteHsm', expected: 'allow' },
  { name: 'resource policy naming session ARN bypasses session policy', principal: opsSession, identity: [], session: [idp(allow('s3:ListBucket'))], resource: resp({ Effect: 'Allow', Principal: { AWS: opsSession.arn }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }), arn: OBJECT, action: 's3:GetObject', expected: 'allow' },
  { name: 'resource policy naming role ARN is limited by session policy', principal: opsSession, identity: [], session: [idp(allow('s3:ListBucket'))], resource: resp({ Effect: 'Allow', Principal: { AWS: opsSession.roleArn }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }), arn: OBJECT, action: 's3:GetObject', expected: 'implicitDeny', deniedBy: 'session' },
  { name: 'resource policy naming role ARN stands in for identity', principal: opsSession, identity: [], resource: resp({ Effect: 'Allow', Principal: { AWS: opsSession.roleArn }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }), arn: OBJECT, action: 's3:GetObject', expected: 'allow' },
];

const boundaries: Row[] = [
  { name: 'boundary limits identity allow', identity: [idp(allow('*'))], boundary: idp(allow('cloudhsm:Describe*')), action: 'cloudhsm:CreateHsm', expected: 'implicitDeny', deniedBy: 'boundary' },
  { name: 'boundary and identity both allow', identity: [idp(allow('*'))], boundary: idp(allow('cloudhsm:*')), action: 'cloudhsm:CreateHsm', expected: 'allow' },
  { name: 'boundary alone grants nothing', identity: [], boundary: idp(allow('*')), action: 'cloudhsm:CreateHsm', expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'explicit deny in boundary', identity: [idp(allow('*'))], boundary: idp(allow('*'), deny('iam:*')), action: 'iam:CreateUser', expected: 'explicitDeny', deniedBy: 'boundary' },
  { name: 'resource policy naming user ARN is not limited by boundary', identity: [], boundary: idp(allow('cloudhsm:*')), resource: resp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 's3:GetObject', Resource: `${BUCKET}/*` }), arn: OBJECT, action: 's3:GetObject', expected: 'allow' },
];

const s3Policy = (principal: unknown, extra: Record<string, unknown> = {}): Policy =>
  resp({ Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/*`, ...extra });

const resourcePolicies: Row[] = [
  { name: 'same account: resource policy naming user allows without identity', resource: s3Policy({ AWS: alice.arn }), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow', sid: 'Grant' },
  { name: 'same account: Principal * allows', resource: s3Policy('*'), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'same account: {"AWS":"*"} allows', resource: s3Policy({ AWS: '*' }), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'same account: account principal delegates to identity (none)', resource: s3Policy({ AWS: `arn:aws:iam::${ACCT}:root` }), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'same account: account id principal + identity allow', resource: s3Policy({ AWS: ACCT }), identity: [idp(allow('s3:GetObject'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'same account: identity allow alone suffices', resource: s3Policy({ AWS: bob.arn }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'same account: policy naming someone else grants nothing', resource: s3Policy({ AWS: `arn:aws:iam::${ACCT}:user/carol` }), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'implicitDeny' },
  { name: 'resource deny beats identity allow', resource: resp({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${BUCKET}/*` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:DeleteObject', resourceAccountId: ACCT, expected: 'explicitDeny', deniedBy: 'resource' },
  { name: 'resource deny naming the account applies to its users', resource: resp({ Effect: 'Deny', Principal: { AWS: ACCT }, Action: 's3:*', Resource: `${BUCKET}/*` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'explicitDeny' },
  { name: 'resource deny naming another principal does not apply', resource: resp({ Effect: 'Deny', Principal: { AWS: bob.arn }, Action: 's3:*', Resource: `${BUCKET}/*` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'resource deny with NotPrincipal excludes listed user', resource: resp({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn] }, Action: 's3:*', Resource: `${BUCKET}/*` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'resource deny with NotPrincipal hits others', principal: opsSession, resource: resp({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn] }, Action: 's3:*', Resource: `${BUCKET}/*` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'explicitDeny' },
  { name: 'deny without SecureTransport in bucket policy', context: { 'aws:SecureTransport': 'false' }, resource: resp({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'explicitDeny' },
  { name: 'cross account: both allow', principal: bob, resource: s3Policy({ AWS: bob.arn }), identity: [idp(allow('s3:GetObject'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'cross account: resource only', principal: bob, resource: s3Policy({ AWS: bob.arn }), identity: [], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'cross account: identity only', principal: bob, resource: s3Policy({ AWS: alice.arn }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'implicitDeny', deniedBy: 'resource' },
  { name: 'cross account: no resource policy', principal: bob, identity: [idp(allow('cloudhsm:*'))], arn: CLUSTER, action: 'cloudhsm:DescribeBackups', expected: 'implicitDeny', deniedBy: 'resource' },
  { name: 'cross account: account root principal + identity', principal: bob, resource: s3Policy({ AWS: `arn:aws:iam::${OTHER}:root` }), identity: [idp(allow('s3:*'))], arn: OBJECT, action: 's3:GetObject', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'cross account: shared backup via resource policy', principal: bob, resource: resp({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'cloudhsm:CopyBackupToRegion', Resource: BACKUP }), identity: [idp(allow('cloudhsm:*'))], arn: BACKUP, action: 'cloudhsm:CopyBackupToRegion', expected: 'allow' },
  { name: 'cross account: resource account from ARN', principal: alice, identity: [idp(allow('cloudhsm:*'))], arn: OTHER_CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny', deniedBy: 'resource' },
  { name: 'resource policy action mismatch', resource: s3Policy({ AWS: alice.arn }), identity: [], arn: OBJECT, action: 's3:DeleteObject', resourceAccountId: ACCT, expected: 'implicitDeny' },
  { name: 'resource policy condition on SourceAccount', context: { 'aws:SourceAccount': ACCT }, resource: s3Policy('*', { Condition: { StringEquals: { 'aws:SourceAccount': ACCT } } }), identity: [], arn: OBJECT, action: 's3:PutObject', resourceAccountId: ACCT, expected: 'allow' },
];

const rootRows: Row[] = [
  { name: 'root allowed without policies', principal: root, identity: [], action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'root ignores identity denies (none attach to root)', principal: root, identity: [idp(deny('*'))], action: 'cloudhsm:DeleteCluster', expected: 'allow' },
  { name: 'root denied by bucket policy', principal: root, resource: resp({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: BUCKET }), identity: [], arn: BUCKET, action: 's3:DeleteBucket', resourceAccountId: ACCT, expected: 'explicitDeny', deniedBy: 'resource' },
  { name: 'root allowed when bucket policy denies others only', principal: root, resource: resp({ Effect: 'Deny', Principal: { AWS: bob.arn }, Action: 's3:*', Resource: BUCKET }), identity: [], arn: BUCKET, action: 's3:DeleteBucket', resourceAccountId: ACCT, expected: 'allow' },
  { name: 'root cross-account needs resource allow', principal: root, identity: [], arn: OTHER_CLUSTER, action: 'cloudhsm:DeleteCluster', expected: 'implicitDeny', deniedBy: 'resource' },
];

const assume = { action: 'sts:AssumeRole', arn: ROLE };
const trustRows: Row[] = [
  { name: 'trust names user: allowed without identity policy', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }), identity: [], expected: 'allow' },
  { name: 'trust names account root: needs identity allow', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }), identity: [], expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'trust names account root + identity allow', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }), identity: [idp(allow('sts:AssumeRole', ROLE))], expected: 'allow' },
  { name: 'trust names plain account id + identity allow', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }), identity: [idp(allow('sts:AssumeRole', 'arn:aws:iam::*:role/Deploy*'))], expected: 'allow' },
  { name: 'identity allow without trust: denied', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }), identity: [idp(allow('sts:AssumeRole'))], expected: 'implicitDeny', deniedBy: 'trust' },
  { name: 'trust Principal *', ...assume, resource: trustp({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), identity: [], expected: 'allow' },
  { name: 'trust names role ARN for chained session', ...assume, principal: opsSession, resource: trustp({ Effect: 'Allow', Principal: { AWS: opsSession.roleArn }, Action: 'sts:AssumeRole' }), identity: [], expected: 'allow' },
  { name: 'trust ExternalId matches', ...assume, context: { 'sts:ExternalId': 'Unicorn-42' }, resource: trustp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unicorn-42' } } }), identity: [], expected: 'allow' },
  { name: 'trust ExternalId wrong', ...assume, context: { 'sts:ExternalId': 'unicorn-42' }, resource: trustp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unicorn-42' } } }), identity: [], expected: 'implicitDeny', deniedBy: 'trust' },
  { name: 'trust ExternalId missing', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unicorn-42' } } }), identity: [], expected: 'implicitDeny', deniedBy: 'trust' },
  { name: 'cross-account trust + identity allow', principal: bob, ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }), identity: [idp(allow('sts:AssumeRole', ROLE))], expected: 'allow' },
  { name: 'cross-account trust names user but no identity allow', principal: bob, ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }), identity: [], expected: 'implicitDeny', deniedBy: 'identity' },
  { name: 'cross-account identity allow, trust silent', principal: alice, action: 'sts:AssumeRole', arn: OTHER_ROLE, resource: trustp({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }), identity: [idp(allow('sts:AssumeRole'))], expected: 'implicitDeny', deniedBy: 'trust' },
  { name: 'trust explicit deny wins', ...assume, resource: trustp({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }), identity: [idp(allow('*'))], expected: 'explicitDeny', deniedBy: 'trust' },
  { name: 'trust action mismatch (TagSession only)', ...assume, resource: trustp({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:TagSession' }), identity: [], expected: 'implicitDeny', deniedBy: 'trust' },
  { name: 'trust with sts:RoleSessionName condition', ...assume, context: { 'sts:RoleSessionName': 'alice' }, resource: trustp({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:RoleSessionName': '${aws:username}' } } }), identity: [idp(allow('sts:AssumeRole'))], expected: 'allow' },
];

const tables: Array<[string, Row[]]> = [
  ['basics', basics],
  ['NotAction', notActions],
  ['resources', resources],
  ['variables', variables],
  ['conditions', conditions],
  ['session policies', sessions],
  ['permissions boundaries', boundaries],
  ['resource policies', resourcePolicies],
  ['root', rootRows],
  ['trust policies', trustRows],
];

describe.each(tables)('evaluate: %s', (_title, rows) => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const principal = row.principal ?? alice;
    const decision = evaluate({
      action: row.action ?? 'cloudhsm:DescribeClusters',
      resource: row.arn ?? '*',
      principal,
      context: row.context ?? {},
      identityPolicies: row.identity ?? [],
      ...(row.resource ? { resourcePolicy: row.resource } : {}),
      ...(row.session ? { sessionPolicies: row.session } : {}),
      ...(row.boundary ? { permissionsBoundary: row.boundary } : {}),
      ...(row.resourceAccountId ? { resourceAccountId: row.resourceAccountId } : {}),
      isRoot: principal.type === 'Root',
    });
    expect(decision.reason).toBe(row.expected);
    expect(decision.allowed).toBe(row.expected === 'allow');
    if (row.deniedBy) expect(decision.deniedBy).toBe(row.deniedBy);
    if (row.sid) expect(decision.matchedStatement?.sid).toBe(row.sid);
  });
});

describe('evaluateResourcePolicyForService', () => {
  const bucketPolicy = resp(
    { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: BUCKET },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${BUCKET}/AWSLogs/${ACCT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCT}:trail/main` } },
    },
    { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${BUCKET}/*` },
  );
  const ctx = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCT}:trail/main` };
  const rows: Array<[string, string, string, string, Record<string, string>, Decision['reason']]> = [
    ['GetBucketAcl allowed', 'cloudtrail.amazonaws.com', 's3:GetBucketAcl', BUCKET, {}, 'allow'],
    ['PutObject with conditions allowed', 'cloudtrail.amazonaws.com', 's3:PutObject', OBJECT, ctx, 'allow'],
    ['PutObject without ACL header refused', 'cloudtrail.amazonaws.com', 's3:PutObject', OBJECT, { 'aws:SourceArn': ctx['aws:SourceArn'] }, 'implicitDeny'],
    ['PutObject for another trail refused', 'cloudtrail.amazonaws.com', 's3:PutObject', OBJECT, { ...ctx, 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCT}:trail/other` }, 'implicitDeny'],
    ['PutObject outside prefix refused', 'cloudtrail.amazonaws.com', 's3:PutObject', `${BUCKET}/elsewhere/x`, ctx, 'implicitDeny'],
    ['other service refused', 'config.amazonaws.com', 's3:GetBucketAcl', BUCKET, {}, 'implicitDeny'],
    ['Principal * deny applies to services', 'cloudtrail.amazonaws.com', 's3:DeleteObject', OBJECT, {}, 'explicitDeny'],
  ];
  it.each(rows)('%s', (_name, service, action, resource, context, expected) => {
    expect(evaluateResourcePolicyForService(bucketPolicy, service, action, resource, context).reason).toBe(expected);
  });
});
