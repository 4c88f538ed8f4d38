import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IAMClient,
  AddUserToGroupCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListPolicyTagsCommand,
  RemoveUserFromGroupCommand,
  TagPolicyCommand,
  TagUserCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });

/** The SDK's view of a failed call, plus the CloudTrail record the call left. */
async function failure(h: GatewayHarness, call: Promise<unknown>) {
  const err: any = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );
  const [record] = h.recordsFor(err.$metadata.requestId);
  return { code: err.Error?.Code ?? err.Code ?? err.name, status: err.$metadata.httpStatusCode, message: err.message, record };
}

describe('IAM hardening through the SDK', () => {
  let h: GatewayHarness;
  let iam: IAMClient;
  beforeAll(async () => {
    h = await gatewayHarness();
    iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  });
  afterAll(() => h.close());

  it('refuses a one-letter console password and records the refusal', async () => {
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Str0ng-enough' }));
    const f = await failure(h, iam.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'a' })));
    expect(f).toMatchObject({ code: 'PasswordPolicyViolation', status: 400, message: 'Password should have a minimum length of 8' });
    expect(f.record).toMatchObject({ eventName: 'UpdateLoginProfile', errorCode: 'PasswordPolicyViolation' });
    expect(JSON.stringify(f.record)).not.toContain('"a"');
  });

  it('GetAccountPasswordPolicy answers NoSuchEntity until one is set, then the policy', async () => {
    const f = await failure(h, iam.send(new GetAccountPasswordPolicyCommand({})));
    expect(f).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: `The Password Policy with domain name ${h.accountId} cannot be found.`,
    });
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, AllowUsersToChangePassword: true, PasswordReusePrevention: 5 }),
    );
    const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 14,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 5,
      ExpirePasswords: false,
    });
  });

  it('lets an IAM user change its own password under AllowUsersToChangePassword', async () => {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const asAlice = new IAMClient(h.clientConfig({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }));
    const short = await failure(h, asAlice.send(new ChangePasswordCommand({ OldPassword: 'Str0ng-enough', NewPassword: 'Short-1' })));
    expect(short).toMatchObject({ code: 'PasswordPolicyViolation', status: 400, message: 'Password should have a minimum length of 14' });
    const out = await asAlice.send(new ChangePasswordCommand({ OldPassword: 'Str0ng-enough', NewPassword: 'Much-longer-pw-2' }));
    const records = h.recordsFor(out.$metadata.requestId!);
    expect(records).toMatchObject([{ eventName: 'ChangePassword', userIdentity: { type: 'IAMUser', userName: 'alice' } }]);
    expect(JSON.stringify([records, short.record])).not.toMatch(/Str0ng-enough|Much-longer-pw-2|Short-1/);
    const again = await failure(
      h,
      asAlice.send(new ChangePasswordCommand({ OldPassword: 'Much-longer-pw-2', NewPassword: 'Much-longer-pw-2' })),
    );
    expect(again).toMatchObject({
      code: 'PasswordPolicyViolation',
      status: 400,
      message: 'Password should not be one of your last 5 passwords',
    });
    const wrong = await failure(
      h,
      asAlice.send(new ChangePasswordCommand({ OldPassword: 'Str0ng-enough', NewPassword: 'Much-longer-pw-3' })),
    );
    expect(wrong).toMatchObject({ code: 'InvalidUserType', status: 400, message: 'The old password is incorrect.' });
    expect(wrong.record).toMatchObject({ eventName: 'ChangePassword', errorCode: 'InvalidUserType' });
    const root = await failure(h, iam.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'Much-longer-pw-3' })));
    expect(root).toMatchObject({ code: 'InvalidUserType', status: 400 });
  });

  it('keeps CreatePolicy tags and refuses duplicate tag keys', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: DOC, Tags: [{ Key: 'team', Value: 'hsm' }] }),
    );
    expect(Policy!.Tags).toEqual([{ Key: 'team', Value: 'hsm' }]);
    await iam.send(new TagPolicyCommand({ PolicyArn: Policy!.Arn!, Tags: [{ Key: 'env', Value: 'prod' }] }));
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy!.Arn! }))).Tags).toEqual([
      { Key: 'team', Value: 'hsm' },
      { Key: 'env', Value: 'prod' },
    ]);
    const dup = await failure(
      h,
      iam.send(
        new TagUserCommand({
          UserName: 'alice',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    );
    expect(dup).toMatchObject({
      code: 'InvalidInput',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect(dup.record).toMatchObject({ eventName: 'TagUser', errorCode: 'InvalidInput' });
  });

  it('words an over-long tag key as IAM does', async () => {
    const key = 'k'.repeat(129);
    const f = await failure(h, iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: key, Value: 'v' }] })));
    expect(f).toMatchObject({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${key}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
  });

  it('RemoveUserFromGroup for a non-member is NoSuchEntity', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    const f = await failure(h, iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'alice' })));
    expect(f).toMatchObject({ code: 'NoSuchEntity', status: 404, message: 'User alice does not exist in group ops.' });
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'alice' }));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'alice' }));
  });

  it('GetAccountSummary carries the account-level flags', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 0,
      GlobalEndpointTokenVersion: 1,
      Groups: 1,
    });
  });
});
