import { describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, identityFixture } from '../../identity/test-fixtures.js';
import type { Tx } from '../../storage/ports.js';
import type { CallContext, OperationSpec } from '../service.js';
import { iamService } from './service.js';

const violation = (message: string) => ({ code: 'PasswordPolicyViolation', status: 400, message });

/** A fixture whose clock the test can move, with user alice holding keys and a console password. */
async function withAlice(password = 'Initial-pw1') {
  let now = new Date('2026-03-01T12:00:00Z');
  const f = identityFixture(() => now);
  await f.iam('CreateUser', { UserName: 'alice' });
  await f.iam('CreateLoginProfile', { UserName: 'alice', Password: password });
  const key = (await f.iam('CreateAccessKey', { UserName: 'alice' })).AccessKey;
  const alice = await f.principalOf(key.AccessKeyId);
  const asAlice = (op: string, input: Record<string, unknown> = {}) => f.iam(op, input, alice);
  const advanceDays = (days: number) => (now = new Date(now.getTime() + days * 86_400_000));
  const aliceCall = {
    principal: alice,
    accountId: ACCOUNT,
    region: 'us-east-1',
    now,
    read: (fn: (tx: Tx) => unknown) => f.store.read(fn),
  } as unknown as CallContext;
  return { f, asAlice, advanceDays, aliceCall };
}

describe('the default password policy (no account policy set)', () => {
  it('refuses short passwords, fewer than three character types, and the user name', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    expect(await errorOf(async () => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'a' }))).toMatchObject(
      violation('Password should have a minimum length of 8'),
    );
    expect(await errorOf(async () => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'abcdefgh1' }))).toMatchObject(
      violation(
        'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
      ),
    );
    expect(await errorOf(async () => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'abcdefghij' }))).toMatchObject(
      violation(
        'Password should meet 2 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number, Password should have at least one symbol',
      ),
    );
    await f.iam('CreateUser', { UserName: 'Bob-1234' });
    expect(await errorOf(async () => f.iam('CreateLoginProfile', { UserName: 'Bob-1234', Password: 'bob-1234' }))).toMatchObject(
      violation('Password should not be the same as the user name'),
    );
    await f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'Abcdefg1' });
    expect(await errorOf(async () => f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'a' }))).toMatchObject(
      violation('Password should have a minimum length of 8'),
    );
  });
});

describe('Get/Update/DeleteAccountPasswordPolicy', () => {
  it('answers NoSuchEntity until a policy is set; updates replace the whole policy', async () => {
    const f = identityFixture();
    expect(await errorOf(async () => f.iam('GetAccountPasswordPolicy'))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    });
    await f.iam('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 12,
      RequireNumbers: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 3,
    });
    expect((await f.iam('GetAccountPasswordPolicy')).PasswordPolicy).toEqual({
      MinimumPasswordLength: 12,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 3,
      HardExpiry: false,
    });
    await f.iam('UpdateAccountPasswordPolicy', { RequireSymbols: true });
    expect((await f.iam('GetAccountPasswordPolicy')).PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 6,
      RequireNumbers: false,
      RequireSymbols: true,
      ExpirePasswords: false,
    });
    expect((await f.iam('GetAccountPasswordPolicy')).PasswordPolicy.MaxPasswordAge).toBeUndefined();
    await f.iam('DeleteAccountPasswordPolicy');
    expect((await errorOf(async () => f.iam('GetAccountPasswordPolicy'))).code).toBe('NoSuchEntity');
    expect(await errorOf(async () => f.iam('DeleteAccountPasswordPolicy'))).toMatchObject({ code: 'NoSuchEntity', status: 404 });
  });

  it('enforces the account policy on CreateLoginProfile and UpdateLoginProfile', async () => {
    const f = identityFixture();
    await f.iam('CreateUser', { UserName: 'alice' });
    await f.iam('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 10,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    const create = (Password: string) => errorOf(async () => f.iam('CreateLoginProfile', { UserName: 'alice', Password }));
    expect(await create('Ab1!')).toMatchObject(violation('Password should have a minimum length of 10'));
    expect(await create('abcdefgh1!')).toMatchObject(violation('Password should have at least one uppercase letter'));
    expect(await create('ABCDEFGH1!')).toMatchObject(violation('Password should have at least one lowercase letter'));
    expect(await create('Abcdefghi!')).toMatchObject(violation('Password should have at least one number'));
    expect(await create('Abcdefghi1')).toMatchObject(violation('Password should have at least one symbol'));
    await f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'Abcdefgh1!' });
    expect(await errorOf(async () => f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'short' }))).toMatchObject(
      violation('Password should have a minimum length of 10'),
    );
  });
});

describe('ChangePassword', () => {
  it('is for IAM users only, checks the old password, and replaces it', async () => {
    const { f, asAlice } = await withAlice();
    await f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true });
    expect(await errorOf(async () => f.iam('ChangePassword', { OldPassword: 'x', NewPassword: 'Changed-pw2' }))).toMatchObject({
      code: 'InvalidUserType',
      status: 400,
    });
    expect(await errorOf(async () => asAlice('ChangePassword', { OldPassword: 'wrong', NewPassword: 'Changed-pw2' }))).toMatchObject({
      code: 'InvalidUserType',
      message: 'The old password is incorrect.',
    });
    await f.iam('UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: true });
    await asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Changed-pw2' });
    expect((await f.iam('GetLoginProfile', { UserName: 'alice' })).LoginProfile.PasswordResetRequired).toBe(false);
    expect((await errorOf(async () => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Third-pw3' }))).code).toBe(
      'InvalidUserType',
    );
    await asAlice('ChangePassword', { OldPassword: 'Changed-pw2', NewPassword: 'Third-pw3' });
  });

  it('enforces the policy and PasswordReusePrevention', async () => {
    const { f, asAlice } = await withAlice();
    await f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MinimumPasswordLength: 9, PasswordReusePrevention: 2 });
    expect(await errorOf(async () => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'short' }))).toMatchObject(
      violation('Password should have a minimum length of 9'),
    );
    expect(await errorOf(async () => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Initial-pw1' }))).toMatchObject(
      violation('Password should not be one of your last 2 passwords'),
    );
    await asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Second-pw2' });
    expect((await errorOf(async () => asAlice('ChangePassword', { OldPassword: 'Second-pw2', NewPassword: 'Initial-pw1' }))).code).toBe(
      'PasswordPolicyViolation',
    );
    await asAlice('ChangePassword', { OldPassword: 'Second-pw2', NewPassword: 'Third-pw33' });
    // Two passwords later the first one may come back.
    await asAlice('ChangePassword', { OldPassword: 'Third-pw33', NewPassword: 'Initial-pw1' });
  });

  it('is granted by AllowUsersToChangePassword (not otherwise), an explicit Deny still wins, HardExpiry withdraws it', async () => {
    const { f, asAlice, advanceDays } = await withAlice();
    const change = (OldPassword: string, NewPassword: string) => () => asAlice('ChangePassword', { OldPassword, NewPassword });
    expect(await errorOf(change('Initial-pw1', 'Changed-pw2'))).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect((await errorOf(async () => asAlice('GetAccountPasswordPolicy'))).code).toBe('AccessDenied');
    await f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MaxPasswordAge: 30, HardExpiry: true });
    expect((await asAlice('GetAccountPasswordPolicy')).PasswordPolicy.HardExpiry).toBe(true);
    await change('Initial-pw1', 'Changed-pw2')();
    advanceDays(31);
    expect(await errorOf(change('Changed-pw2', 'Third-pw3'))).toMatchObject({ code: 'AccessDenied' });
    await f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'self',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }],
      }),
    });
    await change('Changed-pw2', 'Third-pw3')();
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }] };
    await f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'self', PolicyDocument: JSON.stringify(deny) });
    expect(await errorOf(change('Third-pw3', 'Fourth-pw4'))).toMatchObject({ code: 'AccessDenied' });
  });

  it('does its scrypt work in prepare, and execute redoes it when the password changed in between', async () => {
    const { f, aliceCall } = await withAlice();
    const spec = iamService({ account: f.identity.account }).operations.ChangePassword as OperationSpec;
    const input = { OldPassword: 'Initial-pw1', NewPassword: 'Changed-pw2' };
    await expect(spec.prepare!({ ...input, OldPassword: 'wrong' }, aliceCall)).rejects.toMatchObject({ code: 'InvalidUserType' });
    const prepared = await spec.prepare!(input, aliceCall);
    await f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'Reset-by-admin1' });
    expect(await errorOf(async () => f.store.write((tx) => spec.execute(input, { ...aliceCall, tx }, prepared)))).toMatchObject({
      code: 'InvalidUserType',
      message: 'The old password is incorrect.',
    });
    const again = await spec.prepare!({ ...input, OldPassword: 'Reset-by-admin1' }, aliceCall);
    await f.store.write((tx) => spec.execute({ ...input, OldPassword: 'Reset-by-admin1' }, { ...aliceCall, tx }, again));
    expect(
      (
        await errorOf(async () =>
          f.store.write((tx) =>
            spec.execute({ OldPassword: 'Reset-by-admin1', NewPassword: 'Other-pw3' }, { ...aliceCall, tx }, undefined),
          ),
        )
      ).code,
    ).toBe('InvalidUserType');
  });
});
