/**
 * GetSessionToken credentials without MFA (hsmtrail has no MFA devices, so all of them): no IAM
 * calls at all, and on STS only AssumeRole and GetCallerIdentity. Other services follow the policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CreateBucketCommand, DeleteBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

type Credentials = GatewayHarness['credentials'];
const BUCKET = 'session-bucket';
const doc = (Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('GetSessionToken credentials without MFA', () => {
  let h: GatewayHarness;
  let longTerm: Credentials;
  let session: Credentials;
  let roleArn: string;

  const sessionOf = async (creds: Credentials): Promise<Credentials> => {
    const { Credentials: c } = await new STSClient(h.clientConfig(creds)).send(new GetSessionTokenCommand({}));
    return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
  };
  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e) => e,
    );
    expect(err, 'the call should have been refused').toBeDefined();
    return { code: err.name, status: err.$metadata.httpStatusCode, message: err.message, record: h.recordsFor(err.$metadata.requestId)[0] };
  };

  beforeAll(async () => {
    h = await gatewayHarness();
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const policy = doc([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ]);
    await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'admin-but', PolicyDocument: policy }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    longTerm = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const trust = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${h.accountId}:user/dev` }, Action: 'sts:AssumeRole' }]);
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'ops',
        PolicyName: 'list',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]),
      }),
    );
    await new S3Client(h.clientConfig()).send(new CreateBucketCommand({ Bucket: BUCKET }));
    session = await sessionOf(longTerm);
  });
  afterAll(() => h.close());

  it.each([
    ['GetUser', () => new GetUserCommand({})],
    ['CreateAccessKey', () => new CreateAccessKeyCommand({})],
    ['ListUsers', () => new ListUsersCommand({})],
  ])('refuses IAM %s with InvalidClientTokenId, and records the refusal', async (operation, command) => {
    const f = await failure(new IAMClient(h.clientConfig(session)).send(command() as never));
    expect(f).toMatchObject({
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid',
    });
    expect(f.record).toMatchObject({ eventName: operation, eventSource: 'iam.amazonaws.com', errorCode: 'InvalidClientTokenId' });
    expect(f.record.userIdentity).toMatchObject({ type: 'IAMUser', accessKeyId: session.accessKeyId });
  });

  it('mints no permanent key', async () => {
    await new IAMClient(h.clientConfig(session)).send(new CreateAccessKeyCommand({})).catch(() => undefined);
    const { AccessKeyMetadata } = await new IAMClient(h.clientConfig()).send(new ListAccessKeysCommand({ UserName: 'dev' }));
    expect(AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([longTerm.accessKeyId]);
  });

  it.each([
    ['GetSessionToken', () => new GetSessionTokenCommand({})],
    ['GetAccessKeyInfo', () => new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })],
  ])('refuses STS %s with AccessDenied, and records the refusal', async (operation, command) => {
    const f = await failure(new STSClient(h.clientConfig(session)).send(command() as never));
    expect(f).toMatchObject({ code: 'AccessDenied', status: 403, message: `Cannot call ${operation} with session credentials` });
    expect(f.record).toMatchObject({ eventName: operation, eventSource: 'sts.amazonaws.com', errorCode: 'AccessDenied' });
  });

  it('allows GetCallerIdentity and AssumeRole; the role session keeps its IAM permissions', async () => {
    const sts = new STSClient(h.clientConfig(session));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${h.accountId}:user/dev`);
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'from-session' }));
    const role = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    expect((await new IAMClient(h.clientConfig(role)).send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toEqual(['dev']);
  });

  it('leaves other services to the policy: CloudHSM and S3 allowed, the Deny still denies', async () => {
    expect((await new CloudHSMV2Client(h.clientConfig(session)).send(new DescribeClustersCommand({}))).Clusters).toEqual([]);
    const s3 = new S3Client(h.clientConfig(session));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: BUCKET })))).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it('applies to the root user’s session tokens too', async () => {
    const rootSession = await sessionOf(h.credentials);
    const f = await failure(new IAMClient(h.clientConfig(rootSession)).send(new ListUsersCommand({})));
    expect(f).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
    expect((await new IAMClient(h.clientConfig()).send(new ListUsersCommand({}))).Users).toHaveLength(1); // long-term root keys still work
  });
});
