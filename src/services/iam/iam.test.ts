import { describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, identityFixture } from '../../identity/test-fixtures.js';
import { encodeDocument } from './format.js';

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
});

describe('IAM users and access keys', () => {
  it('creates users with AIDA ids and path ARNs, and reports duplicates and missing users as IAM does', async () => {
    const f = identityFixture();
    const { User } = await f.iam('CreateUser', { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'hsm' }] });
    expect(User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    expect(User.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    expect(await errorOf(async () => f.iam('CreateUser', { UserName: 'ALICE' }))).toMatchObject({
      code: 'EntityAlreadyExists',
      status: 409,
    });
    expect(await errorOf(async () => f.iam('GetUser', { UserName: 'bob' }))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name bob cannot be found.',
    });
  });

  it('allows two keys per user, returns the secret only on creation, and deactivation takes effect at once', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    const k1 = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
    await f.iam('CreateAccessKey', { UserName: 'alice' });
    expect(k1.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k1.SecretAccessKey).toHaveLength(40);
    expect(await errorOf(async () => f.iam('CreateAccessKey', { UserName: 'alice' }))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    const listed = await f.iam('ListAccessKeys', { UserName: 'alice' });
    expect(JSON.stringify(listed)).not.toContain(k1.SecretAccessKey);
    const record = (await f.findAccessKey(k1.AccessKeyId))!;
    expect(record).toMatchObject({ secretAccessKey: k1.SecretAccessKey, status: 'Active' });
    expect(record.principal).toMatchObject({ type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    await f.iam('UpdateAccessKey', { UserName: 'alice', AccessKeyId: k1.AccessKeyId, Status: 'Inactive' });
    expect((await f.findAccessKey(k1.AccessKeyId))!.status).toBe('Inactive');
    await f.iam('DeleteAccessKey', { UserName: 'alice', AccessKeyId: k1.AccessKeyId });
    expect(await f.findAccessKey(k1.AccessKeyId)).toBeUndefined();
    expect(await errorOf(async () => f.iam('DeleteAccessKey', { UserName: 'alice', AccessKeyId: k1.AccessKeyId }))).toMatchObject({
      code: 'NoSuchEntity',
      message: `The Access Key with id ${k1.AccessKeyId} cannot be found`,
    });
  });

  it('stores secrets sealed, not in plain text', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
    await f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'Sup3r-Secret-pw!' });
    const dump = JSON.stringify([
      f.db.prepare('SELECT * FROM iam_access_keys').all(),
      f.db.prepare('SELECT * FROM iam_login_profiles').all(),
    ]);
    expect(dump).toContain(key.AccessKeyId);
    expect(dump).not.toContain(key.SecretAccessKey);
    expect(dump).not.toContain('Sup3r-Secret-pw!');
    expect(JSON.stringify(await f.iam('GetLoginProfile', { UserName: 'alice' }))).not.toContain('Sup3r');
  });

  it('refuses to delete a user that still has keys, policies, groups or a login profile', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    await f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'pw-123456' });
    expect((await errorOf(async () => f.iam('DeleteUser', { UserName: 'alice' }))).message).toBe(
      'Cannot delete entity, must delete login profile first.',
    );
    await f.iam('DeleteLoginProfile', { UserName: 'alice' });
    const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
    expect((await errorOf(async () => f.iam('DeleteUser', { UserName: 'alice' }))).message).toBe(
      'Cannot delete entity, must delete access keys first.',
    );
    await f.iam('DeleteAccessKey', { UserName: 'alice', AccessKeyId: key.AccessKeyId });
    await f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: DOC });
    expect(await errorOf(async () => f.iam('DeleteUser', { UserName: 'alice' }))).toMatchObject({ code: 'DeleteConflict', status: 409 });
    await f.iam('DeleteUserPolicy', { UserName: 'alice', PolicyName: 'p' });
    await f.iam('CreateGroup', { GroupName: 'g' });
    await f.iam('AddUserToGroup', { GroupName: 'g', UserName: 'alice' });
    expect((await errorOf(async () => f.iam('DeleteUser', { UserName: 'alice' }))).code).toBe('DeleteConflict');
    expect((await errorOf(async () => f.iam('DeleteGroup', { GroupName: 'g' }))).message).toBe(
      'Cannot delete entity, must remove users from group first.',
    );
    await f.iam('RemoveUserFromGroup', { GroupName: 'g', UserName: 'alice' });
    await f.iam('DeleteUser', { UserName: 'alice' });
    expect((await f.iam('ListUsers')).Users).toEqual([]);
  });

  it('pages with Marker, MaxItems and IsTruncated', async () => {
    const f = identityFixture();
    for (const n of ['u1', 'u2', 'u3', 'u4', 'u5']) await f.iam('CreateUser', { UserName: n });
    const p1 = await f.iam('ListUsers', { MaxItems: 2 });
    expect([p1.Users.map((u: any) => u.UserName), p1.IsTruncated]).toEqual([['u1', 'u2'], true]);
    const p2 = await f.iam('ListUsers', { MaxItems: 2, Marker: p1.Marker });
    const p3 = await f.iam('ListUsers', { MaxItems: 2, Marker: p2.Marker });
    expect([...p2.Users, ...p3.Users].map((u: any) => u.UserName)).toEqual(['u3', 'u4', 'u5']);
    expect(p3.IsTruncated).toBe(false);
    expect(p3.Marker).toBeUndefined();
  });

  it('records last use in memory and reports it before and after the flush', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
    expect((await f.iam('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId })).AccessKeyLastUsed).toEqual({
      ServiceName: 'N/A',
      Region: 'N/A',
    });
    f.identity.lastUsed.note(key.AccessKeyId, { date: '2026-03-01T12:00:00.000Z', service: 'cloudhsm', region: 'eu-west-1' });
    const expected = { LastUsedDate: new Date('2026-03-01T12:00:00.000Z'), ServiceName: 'cloudhsm', Region: 'eu-west-1' };
    expect((await f.iam('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId })).AccessKeyLastUsed).toEqual(expected);
    await f.identity.lastUsed.flush(f.store);
    expect(f.identity.lastUsed.size).toBe(0);
    expect((await f.iam('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId })).AccessKeyLastUsed).toEqual(expected);
  });
});

describe('IAM roles, groups and policies', () => {
  it('returns policy documents URL-encoded and rejects malformed ones', async () => {
    const f = identityFixture();
    const role = (await f.iam('CreateRole', { RoleName: 'ops', Path: '/team/', AssumeRolePolicyDocument: TRUST })).Role;
    expect(role).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:role/team/ops`, MaxSessionDuration: 3600 });
    expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(encodeDocument(DOC)).toContain('%22Resource%22%3A%22%2A%22'); // RFC 3986: `*` is encoded too
    expect(decodeURIComponent((await f.iam('GetRole', { RoleName: 'ops' })).Role.AssumeRolePolicyDocument)).toBe(TRUST);
    const withParens = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a(b)', Effect: 'Allow', Action: '*', Resource: '*' }] });
    await f.iam('PutRolePolicy', { RoleName: 'ops', PolicyName: 'all', PolicyDocument: withParens });
    expect((await f.iam('GetRolePolicy', { RoleName: 'ops', PolicyName: 'all' })).PolicyDocument).toContain('a%28b%29');
    const bad = await errorOf(async () =>
      f.iam('PutRolePolicy', { RoleName: 'ops', PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17"}' }),
    );
    expect(bad).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 });
    expect((await errorOf(async () => f.iam('GetRolePolicy', { RoleName: 'ops', PolicyName: 'nope' }))).message).toBe(
      'The role policy with name nope cannot be found.',
    );
    expect((await errorOf(async () => f.iam('DeleteRole', { RoleName: 'ops' }))).code).toBe('DeleteConflict');
  });

  it('versions managed policies (v1..v5, default switching) and counts attachments', async () => {
    const f = identityFixture();
    const { Policy } = await f.iam('CreatePolicy', { PolicyName: 'read', PolicyDocument: DOC, Description: 'd' });
    expect(Policy).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:policy/read`,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
    });
    expect(Policy.PolicyId).toMatch(/^ANPA/);
    for (let i = 2; i <= 5; i++)
      expect((await f.iam('CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: DOC })).PolicyVersion.VersionId).toBe(`v${i}`);
    expect((await errorOf(async () => f.iam('CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: DOC }))).code).toBe(
      'LimitExceeded',
    );
    await f.iam('SetDefaultPolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v3' });
    expect((await errorOf(async () => f.iam('DeletePolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v3' }))).message).toBe(
      'Cannot delete the default version of a policy.',
    );
    await f.iam('DeletePolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v1' });
    expect((await f.iam('ListPolicyVersions', { PolicyArn: Policy.Arn })).Versions.map((v: any) => v.VersionId).sort()).toEqual([
      'v2',
      'v3',
      'v4',
      'v5',
    ]);
    expect((await f.iam('GetPolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v3' })).PolicyVersion).toMatchObject({
      IsDefaultVersion: true,
      Document: encodeDocument(DOC),
    });
    await f.iam('CreateUser', { UserName: 'alice' });
    await f.iam('AttachUserPolicy', { UserName: 'alice', PolicyArn: Policy.Arn });
    await f.iam('AttachUserPolicy', { UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudHSMReadOnlyAccess' });
    expect((await f.iam('GetPolicy', { PolicyArn: Policy.Arn })).Policy.AttachmentCount).toBe(1);
    expect((await f.iam('ListPolicies', { Scope: 'Local', OnlyAttached: true })).Policies.map((p: any) => p.PolicyName)).toEqual(['read']);
    expect((await f.iam('ListPolicies', { Scope: 'AWS', OnlyAttached: true })).Policies.map((p: any) => p.PolicyName)).toEqual([
      'AWSCloudHSMReadOnlyAccess',
    ]);
    expect((await f.iam('ListEntitiesForPolicy', { PolicyArn: Policy.Arn })).PolicyUsers).toEqual([
      { UserName: 'alice', UserId: expect.stringMatching(/^AIDA/) },
    ]);
    expect((await errorOf(async () => f.iam('DeletePolicy', { PolicyArn: Policy.Arn }))).message).toBe(
      'Cannot delete a policy attached to entities.',
    );
    expect(
      (await errorOf(async () => f.iam('AttachUserPolicy', { UserName: 'alice', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` })))
        .message,
    ).toBe(`Policy arn:aws:iam::${ACCOUNT}:policy/none does not exist or is not attachable.`);
    await f.iam('DetachUserPolicy', { UserName: 'alice', PolicyArn: Policy.Arn });
    expect((await f.iam('ListAttachedUserPolicies', { UserName: 'alice' })).AttachedPolicies).toEqual([
      { PolicyName: 'AWSCloudHSMReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudHSMReadOnlyAccess' },
    ]);
  });

  it('limits attached managed policies to 10 per entity', async () => {
    const f = identityFixture();
    await f.iam('CreateGroup', { GroupName: 'g' });
    for (let i = 0; i < 10; i++) {
      const arn = (await f.iam('CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: DOC })).Policy.Arn;
      await f.iam('AttachGroupPolicy', { GroupName: 'g', PolicyArn: arn });
    }
    const extra = (await f.iam('CreatePolicy', { PolicyName: 'p10', PolicyDocument: DOC })).Policy.Arn;
    expect(await errorOf(async () => f.iam('AttachGroupPolicy', { GroupName: 'g', PolicyArn: extra }))).toMatchObject({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PoliciesPerGroup: 10',
    });
  });

  it('tags and untags users and roles', async () => {
    const f = identityFixture();
    await f.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 });
    await f.iam('TagRole', {
      RoleName: 'r',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    await f.iam('UntagRole', { RoleName: 'r', TagKeys: ['a'] });
    expect((await f.iam('ListRoleTags', { RoleName: 'r' })).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    await f.iam('UpdateRole', { RoleName: 'r', MaxSessionDuration: 43200 });
    expect((await f.iam('GetRole', { RoleName: 'r' })).Role.MaxSessionDuration).toBe(43200);
    expect((await f.iam('GetAccountSummary')).SummaryMap).toMatchObject({ Roles: 1, Users: 0 });
  });
});
