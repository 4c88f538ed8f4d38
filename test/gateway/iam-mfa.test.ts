/**
 * IAM virtual MFA devices through the real gateway with client-iam: create (seed and QR code in the
 * answer only), enable with two consecutive TOTP codes, list, deactivate, delete; GetAccountSummary's
 * counts; and STS GetSessionToken with SerialNumber + TokenCode giving a session that
 * aws:MultiFactorAuthPresent conditions allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { stepAt, totp } from '../../src/identity/mfa/totp.js';

const last = <T>(xs: T[], ok: (x: T) => boolean): T | undefined => [...xs].reverse().find(ok);
const doc = (Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the call should have been refused');
    },
    (e) => ({ code: e.name as string, status: e.$metadata?.httpStatusCode as number, message: e.message as string }),
  );

describe('IAM virtual MFA devices', () => {
  let h: GatewayHarness;
  let iam: IAMClient;
  beforeAll(async () => {
    h = await gatewayHarness();
    iam = new IAMClient(h.clientConfig());
  });
  afterAll(() => h.close());

  const create = async (name: string) => {
    const { VirtualMFADevice: d } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
    return { serial: d!.SerialNumber!, seed: Buffer.from(d!.Base32StringSeed!).toString('ascii'), png: Buffer.from(d!.QRCodePNG!) };
  };
  const codes = (seed: string) => {
    const s = stepAt(new Date());
    return { AuthenticationCode1: totp(seed, s - 1), AuthenticationCode2: totp(seed, s) };
  };

  it('creates a device: its ARN serial, a base32 seed and a QR code PNG, none of it in the event', async () => {
    const d = await create('alice-phone');
    expect(d.serial).toBe(`arn:aws:iam::${h.accountId}:mfa/alice-phone`);
    expect(d.seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(d.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const record = h.records().find((r) => r.eventName === 'CreateVirtualMFADevice')!;
    expect(record.responseElements).toEqual({ virtualMFADevice: { serialNumber: d.serial } });
    expect(JSON.stringify(h.records())).not.toContain(d.seed);
    expect(await failure(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' })))).toMatchObject({
      code: 'EntityAlreadyExistsException',
      status: 409,
    });
    const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(VirtualMFADevices).toEqual([{ SerialNumber: d.serial }]);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }));
  });

  it('tags devices: at creation, TagMFADevice, UntagMFADevice, ListMFADeviceTags', async () => {
    const { VirtualMFADevice: d } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'tagged', Path: '/team/', Tags: [{ Key: 'team', Value: 'hsm' }] }),
    );
    expect(d).toMatchObject({ SerialNumber: `arn:aws:iam::${h.accountId}:mfa/team/tagged`, Tags: [{ Key: 'team', Value: 'hsm' }] });
    await iam.send(new TagMFADeviceCommand({ SerialNumber: d!.SerialNumber, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: d!.SerialNumber, TagKeys: ['TEAM'] }));
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: d!.SerialNumber }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d!.SerialNumber }));
    expect(await failure(iam.send(new ListMFADeviceTagsCommand({ SerialNumber: d!.SerialNumber })))).toMatchObject({
      code: 'NoSuchEntityException',
    });
  });

  it('enables with two consecutive codes only, lists, refuses deletes while enabled, deactivates and deletes', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const d = await create('bob-phone');
    const good = codes(d.seed);
    const enable = (c: object) => iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: d.serial, ...good, ...c }));
    const invalid = { code: 'InvalidAuthenticationCodeException', status: 403, message: 'Authentication code for device is not valid.' };
    expect(
      await failure(enable({ AuthenticationCode1: good.AuthenticationCode2, AuthenticationCode2: good.AuthenticationCode1 })),
    ).toMatchObject(invalid);
    expect(await failure(enable({ AuthenticationCode2: good.AuthenticationCode1 }))).toMatchObject(invalid);
    expect(await failure(enable({ AuthenticationCode1: '000000', AuthenticationCode2: '000001' }))).toMatchObject(invalid);
    const enableRecord = last(h.records(), (r) => r.eventName === 'EnableMFADevice')!;
    expect(enableRecord.requestParameters).toEqual({ userName: 'bob', serialNumber: d.serial });
    await enable({});

    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }));
    expect(MFADevices).toEqual([{ UserName: 'bob', SerialNumber: d.serial, EnableDate: expect.any(Date) }]);
    const assigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
    expect(assigned.map((v) => [v.SerialNumber, v.User?.UserName])).toEqual([[d.serial, 'bob']]);
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect([summary.MFADevices, summary.MFADevicesInUse]).toEqual([1, 1]);

    expect(await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial })))).toMatchObject({
      code: 'DeleteConflictException',
      status: 409,
    });
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'bob' })))).toMatchObject({ code: 'DeleteConflictException' });
    // The codes that enabled the device are used up: resync needs newer ones.
    expect(await failure(iam.send(new ResyncMFADeviceCommand({ UserName: 'bob', SerialNumber: d.serial, ...good })))).toMatchObject(
      invalid,
    );
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: d.serial }));
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices).toEqual([]);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }));
    expect(await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial })))).toMatchObject({
      code: 'NoSuchEntityException',
      status: 404,
    });
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
  });

  it('GetSessionToken with SerialNumber + TokenCode: an MFA session that aws:MultiFactorAuthPresent allows', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const policy = doc([
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
    ]);
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'mfa-only', PolicyDocument: policy }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    const longTerm = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const d = await create('carol-phone');
    // Enabled with this step's code and the one before; the next step's code (within the skew allowed) is unused.
    const s = stepAt(new Date());
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'carol',
        SerialNumber: d.serial,
        AuthenticationCode1: totp(d.seed, s - 1),
        AuthenticationCode2: totp(d.seed, s),
      }),
    );
    await new S3Client(h.clientConfig()).send(new CreateBucketCommand({ Bucket: 'mfa-bucket' }));
    const sts = new STSClient(h.clientConfig(longTerm));
    const session = async (input: object) => {
      const { Credentials: c } = await sts.send(new GetSessionTokenCommand(input));
      return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    };
    expect(await failure(session({ SerialNumber: d.serial, TokenCode: '123456' }))).toMatchObject({
      code: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    });
    const fresh = totp(d.seed, Math.max(stepAt(new Date()), s + 1));
    const withMfa = await session({ SerialNumber: d.serial, TokenCode: fresh });
    const plain = await session({});
    // The code is used up.
    expect(await failure(session({ SerialNumber: d.serial, TokenCode: fresh }))).toMatchObject({ code: 'AccessDenied' });

    const list = (creds: typeof plain) => new S3Client(h.clientConfig(creds)).send(new ListObjectsV2Command({ Bucket: 'mfa-bucket' }));
    await list(withMfa);
    expect(await failure(list(plain))).toMatchObject({ code: 'AccessDenied', status: 403 });
    // IAM with a GetSessionToken session needs MFA; with it, the age condition holds.
    await new IAMClient(h.clientConfig(withMfa)).send(new ListUsersCommand({}));
    expect(await failure(new IAMClient(h.clientConfig(plain)).send(new ListUsersCommand({})))).toMatchObject({
      code: 'InvalidClientTokenId',
    });
    const mfaCall = last(h.records(), (r) => r.eventName === 'ListUsers' && r.userIdentity.accessKeyId === withMfa.accessKeyId);
    expect(mfaCall?.userIdentity.sessionContext.attributes.mfaAuthenticated).toBe('true');
    const issued = last(h.records(), (r) => r.eventName === 'GetSessionToken' && r.requestParameters?.serialNumber && !r.errorCode)!;
    expect(issued.requestParameters).toEqual({ serialNumber: d.serial });
    expect(JSON.stringify(issued.requestParameters ?? {})).not.toContain('tokenCode');
  });
});
