import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, ROOT_KEY, errorOf, identityFixture } from '../../identity/test-fixtures.js';

const trust = (condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

async function setup(trustPolicy = trust({ StringEquals: { 'sts:ExternalId': 'ext-1' } })) {
  const f = identityFixture();
  await f.iam('CreateUser', { UserName: 'alice' });
  const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
  const role = (
    await f.iam('CreateRole', {
      RoleName: 'ops',
      Path: '/team/',
      AssumeRolePolicyDocument: trustPolicy,
      MaxSessionDuration: 7200,
    })
  ).Role;
  return { ...f, alice: await f.principalOf(key.AccessKeyId), role };
}

describe('STS AssumeRole', () => {
  it('requires the ExternalId the trust policy asks for, with AWS message', async () => {
    const f = await setup();
    const denied = await errorOf(async () => f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's1' }, f.alice));
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(denied.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${f.role.Arn} because no role trust policy allows the sts:AssumeRole action`,
    );
    expect(
      (await errorOf(async () => f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's1', ExternalId: 'wrong' }, f.alice))).code,
    ).toBe('AccessDenied');
    const out = await f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's1', ExternalId: 'ext-1' }, f.alice);
    expect(out.AssumedRoleUser).toEqual({ AssumedRoleId: `${f.role.RoleId}:s1`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/s1` });
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials.SessionToken.length).toBeGreaterThan(400);
    expect(out.Credentials.Expiration).toEqual(new Date('2026-03-01T13:00:00Z'));
  });

  it('issues credentials that resolve to the assumed-role principal, storing only the token hash', async () => {
    const f = await setup();
    const out = await f.sts(
      'AssumeRole',
      { RoleArn: f.role.Arn, RoleSessionName: 's1', ExternalId: 'ext-1', SourceIdentity: 'alice@example.com' },
      f.alice,
    );
    const record = (await f.findAccessKey(out.Credentials.AccessKeyId))!;
    expect(record.secretAccessKey).toBe(out.Credentials.SecretAccessKey);
    expect(record.sessionTokenSha256).toBe(createHash('sha256').update(out.Credentials.SessionToken).digest('hex'));
    expect(record.principal).toMatchObject({
      type: 'AssumedRole',
      principalId: `${f.role.RoleId}:s1`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/s1`,
      sessionContext: {
        attributes: { creationDate: '2026-03-01T12:00:00Z', mfaAuthenticated: 'false' },
        sessionIssuer: { type: 'Role', principalId: f.role.RoleId, arn: f.role.Arn, accountId: ACCOUNT, userName: 'ops' },
        sourceIdentity: 'alice@example.com',
      },
    });
    const dump = JSON.stringify(f.db.prepare('SELECT * FROM iam_sessions').all());
    expect(dump).not.toContain(out.Credentials.SecretAccessKey);
    expect(dump).not.toContain(out.Credentials.SessionToken);
  });

  it('bounds DurationSeconds by the role MaxSessionDuration and by role chaining', async () => {
    const f = await setup(trust());
    expect(
      (await f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's', DurationSeconds: 7200 }, f.alice)).Credentials.Expiration,
    ).toEqual(new Date('2026-03-01T14:00:00Z'));
    expect(
      await errorOf(async () => f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's', DurationSeconds: 7201 }, f.alice)),
    ).toMatchObject({
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('carries session tags and session policies into the principal, and reports PackedPolicySize', async () => {
    const f = await setup(trust());
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudhsm:Describe*', Resource: '*' }] });
    const out = await f.sts(
      'AssumeRole',
      { RoleArn: f.role.Arn, RoleSessionName: 's', Policy: policy, Tags: [{ Key: 'project', Value: 'x' }] },
      f.alice,
    );
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const p = await f.principalOf(out.Credentials.AccessKeyId);
    expect(p.tags).toEqual({ project: 'x' });
    expect(p.sessionPolicies).toEqual([policy]);
  });

  it('refuses root, unknown roles and malformed session policies', async () => {
    const f = await setup(trust());
    expect(await errorOf(async () => f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's' }))).toMatchObject({
      code: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
    expect(
      (await errorOf(async () => f.sts('AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/ops`, RoleSessionName: 's' }, f.alice))).code,
    ).toBe('AccessDenied');
    expect(
      (await errorOf(async () => f.sts('AssumeRole', { RoleArn: f.role.Arn, RoleSessionName: 's', Policy: '{"Statement":[]}' }, f.alice)))
        .code,
    ).toBe('MalformedPolicyDocument');
  });
});

describe('STS GetSessionToken, GetCallerIdentity, GetAccessKeyInfo', () => {
  it('gives users IAMUser sessions with a sessionContext, default 12 hours; sessions cannot mint sessions', async () => {
    const f = await setup();
    const out = await f.sts('GetSessionToken', {}, f.alice);
    expect(out.Credentials.Expiration).toEqual(new Date('2026-03-02T00:00:00Z'));
    const p = await f.principalOf(out.Credentials.AccessKeyId);
    expect(p).toMatchObject({ type: 'IAMUser', userName: 'alice', arn: f.alice.arn, accessKeyId: out.Credentials.AccessKeyId });
    expect(p.sessionContext?.attributes.mfaAuthenticated).toBe('false');
    expect((await errorOf(async () => f.sts('GetSessionToken', {}, p))).code).toBe('AccessDenied');
    expect((await f.sts('GetSessionToken', { DurationSeconds: 129600 })).Credentials.Expiration).toEqual(new Date('2026-03-01T13:00:00Z'));
  });

  it('answers GetCallerIdentity for everyone, even under an explicit deny', async () => {
    const f = await setup();
    await f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'deny',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
    });
    expect(await f.sts('GetCallerIdentity', {}, f.alice)).toEqual({ UserId: f.alice.userId, Account: ACCOUNT, Arn: f.alice.arn });
  });

  it('GetAccessKeyInfo names the account of known keys', async () => {
    const f = await setup();
    expect((await f.sts('GetAccessKeyInfo', { AccessKeyId: f.alice.accessKeyId })).Account).toBe(ACCOUNT);
    expect((await f.sts('GetAccessKeyInfo', { AccessKeyId: ROOT_KEY })).Account).toBe(ACCOUNT);
    expect((await f.sts('GetAccessKeyInfo', { AccessKeyId: 'AKIAYYYYYYYYYYYYYYYY' })).Account).toMatch(/^\d{12}$/);
  });
});
