import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * The clean stop before the disk is full, in-process against the real filesystem: the threshold is set
 * relative to what statfs reports for the temp dir right now, so the server really sees itself below it.
 * (test/conformance/disk-full.test.ts fills a real small filesystem.)
 */
const freeNow = () => {
  const s = statfsSync(tmpdir());
  return s.bavail * s.bsize;
};

/** The SDK's view of a failed call and the records its request id left. */
async function failure(h: GatewayHarness, call: Promise<unknown>) {
  const err: any = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );
  return {
    name: err.name,
    status: err.$metadata?.httpStatusCode,
    attempts: err.$metadata?.attempts,
    message: err.message,
    records: h.recordsFor(err.$metadata?.requestId),
  };
}

describe('below --min-free-space: writes refused, reads served', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    // Twice the free space as the threshold: below it, but well above its quarter (the hard floor).
    h = await gatewayHarness({ flags: { minFreeSpace: String(2 * freeNow()) } });
  });
  afterAll(() => h?.close());

  it('IAM: a write is a retryable 503 ServiceUnavailable, recorded; the SDK retries it', async () => {
    const iam = new IAMClient({ ...h.clientConfig(), maxAttempts: 3 });
    const f = await failure(h, iam.send(new CreateUserCommand({ UserName: 'refused' })));
    expect(f).toMatchObject({
      name: 'ServiceUnavailable',
      status: 503,
      attempts: 3,
      message: 'The request has failed due to a temporary failure of the server.',
    });
    expect(f.records).toHaveLength(1);
    expect(f.records[0]).toMatchObject({ eventName: 'CreateUser', errorCode: 'ServiceUnavailable', readOnly: false });
    // All three attempts were refused and recorded, and none created the user.
    expect(h.records().filter((r) => r.eventName === 'CreateUser' && r.errorCode === 'ServiceUnavailable')).toHaveLength(3);
    const listed = await iam.send(new ListUsersCommand({}));
    expect(listed.Users?.map((u) => u.UserName)).not.toContain('refused');
    expect(h.recordsFor(listed.$metadata.requestId!)).toHaveLength(1);
    expect((await failure(h, iam.send(new GetUserCommand({ UserName: 'refused' })))).name).toBe('NoSuchEntityException');
  });

  it('CloudTrail: CreateTrail is refused, LookupEvents is served', async () => {
    const ct = new CloudTrailClient(h.clientConfig());
    const f = await failure(h, ct.send(new CreateTrailCommand({ Name: 't', S3BucketName: 'b' })));
    expect(f).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect(f.records[0]).toMatchObject({ eventName: 'CreateTrail', errorCode: 'ServiceUnavailable' });
    const found = await ct.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateTrail' }] }),
    );
    expect(found.Events?.length).toBeGreaterThan(0);
  });

  it('S3: a bucket or object write is 503 SlowDown; listing and reads work', async () => {
    const s3 = new S3Client(h.clientConfig());
    const f = await failure(h, s3.send(new CreateBucketCommand({ Bucket: 'refused-bucket' })));
    expect(f).toMatchObject({ name: 'SlowDown', status: 503, message: 'Please reduce your request rate.' });
    expect(f.records[0]).toMatchObject({ eventName: 'CreateBucket', errorCode: 'SlowDown' });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    const put = await failure(h, s3.send(new PutObjectCommand({ Bucket: 'refused-bucket', Key: 'k', Body: 'x' })));
    expect(put).toMatchObject({ name: 'SlowDown', status: 503 });
    expect((await failure(h, s3.send(new GetObjectCommand({ Bucket: 'refused-bucket', Key: 'k' })))).name).toBe('NoSuchBucket');
  });
});

describe('below the hard floor: every call refused, nothing written', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    // Eight times the free space: its quarter (the floor) is still above what is free.
    h = await gatewayHarness({ flags: { minFreeSpace: String(8 * freeNow()) } });
  });
  afterAll(() => h?.close());

  it('answers reads and writes 503 without recording them (fail closed)', async () => {
    const before = h.records().length;
    const iam = new IAMClient(h.clientConfig());
    expect(await failure(h, iam.send(new ListUsersCommand({})))).toMatchObject({ name: 'ServiceUnavailable', status: 503, records: [] });
    expect(await failure(h, iam.send(new CreateUserCommand({ UserName: 'u' })))).toMatchObject({ name: 'ServiceUnavailable', records: [] });
    const s3 = new S3Client(h.clientConfig());
    expect(await failure(h, s3.send(new ListBucketsCommand({})))).toMatchObject({ name: 'SlowDown', status: 503, records: [] });
    expect(h.records().length).toBe(before);
  });

  it('a malformed call gets the 503 too, since its event could not be kept', async () => {
    const res = await h.send(
      await h.sign(
        {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Buffer.from('Action=CreateUser&Version=2010-05-08'),
        },
        'iam',
      ),
    );
    expect(res.status).toBe(503);
    expect(res.body).toContain('<Code>ServiceUnavailable</Code>');
    expect(res.body).toContain('<Type>Receiver</Type>');
  });
});
