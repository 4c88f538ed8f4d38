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
  it('keeps CreatePolicy Tags and serves Tag/Untag/ListPolicyTags', () => {
    const f = identityFixture();
    const { Policy } = f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC, Tags: [{ Key: 'team', Value: 'hsm' }] });
    expect(Policy.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    expect(f.iam('GetPolicy', { PolicyArn: Policy.Arn }).Policy.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    f.iam('TagPolicy', {
      PolicyArn: Policy.Arn,
      Tags: [
        { Key: 'TEAM', Value: 'ops' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    expect(f.iam('ListPolicyTags', { PolicyArn: Policy.Arn }).Tags).toEqual([
      { Key: 'TEAM', Value: 'ops' },
      { Key: 'env', Value: 'prod' },
    ]);
    f.iam('UntagPolicy', { PolicyArn: Policy.Arn, TagKeys: ['team'] });
    expect(f.iam('ListPolicyTags', { PolicyArn: Policy.Arn })).toMatchObject({ Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false });
    expect(errorOf(() => f.iam('ListPolicyTags', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` }))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
    });
    f.iam('DeletePolicy', { PolicyArn: Policy.Arn });
    const again = f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC }).Policy;
    expect(f.iam('ListPolicyTags', { PolicyArn: again.Arn }).Tags).toEqual([]);
  });

  it('refuses duplicate keys (case-insensitive) on users, roles and policies, changing nothing', () => {
    const f = identityFixture();
    const tags = [
      { Key: 'team', Value: 'a' },
      { Key: 'Team', Value: 'b' },
    ];
    expect(errorOf(() => f.iam('CreateUser', { UserName: 'alice', Tags: tags }))).toMatchObject(DUPLICATE);
    expect(errorOf(() => f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC, Tags: tags }))).toMatchObject(DUPLICATE);
    f.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'a' }] });
    expect(errorOf(() => f.iam('TagRole', { RoleName: 'r', Tags: tags }))).toMatchObject(DUPLICATE);
    f.iam('TagRole', { RoleName: 'r', Tags: [{ Key: 'TEAM', Value: 'c' }] });
    expect(f.iam('ListRoleTags', { RoleName: 'r' }).Tags).toEqual([{ Key: 'TEAM', Value: 'c' }]);
    f.iam('UntagRole', { RoleName: 'r', TagKeys: ['team'] });
    expect(f.iam('ListRoleTags', { RoleName: 'r' }).Tags).toEqual([]);
  });
});

describe('group membership', () => {
  it('RemoveUserFromGroup for a user who is not a member answers NoSuchEntity', () => {
    const f = identityFixture();
    f.iam('CreateGroup', { GroupName: 'g' });
    f.iam('CreateUser', { UserName: 'alice' });
    expect(errorOf(() => f.iam('RemoveUserFromGroup', { GroupName: 'g', UserName: 'alice' }))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: 'User alice does not exist in group g.',
    });
  });
});

describe('GetAccountSummary', () => {
  it('answers every SummaryMap key IAM defines, with live counts', () => {
    const f = identityFixture();
    f.iam('CreateUser', { UserName: 'alice' });
    f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: DOC });
    const summary = f.iam('GetAccountSummary').SummaryMap;
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
  it('accepts condition keys without a vendor prefix and keys holding more colons', () => {
    const f = identityFixture();
    f.iam('CreateUser', { UserName: 'alice' });
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
    f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: doc });
    f.iam('CreatePolicy', { PolicyName: 'p', PolicyDocument: doc });
    const noVendor = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'CreateHsm', Resource: '*' }] });
    expect(errorOf(() => f.iam('CreatePolicy', { PolicyName: 'q', PolicyDocument: noVendor }))).toMatchObject({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    });
  });

  it("reports problems in IAM's order: vendor before missing resources, trust actions before a Resource", () => {
    const f = identityFixture();
    f.iam('CreateUser', { UserName: 'alice' });
    const noVendorNoResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetUser' }] });
    expect(errorOf(() => f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: noVendorNoResource })).message).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'iam:GetUser', Resource: '*' }],
    });
    expect(errorOf(() => f.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust })).message).toBe(
      'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity',
    );
  });
});
