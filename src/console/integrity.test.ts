import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLoginProfileCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../../test/support/gateway.js';
import { cloudTrailBucketPolicy } from '../audit/deliver/bucket-policy.js';
import type { ConsoleRequest } from './console.js';

/**
 * The console backend's trail actions in-process: the bucket policy comes from the one builder, integrity
 * validation reads with the session's own credentials (an IAM denial on a read reaches the page as S3 said
 * it), and the event search is hsmtrail's SearchEvents, IAM-checked like any call.
 */
describe('console backend: trail bucket policy, validate-logs, SearchEvents', () => {
  let h: GatewayHarness;
  let trailArn: string;
  const ORIGIN = 'http://127.0.0.1:4599';

  const send = async (path: string, body: unknown, session?: { cookie: string; csrf: string }) => {
    const headers: ConsoleRequest['headers'] = { host: '127.0.0.1:4599', 'content-type': 'application/json', origin: ORIGIN };
    if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
    const res = await h.app.console.handle({
      method: 'POST',
      path,
      headers,
      body: Buffer.from(JSON.stringify(body)),
      sourceIp: '198.51.100.7',
    });
    return { status: res.status, headers: res.headers, json: JSON.parse((res.body as Buffer).toString('utf8')) };
  };
  const signIn = async (userName: string) => {
    const res = await send('/console/api/signin', { accountId: h.accountId, userName, password: `${userName}-Passw0rd!` });
    expect(res.status).toBe(200);
    return { cookie: /^[^;]+/.exec(res.headers['set-cookie']!)![0], csrf: res.json.csrfToken as string };
  };

  beforeAll(async () => {
    h = await gatewayHarness();
    const iam = new IAMClient(h.clientConfig());
    // auditor may read trails and keys but not the bucket; searcher may search events.
    const users: Record<string, string[]> = {
      auditor: ['cloudtrail:DescribeTrails', 'cloudtrail:ListPublicKeys'],
      searcher: ['hsmtrail:SearchEvents'],
    };
    for (const [user, actions] of Object.entries(users)) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: `${user}-Passw0rd!` }));
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
      await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'p', PolicyDocument: JSON.stringify(doc) }));
    }
    const s3 = new S3Client({ ...h.clientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'integrity-bucket' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'integrity-bucket',
        Policy: cloudTrailBucketPolicy({ bucket: 'integrity-bucket', accountId: h.accountId }),
      }),
    );
    const out = await new CloudTrailClient(h.clientConfig()).send(
      new CreateTrailCommand({ Name: 'checked', S3BucketName: 'integrity-bucket', EnableLogFileValidation: true }),
    );
    trailArn = out.TrailARN!;
  });
  afterAll(() => h.close());

  it("answers AWS's CloudTrail bucket policy for the trail the page is creating", async () => {
    const s = await signIn('auditor');
    const res = await send('/console/api/trail-bucket-policy', { Bucket: 'new-bucket', TrailName: 'web' }, s);
    expect(res.status).toBe(200);
    const arn = `arn:aws:cloudtrail:us-east-1:${h.accountId}:trail/web`;
    expect(res.json.Policy).toBe(cloudTrailBucketPolicy({ bucket: 'new-bucket', accountId: h.accountId, trailArn: arn }));
    expect((await send('/console/api/trail-bucket-policy', { Bucket: 'X', TrailName: 'web' }, s)).status).toBe(400);
  });

  it("validates with the session's own credentials: a denied bucket read is S3's AccessDenied", async () => {
    const s = await signIn('auditor');
    const res = await send('/console/api/validate-logs', { TrailARN: trailArn, StartTime: '2026-01-01T00:00:00Z' }, s);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('AccessDenied');
    const describe = h.records().filter((r) => r.eventName === 'DescribeTrails' && r.userIdentity?.userName === 'auditor');
    expect(describe.at(-1)).toMatchObject({ sessionCredentialFromConsole: 'true', sourceIPAddress: '198.51.100.7' });
  });

  it('searches events with SearchEvents under IAM: allowed for searcher, AccessDenied for auditor', async () => {
    // A console call that fails (the auditor may not GetTrailStatus): an error event from the browser's address.
    const failed = await send('/console/api/aws/cloudtrail/GetTrailStatus', { Name: 'checked' }, await signIn('auditor'));
    expect(failed.status).toBe(400);
    const allowed = await send(
      '/console/api/aws/hsmtrail/SearchEvents',
      { Limit: 10, ErrorsOnly: true, SourceIp: '198.51.100.0/24' },
      await signIn('searcher'),
    );
    expect(allowed.status).toBe(200);
    const found = allowed.json.Events.map((e: { Record: string }) => JSON.parse(e.Record));
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r).toMatchObject({ sourceIPAddress: '198.51.100.7', errorCode: expect.any(String) });
    const denied = await send('/console/api/aws/hsmtrail/SearchEvents', { Limit: 10 }, await signIn('auditor'));
    expect(denied.status).toBe(400); // the admin API (awsJson1_1) answers a denial with 400
    expect(denied.json.error.code).toMatch(/AccessDenied/);
    const refused = await send('/console/api/aws/hsmtrail/FlushTrails', {}, await signIn('searcher'));
    expect(refused.json.error.code).toBe('InvalidAction');
  });
});
