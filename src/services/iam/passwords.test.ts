import { describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, identityFixture } from '../../identity/test-fixtures.js';
import type { CallContext, OperationSpec } from '../service.js';
import { iamService } from './service.js';

const violation = (message: string) => ({ code: 'PasswordPolicyViolation', status: 400, message });

/** A fixture whose clock the test can move, with user alice holding keys and a console password. */
function withAlice(password = 'Initial-pw1') {
  let now = new Date('2026-03-01T12:00:00Z');
  const f = identityFixture(() => now);
  f.iam('CreateUser', { UserName: 'alice' });
  f.iam('CreateLoginProfile', { UserName: 'alice', Password: password });
  const key = f.iam('CreateAccessKey', { UserName: 'alice' }).AccessKey;
  const alice = f.principalOf(key.AccessKeyId);
  const asAlice = (op: string, input: Record<string, unknown> = {}) => f.iam(op, input, alice);
  const advanceDays = (days: number) => (now = new Date(now.getTime() + days * 86_400_000));
  const aliceCall = { principal: alice, accountId: ACCOUNT, region: 'us-east-1', now } as unknown as CallContext;
  return { f, asAlice, advanceDays, aliceCall };
}

describe('the default password policy (no account policy set)', () => {
  it('refuses short passwords, fewer than three character types, and the user name', () => {
    const f = identityFixture();
    f.iam('CreateUser', { UserName: 'alice' });
    expect(errorOf(() => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'a' }))).toMatchObject(
      violation('Password should have a minimum length of 8'),
    );
    expect(errorOf(() => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'abcdefgh1' }))).toMatchObject(
      violation(
        'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
      ),
    );
    expect(errorOf(() => f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'abcdefghij' }))).toMatchObject(
      violation(
        'Password should meet 2 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number, Password should have at least one symbol',
      ),
    );
    f.iam('CreateUser', { UserName: 'Bob-1234' });
    expect(errorOf(() => f.iam('CreateLoginProfile', { UserName: 'Bob-1234', Password: 'bob-1234' }))).toMatchObject(
      violation('Password should not be the same as the user name'),
    );
    f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'Abcdefg1' });
    expect(errorOf(() => f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'a' }))).toMatchObject(
      violation('Password should have a minimum length of 8'),
    );
  });
});

describe('Get/Update/DeleteAccountPasswordPolicy', () => {
  it('answers NoSuchEntity until a policy is set; updates replace the whole policy', () => {
    const f = identityFixture();
    expect(errorOf(() => f.iam('GetAccountPasswordPolicy'))).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    });
    f.iam('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 12,
      RequireNumbers: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 3,
    });
    expect(f.iam('GetAccountPasswordPolicy').PasswordPolicy).toEqual({
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
    f.iam('UpdateAccountPasswordPolicy', { RequireSymbols: true });
    expect(f.iam('GetAccountPasswordPolicy').PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 6,
      RequireNumbers: false,
      RequireSymbols: true,
      ExpirePasswords: false,
    });
    expect(f.iam('GetAccountPasswordPolicy').PasswordPolicy.MaxPasswordAge).toBeUndefined();
    f.iam('DeleteAccountPasswordPolicy');
    expect(errorOf(() => f.iam('GetAccountPasswordPolicy')).code).toBe('NoSuchEntity');
    expect(errorOf(() => f.iam('DeleteAccountPasswordPolicy'))).toMatchObject({ code: 'NoSuchEntity', status: 404 });
  });

  it('enforces the account policy on CreateLoginProfile and UpdateLoginProfile', () => {
    const f = identityFixture();
    f.iam('CreateUser', { UserName: 'alice' });
    f.iam('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 10,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    const create = (Password: string) => errorOf(() => f.iam('CreateLoginProfile', { UserName: 'alice', Password }));
    expect(create('Ab1!')).toMatchObject(violation('Password should have a minimum length of 10'));
    expect(create('abcdefgh1!')).toMatchObject(violation('Password should have at least one uppercase letter'));
    expect(create('ABCDEFGH1!')).toMatchObject(violation('Password should have at least one lowercase letter'));
    expect(create('Abcdefghi!')).toMatchObject(violation('Password should have at least one number'));
    expect(create('Abcdefghi1')).toMatchObject(violation('Password should have at least one symbol'));
    f.iam('CreateLoginProfile', { UserName: 'alice', Password: 'Abcdefgh1!' });
    expect(errorOf(() => f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'short' }))).toMatchObject(
      violation('Password should have a minimum length of 10'),
    );
  });
});

describe('ChangePassword', () => {
  it('is for IAM users only, checks the old password, and replaces it', () => {
    const { f, asAlice } = withAlice();
    f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true });
    expect(errorOf(() => f.iam('ChangePassword', { OldPassword: 'x', NewPassword: 'Changed-pw2' }))).toMatchObject({
      code: 'InvalidUserType',
      status: 400,
    });
    expect(errorOf(() => asAlice('ChangePassword', { OldPassword: 'wrong', NewPassword: 'Changed-pw2' }))).toMatchObject({
      code: 'InvalidUserType',
      message: 'The old password is incorrect.',
    });
    f.iam('UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: true });
    asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Changed-pw2' });
    expect(f.iam('GetLoginProfile', { UserName: 'alice' }).LoginProfile.PasswordResetRequired).toBe(false);
    expect(errorOf(() => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Third-pw3' })).code).toBe('InvalidUserType');
    asAlice('ChangePassword', { OldPassword: 'Changed-pw2', NewPassword: 'Third-pw3' });
  });

  it('enforces the policy and PasswordReusePrevention', () => {
    const { f, asAlice } = withAlice();
    f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MinimumPasswordLength: 9, PasswordReusePrevention: 2 });
    expect(errorOf(() => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'short' }))).toMatchObject(
      violation('Password should have a minimum length of 9'),
    );
    expect(errorOf(() => asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Initial-pw1' }))).toMatchObject(
      violation('Password should not be one of your last 2 passwords'),
    );
    asAlice('ChangePassword', { OldPassword: 'Initial-pw1', NewPassword: 'Second-pw2' });
    expect(errorOf(() => asAlice('ChangePassword', { OldPassword: 'Second-pw2', NewPassword: 'Initial-pw1' })).code).toBe(
      'PasswordPolicyViolation',
    );
    asAlice('ChangePassword', { OldPassword: 'Second-pw2', NewPassword: 'Third-pw33' });
    // Two passwords later the first one may come back.
    asAlice('ChangePassword', { OldPassword: 'Third-pw33', NewPassword: 'Initial-pw1' });
  });

  it('is granted by AllowUsersToChangePassword (not otherwise), an explicit Deny still wins, HardExpiry withdraws it', () => {
    const { f, asAlice, advanceDays } = withAlice();
    const change = (OldPassword: string, NewPassword: string) => () => asAlice('ChangePassword', { OldPassword, NewPassword });
    expect(errorOf(change('Initial-pw1', 'Changed-pw2'))).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(errorOf(() => asAlice('GetAccountPasswordPolicy')).code).toBe('AccessDenied');
    f.iam('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MaxPasswordAge: 30, HardExpiry: true });
    expect(asAlice('GetAccountPasswordPolicy').PasswordPolicy.HardExpiry).toBe(true);
    change('Initial-pw1', 'Changed-pw2')();
    advanceDays(31);
    expect(errorOf(change('Changed-pw2', 'Third-pw3'))).toMatchObject({ code: 'AccessDenied' });
    f.iam('PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'self',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }],
      }),
    });
    change('Changed-pw2', 'Third-pw3')();
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }] };
    f.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'self', PolicyDocument: JSON.stringify(deny) });
    expect(errorOf(change('Third-pw3', 'Fourth-pw4'))).toMatchObject({ code: 'AccessDenied' });
  });

  it('does its scrypt work in prepare, and execute redoes it when the password changed in between', async () => {
    const { f, aliceCall } = withAlice();
    const spec = iamService({ store: f.store }).operations.ChangePassword as OperationSpec;
    const input = { OldPassword: 'Initial-pw1', NewPassword: 'Changed-pw2' };
    await expect(spec.prepare!({ ...input, OldPassword: 'wrong' }, aliceCall)).rejects.toMatchObject({ code: 'InvalidUserType' });
    const prepared = await spec.prepare!(input, aliceCall);
    f.iam('UpdateLoginProfile', { UserName: 'alice', Password: 'Reset-by-admin1' });
    expect(errorOf(() => spec.execute(input, aliceCall, prepared))).toMatchObject({
      code: 'InvalidUserType',
      message: 'The old password is incorrect.',
    });
    const again = await spec.prepare!({ ...input, OldPassword: 'Reset-by-admin1' }, aliceCall);
    spec.execute({ ...input, OldPassword: 'Reset-by-admin1' }, aliceCall, again);
    expect(errorOf(() => spec.execute({ OldPassword: 'Reset-by-admin1', NewPassword: 'Other-pw3' }, aliceCall, undefined)).code).toBe(
      'InvalidUserType',
    );
  });
});
