/**
 * What the event-history conformance tests share: SDK v3 clients for a running server (optionally
 * claiming an X-Forwarded-For address), and a generated history of calls from root, an IAM user
 * and an assumed-role session, with some failures, recorded as the tests expect them.
 */
import { resolve } from 'node:path';
import { CloudHSMV2Client, DeleteClusterCommand, DescribeBackupsCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketLocationCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface ClientOpts {
  forwardedFor?: string;
  maxAttempts?: number;
}

/** SDK v3 client config for the server; `forwardedFor` adds an X-Forwarded-For header to every request. */
function config(server: RunningServer, creds: Creds, opts: ClientOpts) {
  return { endpoint: server.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: opts.maxAttempts ?? 1, forcePathStyle: true };
}

function withForwardedFor<C extends { middlewareStack: { add: (...a: any[]) => void } }>(client: C, ip?: string): C {
  if (ip) {
    client.middlewareStack.add(
      (next: any) => async (args: any) => {
        args.request.headers['x-forwarded-for'] = ip;
        return next(args);
      },
      { step: 'build', name: 'xForwardedFor' },
    );
  }
  return client;
}

export function clients(server: RunningServer, creds: Creds, opts: ClientOpts = {}) {
  const c = config(server, creds, opts);
  return {
    hsm: withForwardedFor(new CloudHSMV2Client(c), opts.forwardedFor),
    iam: withForwardedFor(new IAMClient(c), opts.forwardedFor),
    sts: withForwardedFor(new STSClient(c), opts.forwardedFor),
    s3: withForwardedFor(new S3Client(c), opts.forwardedFor),
    trail: withForwardedFor(new CloudTrailClient(c), opts.forwardedFor),
  };
}

/** One call the history made, as event history should show it. */
export interface MadeCall {
  eventSource: string;
  eventName: string;
  username: string;
  accessKeyId: string;
  errorCode?: string;
}

export interface History {
  calls: MadeCall[];
  user: Creds;
  session: Creds;
  bucket: string;
}

type Clients = ReturnType<typeof clients>;

/** Sends a call and notes it; failures are expected for some calls and noted with their error name. */
async function call(
  calls: MadeCall[],
  who: { username: string; creds: Creds },
  eventSource: string,
  eventName: string,
  send: () => Promise<unknown>,
): Promise<any> {
  try {
    const out = await send();
    calls.push({ eventSource, eventName, username: who.username, accessKeyId: who.creds.accessKeyId });
    return out;
  } catch (e) {
    const code = (e as { name: string }).name;
    calls.push({ eventSource, eventName, username: who.username, accessKeyId: who.creds.accessKeyId, errorCode: code });
    return undefined;
  }
}

/**
 * Root creates user `bob` (admin) and role `ops`; bob assumes it as session `night`. Then each of
 * the three makes `rounds` rounds of reads across CloudHSM, IAM, STS, S3 and CloudTrail, each round
 * with failing calls (a missing cluster, user, bucket and trail).
 */
export async function makeHistory(server: RunningServer, rounds: number): Promise<History> {
  const calls: MadeCall[] = [];
  const rootCreds = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const root = { username: 'root', creds: rootCreds, c: clients(server, rootCreds) };
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  await call(calls, root, 'iam.amazonaws.com', 'CreateUser', () => root.c.iam.send(new CreateUserCommand({ UserName: 'bob' })));
  const key = (
    await call(calls, root, 'iam.amazonaws.com', 'CreateAccessKey', () => root.c.iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })))
  ).AccessKey;
  await call(calls, root, 'iam.amazonaws.com', 'AttachUserPolicy', () =>
    root.c.iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: admin })),
  );
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/bob` }, Action: 'sts:AssumeRole' }],
  };
  const role = (
    await call(calls, root, 'iam.amazonaws.com', 'CreateRole', () =>
      root.c.iam.send(new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: JSON.stringify(trust) })),
    )
  ).Role;
  await call(calls, root, 'iam.amazonaws.com', 'AttachRolePolicy', () =>
    root.c.iam.send(new AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: admin })),
  );
  const userCreds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  const bob = { username: 'bob', creds: userCreds, c: clients(server, userCreds) };
  const assumed = await call(calls, bob, 'sts.amazonaws.com', 'AssumeRole', () =>
    bob.c.sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'night' })),
  );
  const sessionCreds = {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
  };
  const night = { username: 'night', creds: sessionCreds, c: clients(server, sessionCreds) };
  const bucket = `history-${server.port}`;
  await call(calls, root, 's3.amazonaws.com', 'CreateBucket', () => root.c.s3.send(new CreateBucketCommand({ Bucket: bucket })));
  for (let i = 0; i < rounds; i++) {
    for (const who of [root, bob, night]) await round(calls, who, bucket);
    // Rounds land in distinct seconds (eventTime's resolution), so time bounds have something to cut.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  }
  return { calls, user: userCreds, session: sessionCreds, bucket };
}

async function round(calls: MadeCall[], who: { username: string; creds: Creds; c: Clients }, bucket: string): Promise<void> {
  const { hsm, iam, sts, s3, trail } = who.c;
  const at = (source: string, name: string, send: () => Promise<unknown>) => call(calls, who, source, name, send);
  await at('cloudhsm.amazonaws.com', 'DescribeClusters', () => hsm.send(new DescribeClustersCommand({})));
  await at('cloudhsm.amazonaws.com', 'DescribeBackups', () => hsm.send(new DescribeBackupsCommand({})));
  await at('cloudhsm.amazonaws.com', 'DeleteCluster', () => hsm.send(new DeleteClusterCommand({ ClusterId: 'cluster-234567abcde' })));
  await at('iam.amazonaws.com', 'ListUsers', () => iam.send(new ListUsersCommand({})));
  await at('iam.amazonaws.com', 'GetUser', () => iam.send(new GetUserCommand({ UserName: 'nobody' })));
  await at('sts.amazonaws.com', 'GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
  await at('s3.amazonaws.com', 'ListBuckets', () => s3.send(new ListBucketsCommand({})));
  await at('s3.amazonaws.com', 'GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: bucket })));
  await at('s3.amazonaws.com', 'HeadBucket', () => s3.send(new HeadBucketCommand({ Bucket: `${bucket}-missing` })));
  await at('cloudtrail.amazonaws.com', 'DescribeTrails', () => trail.send(new DescribeTrailsCommand({})));
  await at('cloudtrail.amazonaws.com', 'GetTrailStatus', () => trail.send(new GetTrailStatusCommand({ Name: 'no-such-trail' })));
}

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

/** Runs `hsmtrail <args>` as a user does; throws with stderr on failure. */
export async function hsmtrail(args: string[]): Promise<string> {
  const r = await run(process.execPath, [BIN, ...args], process.env, undefined, 60_000);
  if (r.status !== 0) throw new Error(`hsmtrail ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Every record in the store, oldest first, through `hsmtrail events --output jsonl`. */
export async function storedRecords(dataDir: string): Promise<any[]> {
  const out = await hsmtrail(['events', '--data-dir', dataDir, '--limit', '100000', '--output', 'jsonl']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
