import { describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, identityFixture } from '../../identity/test-fixtures.js';
import { model } from '../../protocol/generated/iam.js';

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
});
const DUPLICATE = {
  code: 'InvalidInput',
  status: 400,
  message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
};

describe('customer managed policy tags', () => {
  it('keeps CreatePolicy Tags and serves Tag/Untag/ListPolicyTags', async () => {
    const f = identityFixture();
    const { Policy } = await f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC, Tags: [{ Key: 'team', Value: 'hsm' }] });
    expect(Policy.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    expect((await f.iam('GetPolicy', { PolicyArn: Policy.Arn })).Policy.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    await f.iam('TagPolicy', {
      PolicyArn: Policy.Arn,
      Tags: [
        { Key: 'TEAM', Value: 'ops' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    expect((await f.iam('ListPolicyTags', { PolicyArn: Policy.Arn })).Tags).toEqual([
      { Key: 'TEAM', Value: 'ops' },
      { Key: 'env', Value: 'prod' },
    ]);
    await f.iam('UntagPolicy', { PolicyArn: Policy.Arn, TagKeys: ['team'] });
    expect(await f.iam('ListPolicyTags', { PolicyArn: Policy.Arn })).toMatchObject({
      Tags: [{ Key: 'env', Value: 'prod' }],
      IsTruncated: false,
    });
    expect(await errorOf(async () => f.iam('ListPolicyTags', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` }))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
    });
    await f.iam('DeletePolicy', { PolicyArn: Policy.Arn });
    const again = (await f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC })).Policy;
    expect((await f.iam('ListPolicyTags', { PolicyArn: again.Arn })).Tags).toEqual([]);
  });

  it('refuses duplicate keys (case-insensitive) on users, roles and policies, changing nothing', async () => {
    const f = identityFixture();
    const tags = [
      { Key: 'team', Value: 'a' },
      { Key: 'Team', Value: 'b' },
    ];
    expect(await errorOf(async () => f.iam('CreateUser', { UserName: 'alice', Tags: tags }))).toMatchObject(DUPLICATE);
    expect(await errorOf(async () => f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC, Tags: tags }))).toMatchObject(DUPLICATE);
    await f.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'a' }] });
    expect(await errorOf(async () => f.iam('TagRole', { RoleName: 'r', Tags: tags }))).toMatchObject(DUPLICATE);
    await f.iam('TagRole', { RoleName: 'r', Tags: [{ Key: 'TEAM', Value: 'c' }] });
    expect((await f.iam('ListRoleTags', { RoleName: 'r' })).Tags).toEqual([{ Key: 'TEAM', Value: 'c' }]);
    await f.iam('UntagRole', { RoleName: 'r', TagKeys: ['team'] });
    expect((await f.iam('ListRoleTags', { RoleName: 'r' })).Tags).toEqual([]);
  });
});

describe('group membership', () => {
  it('RemoveUserFromGroup for a user who is not a member answers NoSuchEntity', async () => {
    const f = identityFixture();
    await f.iam('CreateGroup', { GroupName: 'g' });
    await f.iam('CreateUser', { UserName: 'alice' });
    expect(await errorOf(async () => f.iam('RemoveUserFromGroup', { GroupName: 'g', UserName: 'alice' }))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: 'User alice does not exist in group g.',
    });
  });
});

describe('GetAccountSummary', () => {
  it('answers every SummaryMap key IAM defines, with live counts', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    await f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC });
    const summary = (await f.iam('GetAccountSummary')).SummaryMap;
    expect(Object.keys(summary).sort()).toEqual([...model.shapes.summaryKeyType!.enum!].sort());
    expect(summary).toMatchObject({
      Users: 1,
      Policies: 1,
      PolicyVersionsInUse: 1,
      AccountAccessKeysPresent: 1,
      PolicySizeQuota: 6144,
      AssumeRolePolicySizeQuota: 2048,
    });
  });
});

describe('policy validation', () => {
  it('accepts condition keys without a vendor prefix and keys holding more colons', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'cloudhsm:*',
          Resource: '*',
          Condition: { StringEquals: { team: 'hsm', 'aws:ResourceTag/aws:cloudformation:stack-name': 's' } },
        },
      ],
    });
    await f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: doc });
    await f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: doc });
    const noVendor = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'CreateHsm', Resource: '*' }] });
    expect(await errorOf(async () => f.iam('CreatePolicy', { PolicyName: 'q', PolicyDocument: noVendor }))).toMatchObject({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    });
  });

  it("reports problems in IAM's order: vendor before missing resources, trust actions before a Resource", async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    const noVendorNoResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetUser' }] });
    expect(
      (await errorOf(async () => f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: noVendorNoResource })))
        .message,
    ).toBe('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'iam:GetUser', Resource: '*' }],
    });
    expect((await errorOf(async () => f.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust }))).message).toBe(
      'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity',
    );
  });
});
