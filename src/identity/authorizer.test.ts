import { describe, expect, it } from 'vitest';
import { signRequest } from '../auth/test-support/signer.js';
import { verifySigV4 } from '../auth/verify.js';
import type { ServiceDefinition } from '../services/service.js';
import { ACCOUNT, errorOf, identityFixture } from './test-fixtures.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowDescribe = doc({ Effect: 'Allow', Action: 'cloudhsm:Describe*', Resource: '*' });

/** A stand-in service whose operations just answer, so only authorization is under test. */
const fakeService = (id: ServiceDefinition['id'], prefix: string): ServiceDefinition => ({
  id,
  protocol: 'json',
  eventSource: `${prefix}.amazonaws.com`,
  actionPrefix: prefix,
  model: {} as ServiceDefinition['model'],
  operations: new Proxy({}, { get: () => () => ({ ok: true }) }),
});

async function withUser() {
  const f = identityFixture();
  await f.iam('CreateUser', { UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] });
  const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
  const hsm = (protocol: 'json' | 'query' | 'rest-xml' | 'ec2' = 'json') => f.invokeAs(fakeService('cloudhsmv2', 'cloudhsm'), protocol);
  const alice = await f.principalOf(key.AccessKeyId);
  return { ...f, key, alice: () => alice, hsm };
}

describe('PolicyAuthorizer', () => {
  it('denies by default with the protocol-specific AccessDenied error', async () => {
    const f = await withUser();
    const json = await errorOf(async () => f.hsm('json')('CreateCluster', {}, f.alice()));
    expect(json).toMatchObject({ code: 'AccessDeniedException', status: 400 });
    expect(json.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: cloudhsm:CreateCluster because no identity-based policy allows the cloudhsm:CreateCluster action`,
    );
    expect(await errorOf(async () => f.hsm('query')('CreateCluster', {}, f.alice()))).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(await errorOf(async () => f.hsm('rest-xml')('CreateCluster', {}, f.alice()))).toMatchObject({
      code: 'AccessDenied',
      message: 'Access Denied',
    });
    expect(await errorOf(async () => f.hsm('ec2')('CreateCluster', {}, f.alice()))).toMatchObject({
      code: 'UnauthorizedOperation',
      status: 403,
    });
    expect(await f.hsm()('CreateCluster', {}, f.root)).toEqual({ ok: true });
  });

  it('applies user, group and managed policies, and sees changes on the next request', async () => {
    const f = await withUser();
    await f.iam('AttachUserPolicy', { UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudHSMReadOnlyAccess' });
    expect(await f.hsm()('DescribeClusters', {}, f.alice())).toEqual({ ok: true });
    expect((await errorOf(async () => f.hsm()('CreateCluster', {}, f.alice()))).code).toBe('AccessDeniedException');
    await f.iam('CreateGroup', { GroupName: 'admins' });
    await f.iam('PutGroupPolicy', {
      GroupName: 'admins',
      PolicyName: 'all',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'cloudhsm:*', Resource: '*' }),
    });
    await f.iam('AddUserToGroup', { GroupName: 'admins', UserName: 'alice' });
    expect(await f.hsm()('CreateCluster', {}, f.alice())).toEqual({ ok: true });
    await f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'no',
      PolicyDocument: doc({ Effect: 'Deny', Action: 'cloudhsm:CreateCluster', Resource: '*' }),
    });
    expect((await errorOf(async () => f.hsm()('CreateCluster', {}, f.alice()))).message).toMatch(
      /with an explicit deny in an identity-based policy$/,
    );
  });

  it('evaluates request conditions: source IP, principal tags and policy variables', async () => {
    const f = await withUser();
    const policy = doc(
      { Effect: 'Allow', Action: 'cloudhsm:DescribeClusters', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
      {
        Effect: 'Allow',
        Action: 'cloudhsm:DescribeBackups',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
      },
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' },
    );
    await f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'c', PolicyDocument: policy });
    expect(await f.hsm()('DescribeClusters', {}, f.alice())).toEqual({ ok: true });
    expect((await errorOf(async () => f.hsm()('DescribeBackups', {}, f.alice()))).code).toBe('AccessDeniedException');
    expect((await f.iam('GetUser', {}, f.alice())).User.UserName).toBe('alice');
    await f.iam('CreateUser', { UserName: 'bob' });
    expect((await errorOf(async () => f.iam('GetUser', { UserName: 'bob' }, f.alice()))).message).toContain(
      `on resource: arn:aws:iam::${ACCOUNT}:user/bob`,
    );
  });

  it('intersects a role session with its session policies', async () => {
    const f = await withUser();
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' });
    await f.iam('CreateRole', { RoleName: 'admin', AssumeRolePolicyDocument: trust });
    await f.iam('PutRolePolicy', {
      RoleName: 'admin',
      PolicyName: 'all',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'cloudhsm:*', Resource: '*' }),
    });
    await f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'assume',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
    });
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/admin`;
    const full = (await f.sts('AssumeRole', { RoleArn: roleArn, RoleSessionName: 'full' }, f.alice())).Credentials;
    const narrow = (await f.sts('AssumeRole', { RoleArn: roleArn, RoleSessionName: 'narrow', Policy: allowDescribe }, f.alice()))
      .Credentials;
    expect(await f.hsm()('CreateCluster', {}, await f.principalOf(full.AccessKeyId))).toEqual({ ok: true });
    expect(await f.hsm()('DescribeClusters', {}, await f.principalOf(narrow.AccessKeyId))).toEqual({ ok: true });
    const denied = await errorOf(async () => f.hsm()('CreateCluster', {}, await f.principalOf(narrow.AccessKeyId)));
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/admin/narrow is not authorized to perform: cloudhsm:CreateCluster because no session policy allows the cloudhsm:CreateCluster action`,
    );
  });
});

describe('credentials through SigV4', () => {
  const sign = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, date: Date) =>
    signRequest(
      { body: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { service: 'sts', date, credentials: creds },
    );

  it('accepts a session until it expires, then answers ExpiredToken (fake clock)', async () => {
    const f = await withUser();
    await f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'a',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
    });
    await f.iam('CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }),
    });
    const c = (
      await f.sts('AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/r`, RoleSessionName: 's', DurationSeconds: 900 }, f.alice())
    ).Credentials;
    const creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    const before = new Date('2026-03-01T12:14:00Z');
    const ok = await verifySigV4(await sign(creds, before), {
      now: before,
      credentials: f.keys,
      protocol: 'query',
      maxSkewMs: 300_000,
    });
    expect(ok.accessKey.principal.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/r/s`);
    const after = new Date('2026-03-01T12:15:01Z');
    const late = await sign(creds, after);
    expect(
      (await errorOf(async () => verifySigV4(late, { now: after, credentials: f.keys, protocol: 'query', maxSkewMs: 300_000 }))).code,
    ).toBe('ExpiredToken');
    const wrongToken = await sign({ ...creds, sessionToken: 'IQoJb3JpZ2luX2VjXXXX' }, before);
    expect(
      (await errorOf(async () => verifySigV4(wrongToken, { now: before, credentials: f.keys, protocol: 'query', maxSkewMs: 300_000 })))
        .code,
    ).toBe('InvalidClientTokenId');
  });

  it('rejects a deactivated key on the very next request', async () => {
    const f = await withUser();
    const now = new Date('2026-03-01T12:00:00Z');
    const creds = { accessKeyId: f.key.AccessKeyId, secretAccessKey: f.key.SecretAccessKey };
    const opts = { now, credentials: f.keys, protocol: 'query' as const, maxSkewMs: 300_000 };
    expect((await verifySigV4(await sign(creds, now), opts)).accessKey.principal.userName).toBe('alice');
    await f.iam('UpdateAccessKey', { UserName: 'alice', AccessKeyId: f.key.AccessKeyId, Status: 'Inactive' });
    const again = await sign(creds, now);
    expect((await errorOf(async () => verifySigV4(again, opts))).code).toBe('InvalidClientTokenId');
  });
});
