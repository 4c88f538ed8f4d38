/**
 * What a trail delivers, record by record: every call made (successes, validation errors, access
 * denials, bad signatures) is one event with the requestID and errorCode its client saw; the user
 * guide's CreateHsm record is reproduced through the real server; DuckDB queries the delivered files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  IAMClient,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { CloudHSMV2Client, CreateClusterCommand, CreateHsmCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type RunningServer } from '../support/server.js';
import { pollUntil } from './cloudhsm-helpers.js';
import { run } from '../support/tools.js';
import {
  BIN,
  createDeliveryBucket,
  createLoggingTrail,
  deliveredRecords,
  flush,
  getObject,
  listKeys,
  s3Client,
  type DeliveredRecord,
} from './trail-helpers.js';

const BUCKET = 'records-trail-bucket';
const TRAIL = 'records';
const AGENT = 'trail-records-test/1.0';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
/** What a client saw: its request id and, for a failure, its error code. */
interface Observed {
  requestId: string;
  errorCode?: string;
}

let server: RunningServer;
let records: DeliveredRecord[];
const observed: Observed[] = [];
let createHsm: { requestId: string; hsm: Record<string, string>; clusterId: string; roleId: string; sessionKey: string };

const clientConfig = (creds: Creds, region = 'us-east-1') => ({
  endpoint: server.endpoint,
  region,
  credentials: creds,
  maxAttempts: 1,
  customUserAgent: AGENT,
});

/** Sends one call and keeps what the client saw. */
async function call<T extends { $metadata: { requestId?: string } }>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    const out = await send();
    observed.push({ requestId: out.$metadata.requestId! });
    return out;
  } catch (e: any) {
    expect(e.$metadata?.requestId, String(e)).toBeTruthy();
    observed.push({ requestId: e.$metadata.requestId, errorCode: e.name });
    return undefined;
  }
}

async function mixedWorkload(root: Creds, noPolicy: Creds): Promise<void> {
  const badSecret = { accessKeyId: root.accessKeyId, secretAccessKey: 'x'.repeat(40) };
  const hsm = (c: Creds) => new CloudHSMV2Client(clientConfig(c));
  const sts = (c: Creds) => new STSClient(clientConfig(c));
  const iam = (c: Creds) => new IAMClient(clientConfig(c));
  for (let i = 0; i < 3; i++) {
    await call(() => sts(root).send(new GetCallerIdentityCommand({})));
    await call(() => hsm(root).send(new DescribeClustersCommand({})));
    await call(() => iam(root).send(new ListUsersCommand({})));
    // validation errors
    await call(() => hsm(root).send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: ['subnet-0000000000000000f'] })));
    await call(() => new CloudTrailClient(clientConfig(root)).send(new GetTrailCommand({ Name: 'no-such-trail' })));
    // access denials (a user with no policy), and what it may do anyway
    await call(() => hsm(noPolicy).send(new DescribeClustersCommand({})));
    await call(() => iam(noPolicy).send(new ListUsersCommand({})));
    await call(() => sts(noPolicy).send(new GetCallerIdentityCommand({})));
    // bad signatures
    await call(() => sts(badSecret).send(new GetCallerIdentityCommand({})));
    await call(() => hsm(badSecret).send(new DescribeClustersCommand({})));
  }
}

/**
 * The user guide's setup: a role the account trusts, with AWSCloudHSMFullAccess, calling CreateHsm.
 * AWS refuses AssumeRole from the root user, so an administrator user assumes it.
 */
async function createHsmAsAssumedRole(root: Creds): Promise<void> {
  const iam = new IAMClient(clientConfig(root));
  await iam.send(new CreateUserCommand({ UserName: 'admin' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const adminKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
  const admin = { accessKeyId: adminKey.AccessKeyId!, secretAccessKey: adminKey.SecretAccessKey! };
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }],
  };
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'AdminRole', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'AdminRole', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudHSMFullAccess' }));
  const assumed = await new STSClient(clientConfig(admin)).send(
    new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'ExampleSession' }),
  );
  const c = assumed.Credentials!;
  const session: Creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };

  const described = await run(
    'aws',
    ['ec2', 'describe-subnets', '--filters', 'Name=availability-zone,Values=us-east-1a,us-east-1b', '--output', 'json'],
    server.awsEnv(),
  );
  const subnets = (JSON.parse(described.stdout) as { Subnets: Array<{ SubnetId: string }> }).Subnets;
  const hsm = new CloudHSMV2Client(clientConfig(session));
  const cluster = (await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: subnets.map((s) => s.SubnetId) })))
    .Cluster!;
  await pollUntil(
    () => hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [cluster.ClusterId!] } })),
    (o) => o.Clusters?.[0]?.State === 'UNINITIALIZED',
  );
  const out = await hsm.send(new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: 'us-east-1a' }));
  createHsm = {
    requestId: out.$metadata.requestId!,
    hsm: out.Hsm as unknown as Record<string, string>,
    clusterId: cluster.ClusterId!,
    roleId: role.Role!.RoleId!,
    sessionKey: session.accessKeyId,
  };
}

beforeAll(async () => {
  server = await startServer({ args: ['--timings', 'fast'] });
  const root: Creds = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  await createDeliveryBucket(s3Client(server), BUCKET, server.accountId);
  await createLoggingTrail(server, TRAIL, BUCKET);
  const iam = new IAMClient(clientConfig(root));
  await iam.send(new CreateUserCommand({ UserName: 'no-policy' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-policy' }))).AccessKey!;
  observed.length = 0; // only the mixed workload's calls are counted
  await mixedWorkload(root, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  await createHsmAsAssumedRole(root);
  await flush(server.awsEnv(), TRAIL);
  records = await deliveredRecords(s3Client(server), BUCKET);
}, 80_000);

afterAll(async () => {
  await server?.stop();
});

describe('delivered records match the calls made', () => {
  it('made a real mix: successes, validation errors, access denials and bad signatures', () => {
    const codes = new Set(observed.map((o) => o.errorCode ?? 'ok'));
    expect([...codes].sort()).toEqual(
      [
        'ok',
        'CloudHsmInvalidRequestException',
        'TrailNotFoundException',
        'AccessDeniedException',
        'AccessDenied',
        'SignatureDoesNotMatch',
        'InvalidSignatureException',
      ].sort(),
    );
  });

  it('one event per call: same requestID, same errorCode, no duplicate eventIDs', () => {
    const ids = new Set(observed.map((o) => o.requestId));
    expect(ids.size).toBe(observed.length);
    const ours = records.filter((r) => ids.has(r.record.requestID));
    expect(ours).toHaveLength(observed.length);
    const byRequest = new Map(ours.map((r) => [r.record.requestID as string, r.record]));
    for (const o of observed) expect({ requestId: o.requestId, errorCode: byRequest.get(o.requestId)?.errorCode }).toEqual(o);
    const eventIds = records.map((r) => r.record.eventID);
    expect(new Set(eventIds).size).toBe(eventIds.length);
  });

  it('the calls are found by their userAgent too', () => {
    const tagged = records.filter((r) => String(r.record.userAgent).includes(AGENT));
    const mixed = new Set(observed.map((o) => o.requestId));
    // the CreateHsm setup (AssumeRole, DescribeSubnets, CreateCluster, polls, CreateHsm) carries it too
    expect(tagged.filter((r) => mixed.has(r.record.requestID))).toHaveLength(observed.length);
  });
});

describe('the CreateHsm record of the CloudHSM user guide', () => {
  /**
   * The example record of the CloudHSM User Guide's "Logging AWS CloudHSM API calls with AWS CloudTrail"
   * (https://docs.aws.amazon.com/cloudhsm/latest/userguide/get-api-logs-using-cloudtrail.html): CreateHsm by an assumed role.
   */
  const seed = (): Record<string, any> =>
    JSON.parse(readFileSync(new URL('../fixtures/cloudhsm-user-guide-create-hsm.json', import.meta.url), 'utf8'));

  it('matches the seed field by field apart from ids, times and newer fields', () => {
    const record = records.find((r) => r.record.requestID === createHsm.requestId)?.record;
    expect(record).toBeDefined();
    const acct = server.accountId;
    const { hsm } = createHsm;
    const sessionArn = `arn:aws:sts::${acct}:assumed-role/AdminRole/ExampleSession`;
    const expected = {
      ...seed(),
      eventVersion: expect.stringMatching(/^1\.\d\d$/),
      userIdentity: {
        type: 'AssumedRole',
        principalId: `${createHsm.roleId}:ExampleSession`,
        arn: sessionArn,
        accountId: acct,
        accessKeyId: createHsm.sessionKey,
        sessionContext: {
          attributes: { mfaAuthenticated: 'false', creationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
          sessionIssuer: {
            type: 'Role',
            principalId: createHsm.roleId,
            arn: `arn:aws:iam::${acct}:role/AdminRole`,
            accountId: acct,
            userName: 'AdminRole',
          },
        },
      },
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: expect.stringContaining(AGENT),
      requestParameters: { availabilityZone: 'us-east-1a', clusterId: createHsm.clusterId },
      responseElements: {
        hsm: {
          eniId: hsm.EniId,
          clusterId: createHsm.clusterId,
          state: 'CREATE_IN_PROGRESS',
          eniIp: hsm.EniIp,
          hsmId: hsm.HsmId,
          subnetId: hsm.SubnetId,
          availabilityZone: 'us-east-1a',
        },
      },
      requestID: createHsm.requestId,
      eventID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      recipientAccountId: acct,
    };
    // Only the seed's fields are compared (newer eventVersions add readOnly, managementEvent, tlsDetails...).
    const pick = (actual: any, shape: any): any =>
      shape && typeof shape === 'object' && !Array.isArray(shape) && !('asymmetricMatch' in shape) && actual && typeof actual === 'object'
        ? Object.fromEntries(Object.keys(shape).map((k) => [k, pick(actual[k], shape[k])]))
        : actual;
    expect(pick(record, expected)).toEqual(expected);
    expect(record!.eventType).toBe('AwsApiCall');
    expect(record!.eventSource).toBe('cloudhsm.amazonaws.com');
    expect(record!.eventName).toBe('CreateHsm');
  });
});

describe('SQL over the delivered files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmtrail-records-sql-'));
    const s3 = s3Client(server);
    for (const key of (await listKeys(s3, BUCKET, 'AWSLogs/')).filter((k) => k.includes('/CloudTrail/'))) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), await getObject(s3, BUCKET, key));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hsmtrail sql reads the trail bucket itself: over S3 from the running server, and offline from the data dir', async () => {
    const query = 'SELECT eventid FROM cloudtrail ORDER BY eventid';
    const fromDir = await run(process.execPath, [BIN, 'sql', '--from-dir', dir, '--output', 'json', query], process.env);
    const overS3 = await run(
      process.execPath,
      [BIN, 'sql', '--source', 'files', '--bucket', BUCKET, '--output', 'json', query],
      server.awsEnv(),
    );
    const offline = await run(
      process.execPath,
      [BIN, 'sql', '--source', 'files', '--bucket', BUCKET, '--data-dir', server.dataDir, '--output', 'json', query],
      process.env,
    );
    expect(overS3.status, overS3.stderr).toBe(0);
    expect(offline.status, offline.stderr).toBe(0);
    const ids = JSON.parse(fromDir.stdout);
    expect(ids.length).toBeGreaterThan(0);
    expect(JSON.parse(overS3.stdout)).toEqual(ids);
    expect(JSON.parse(offline.stdout)).toEqual(ids);
  });

  it('hsmtrail sql counts calls per user and event name, as the records do', async () => {
    const query = `SELECT coalesce(useridentity.username, useridentity.type) AS who, eventname, count(*) AS n FROM cloudtrail
      WHERE useragent LIKE '%${AGENT}%' AND eventname <> 'DescribeClusters' OR useridentity.username = 'no-policy' GROUP BY 1, 2 ORDER BY 1, 2`;
    const r = await run(process.execPath, [BIN, 'sql', '--from-dir', dir, '--output', 'json', query], process.env);
    expect(r.status, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as Array<{ who: string; eventname: string; n: number | string }>).map((x) => ({
      ...x,
      n: Number(x.n),
    }));

    const expected = new Map<string, number>();
    for (const { record } of records) {
      const ua = String(record.userAgent);
      const u = record.userIdentity ?? {};
      if (!((ua.includes(AGENT) && record.eventName !== 'DescribeClusters') || u.userName === 'no-policy')) continue;
      const k = `${u.userName ?? u.type}\u0000${record.eventName}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const want = [...expected].map(([k, n]) => ({ who: k.split('\u0000')[0]!, eventname: k.split('\u0000')[1]!, n }));
    expect(rows).toEqual(want.sort((a, b) => (a.who + a.eventname < b.who + b.eventname ? -1 : 1)));
    expect(rows).toContainEqual({ who: 'no-policy', eventname: 'DescribeClusters', n: 3 });
    expect(rows).toContainEqual({ who: 'no-policy', eventname: 'ListUsers', n: 3 });
    expect(rows).toContainEqual({ who: 'Root', eventname: 'ListUsers', n: 3 });
  });
});
