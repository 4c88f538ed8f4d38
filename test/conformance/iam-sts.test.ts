import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, GetUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliJson, hasTool, python, type AwsCommand } from '../support/tools.js';

let server: RunningServer;
const haveCli = hasTool('aws');
const secrets: string[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

type Key = { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
const keyVars = (k: Key) => ({
  AWS_ACCESS_KEY_ID: k.AccessKeyId,
  AWS_SECRET_ACCESS_KEY: k.SecretAccessKey,
  AWS_SESSION_TOKEN: k.SessionToken ?? '',
});
/** `aws ARGS` as the holder of key `k` (in a batch whose env is root's). */
const as = (k: Key, args: string[]): AwsCommand => ({ args, env: keyVars(k) });
/** The commands in one AWS CLI process, as root unless a command says otherwise (`as`). */
const aws = (...commands: AwsCommand[]) => awsBatch(server.awsEnv(), commands);

describe.skipIf(!haveCli)('IAM and STS with the AWS CLI', () => {
  let user: { AccessKeyId: string; SecretAccessKey: string };

  it('root creates a user with keys and a managed policy; the user may read CloudHSM but not create', async () => {
    const [created, key] = (
      await aws(['iam', 'create-user', '--user-name', 'alice'], ['iam', 'create-access-key', '--user-name', 'alice'])
    ).map((r) => cliJson(r));
    expect(created.User.UserName).toBe('alice');
    user = key.AccessKey;
    secrets.push(user.SecretAccessKey);
    const [attached, identity, clusters, denied] = await aws(
      ['iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', 'arn:aws:iam::aws:policy/AWSCloudHSMReadOnlyAccess'],
      as(user, ['sts', 'get-caller-identity']),
      as(user, ['cloudhsmv2', 'describe-clusters']),
      as(user, ['cloudhsmv2', 'create-cluster', '--hsm-type', 'hsm1.medium', '--subnet-ids', 'subnet-0123456789abcdef0']),
    );
    cliJson(attached!);
    expect(cliJson(identity!).Arn).toBe(`arn:aws:iam::${server.accountId}:user/alice`);
    expect(cliJson(clusters!).Clusters).toEqual([]);
    expect(denied!.status).not.toBe(0);
    expect(denied.stderr).toContain(
      `(AccessDeniedException) when calling the CreateCluster operation: User: arn:aws:iam::${server.accountId}:user/alice is not authorized to perform: cloudhsm:CreateCluster because no identity-based policy allows the cloudhsm:CreateCluster action`,
    );
  });

  it('assumes a role only with the ExternalId its trust policy requires', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${server.accountId}:user/alice` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'ext-42' } },
        },
      ],
    });
    const [created, got] = (
      await aws(
        ['iam', 'create-role', '--role-name', 'ops', '--assume-role-policy-document', trust],
        ['iam', 'get-role', '--role-name', 'ops'],
      )
    ).map((r) => cliJson(r));
    const role = created.Role;
    expect(got.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(trust));
    const [without, assumed] = await aws(
      as(user, ['sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'night']),
      as(user, [
        'sts',
        'assume-role',
        '--role-arn',
        role.Arn,
        '--role-session-name',
        'night',
        '--external-id',
        'ext-42',
        '--duration-seconds',
        '900',
      ]),
    );
    expect(without!.stderr).toContain(
      `(AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${server.accountId}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`,
    );
    const session = cliJson(assumed!);
    secrets.push(session.Credentials.SecretAccessKey, session.Credentials.SessionToken);
    expect(session.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const [identity, forged] = await aws(
      as(session.Credentials, ['sts', 'get-caller-identity']),
      as({ ...session.Credentials, SessionToken: 'IQoJb3JpZ2luX2VjForged' }, ['sts', 'get-caller-identity']),
    );
    expect(cliJson(identity!)).toMatchObject({
      Arn: `arn:aws:sts::${server.accountId}:assumed-role/ops/night`,
      UserId: `${role.RoleId}:night`,
    });
    expect(forged!.stderr).toContain('InvalidClientTokenId');
  });

  it('rejects a deactivated key on the next request and keeps the password out of every answer', async () => {
    secrets.push('Corr3ct-Horse-Battery!');
    const [profile, got, updated, r] = await aws(
      ['iam', 'create-login-profile', '--user-name', 'alice', '--password', 'Corr3ct-Horse-Battery!'],
      ['iam', 'get-login-profile', '--user-name', 'alice'],
      ['iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', user.AccessKeyId, '--status', 'Inactive'],
      as(user, ['sts', 'get-caller-identity']),
    );
    expect(profile!.stdout).not.toContain('Corr3ct');
    expect(JSON.stringify(cliJson(got!))).not.toContain('Corr3ct');
    cliJson(updated!);
    expect(r!.stderr).toContain('InvalidClientTokenId');
  });
});

describe('IAM and STS with SDK v3 and boto3', () => {
  it('SDK v3: creates a user and keys; the user reads itself once a policy allows it', async () => {
    const creds = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'sdk-user', Path: '/sdk/' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'sdk-user' }))).AccessKey!;
    secrets.push(key.SecretAccessKey!);
    const asUser = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
    await expect(asUser.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/sdk/${aws:username}' }],
    });
    await iam.send(new PutUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'self', PolicyDocument: policy }));
    expect((await asUser.send(new GetUserCommand({}))).User?.Arn).toBe(`arn:aws:iam::${server.accountId}:user/sdk/sdk-user`);
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).UserId).toMatch(/^AIDA/);
  });

  it.skipIf(!hasTool('python3'))('boto3: session token credentials carry the user identity; policy documents decode', async () => {
    const code = `
import boto3, json
iam = boto3.client('iam')
iam.create_user(UserName='py')
k = iam.create_access_key(UserName='py')['AccessKey']
iam.put_user_policy(UserName='py', PolicyName='p', PolicyDocument=json.dumps({'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:GetCallerIdentity','Resource':'*'}]}))
doc = iam.get_user_policy(UserName='py', PolicyName='p')['PolicyDocument']
sts = boto3.client('sts', aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'])
t = sts.get_session_token(DurationSeconds=900)['Credentials']
s2 = boto3.client('sts', aws_access_key_id=t['AccessKeyId'], aws_secret_access_key=t['SecretAccessKey'], aws_session_token=t['SessionToken'])
print(json.dumps({'doc': doc, 'me': s2.get_caller_identity()['Arn'], 'key': t['AccessKeyId'], 'secrets': [k['SecretAccessKey'], t['SecretAccessKey'], t['SessionToken']]}))`;
    const r = await python(server.awsEnv(), code);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    secrets.push(...out.secrets);
    expect(out.doc.Statement[0].Action).toBe('sts:GetCallerIdentity');
    expect(out.me).toBe(`arn:aws:iam::${server.accountId}:user/py`);
    expect(out.key).toMatch(/^ASIA/);
  });

  it('no secret, token or password appears in the server output or the data files (except account.json)', () => {
    expect(secrets.length).toBeGreaterThan(3);
    const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'account.json')
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
    const haystacks = [server.output(), ...files.map((f) => readFileSync(f).toString('latin1'))];
    for (const secret of secrets) for (const h of haystacks) expect(h.includes(secret)).toBe(false);
  });
});
