import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { BucketStore } from '../../src/storage/objects/local/bucket-store.js';
import { dataDirLayout } from '../../src/storage/data-dir.js';
import { LifecycleWorker } from '../../src/services/s3/lifecycle-worker.js';

const DAY = 86_400_000;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the call should have failed'),
    (e) => ({ code: e.name as string, status: e.$metadata?.httpStatusCode as number, message: e.message as string }),
  );

describe('S3 bucket lifecycle configuration: API and validation', () => {
  let h: GatewayHarness;
  let s3: S3Client;
  const put = (Rules: LifecycleRule[], Bucket = 'lc-api') =>
    s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));

  beforeAll(async () => {
    h = await gatewayHarness();
    s3 = new S3Client(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'lc-api' }));
  });
  afterAll(() => h.close());

  it('puts, gets and deletes a configuration; a missing one is NoSuchLifecycleConfiguration', async () => {
    expect(await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' })))).toEqual({
      code: 'NoSuchLifecycleConfiguration',
      status: 404,
      message: 'The lifecycle configuration does not exist',
    });
    const rules: LifecycleRule[] = [
      { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Expiration: { Days: 30 } },
      {
        ID: 'tmp',
        Status: 'Disabled',
        Filter: { And: { Prefix: 'tmp/', ObjectSizeGreaterThan: 10 } },
        Expiration: { Date: new Date('2030-01-01T00:00:00Z') },
      },
      { ID: 'uploads', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    const res = await put(rules);
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }));
    expect(got.Rules).toEqual([
      rules[0],
      { ...rules[1], Expiration: { Date: new Date('2030-01-01T00:00:00Z') } },
      { ID: 'uploads', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ]);
    // A management event: the bucket, the subresource, not the rules body.
    const [record] = h.recordsFor(res.$metadata.requestId!);
    expect(record).toMatchObject({ eventName: 'PutBucketLifecycleConfiguration', readOnly: false, managementEvent: true });
    expect(record!.requestParameters).toMatchObject({ bucketName: 'lc-api', lifecycle: '' });

    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'lc-api' }));
    expect((await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' })))).code).toBe(
      'NoSuchLifecycleConfiguration',
    );
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'lc-api' })); // deleting none succeeds
  });

  it.each([
    [
      'Days 0',
      [{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 0 } }],
      'InvalidArgument',
      "'Days' for Expiration action must be a positive integer",
    ],
    [
      'a Date not at midnight',
      [{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Date: new Date('2030-01-01T12:00:00Z') } }],
      'InvalidArgument',
      "'Date' must be at midnight GMT",
    ],
    [
      'no action',
      [{ Status: 'Enabled', Filter: { Prefix: 'a/' } }],
      'InvalidRequest',
      'At least one action needs to be specified in a rule',
    ],
    [
      'Days and Date',
      [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 1, Date: new Date('2030-01-01T00:00:00Z') } }],
      'MalformedXML',
      undefined,
    ],
    [
      'Prefix and Filter',
      [{ Status: 'Enabled', Prefix: 'a/', Filter: { Prefix: 'a/' }, Expiration: { Days: 1 } }],
      'MalformedXML',
      undefined,
    ],
    ['neither Prefix nor Filter', [{ Status: 'Enabled', Expiration: { Days: 1 } }], 'MalformedXML', undefined],
    [
      'two filter elements',
      [{ Status: 'Enabled', Filter: { Prefix: 'a/', ObjectSizeLessThan: 5 }, Expiration: { Days: 1 } }],
      'MalformedXML',
      undefined,
    ],
    ['a bad Status', [{ Status: 'On', Filter: {}, Expiration: { Days: 1 } }], 'MalformedXML', undefined],
    ['no Status', [{ Filter: {}, Expiration: { Days: 1 } }], 'MalformedXML', undefined],
    [
      'duplicate IDs',
      [1, 2].map(() => ({ ID: 'same', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } })),
      'InvalidArgument',
      'Rule ID must be unique. Found same ID for more than one rule',
    ],
    [
      'an ID over 255 characters',
      [{ ID: 'x'.repeat(256), Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }],
      'InvalidArgument',
      'ID length should not exceed allowed limit of 255',
    ],
    [
      'DaysAfterInitiation 0',
      [{ Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 0 } }],
      'InvalidArgument',
      "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
    ],
    [
      'abort with a tag filter',
      [{ Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
      'InvalidRequest',
      'AbortIncompleteMultipartUpload cannot be specified with Tags.',
    ],
    [
      'a transition',
      [{ Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }],
      'NotImplemented',
      undefined,
    ],
  ] as Array<[string, LifecycleRule[], string, string | undefined]>)('refuses %s with %s', async (_what, rules, code, message) => {
    const err = await failure(put(rules));
    expect(err.code).toBe(code);
    expect(err.status).toBe(code === 'NotImplemented' ? 501 : 400);
    if (message) expect(err.message).toBe(message);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    expect((await failure(put([{ Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }], 'lc-missing'))).code).toBe('NoSuchBucket');
  });

  const lifecycleXml =
    '<LifecycleConfiguration><Rule><Filter><Prefix>a/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>';
  const raw = async (headers: Record<string, string>, body = lifecycleXml) =>
    h.send(await h.sign({ method: 'PUT', path: '/lc-api', query: 'lifecycle', headers, body: Buffer.from(body) }, 's3'));

  it('requires Content-MD5 or an x-amz-checksum-* header, and checks it against the body', async () => {
    const missing = await raw({});
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>InvalidRequest</Code><Message>Missing required header for this request: Content-MD5</Message>');
    const wrong = await raw({ 'content-md5': createHash('md5').update('other').digest('base64') });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('<Code>BadDigest</Code>');
    const badCrc = await raw({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    expect(badCrc.body).toContain('<Code>BadDigest</Code>');
    // Neither failure stored anything; a right MD5 does.
    expect((await failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' })))).code).toBe(
      'NoSuchLifecycleConfiguration',
    );
    const ok = await raw({ 'content-md5': createHash('md5').update(lifecycleXml).digest('base64') });
    expect(ok.status).toBe(200);
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }));
    expect(got.Rules).toEqual([{ Filter: { Prefix: 'a/' }, Status: 'Enabled', Expiration: { Days: 1 } }]);
  });

  it('answers MalformedXML for a body that is not the schema', async () => {
    const body =
      '<LifecycleConfiguration><Rule><Filter></Filter><Status>Enabled</Status><Expiration><Days>soon</Days></Expiration></Rule></LifecycleConfiguration>';
    const res = await raw({ 'content-md5': createHash('md5').update(body).digest('base64') }, body);
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>MalformedXML</Code>');
  });

  it('asks IAM for s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration (also for the delete)', async () => {
    const iam = new IAMClient(h.clientConfig());
    const userAllowed = async (UserName: string, action: string) => {
      await iam.send(new CreateUserCommand({ UserName }));
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::lc-api' }] };
      await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'one-action', PolicyDocument: JSON.stringify(policy) }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
      return new S3Client(h.clientConfig({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }));
    };
    const reader = await userAllowed('lc-reader', 's3:GetLifecycleConfiguration');
    const writer = await userAllowed('lc-writer', 's3:PutLifecycleConfiguration');
    const putBy = (c: S3Client) =>
      c.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: 'lc-api',
          LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }] },
        }),
      );
    const getBy = (c: S3Client) => c.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-api' }));
    const deleteBy = (c: S3Client) => c.send(new DeleteBucketLifecycleCommand({ Bucket: 'lc-api' }));

    expect((await getBy(reader)).Rules).toHaveLength(1);
    expect(await failure(putBy(reader))).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(await failure(deleteBy(reader))).toMatchObject({ code: 'AccessDenied', status: 403 });
    await putBy(writer);
    expect(await failure(getBy(writer))).toMatchObject({ code: 'AccessDenied', status: 403 });
    await deleteBy(writer);
    expect((await failure(getBy(reader))).code).toBe('NoSuchLifecycleConfiguration');
  });
});

describe('S3 lifecycle expiration worker (injected clock)', () => {
  let h: GatewayHarness;
  let s3: S3Client;
  let store: BucketStore;
  const BUCKET = 'lc-expire';

  beforeAll(async () => {
    h = await gatewayHarness();
    s3 = new S3Client(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    // The server's own engine is not exposed; this one shares its store (and so its write queue).
    store = new BucketStore(h.app.store, dataDirLayout(h.app.config.dataDir).buckets);
  });
  afterAll(() => h.close());

  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);
  const putObject = (Key: string, Body = 'x') => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  const head = (key: string) => store.read((tx) => store.headObject(tx, BUCKET, key));
  const worker = (at: number, batchSize?: number) => new LifecycleWorker({ store, clock: () => new Date(at), batchSize });

  it('expires objects at the first midnight UTC after creation + Days, by prefix, in batches, unrecorded', async () => {
    for (let i = 0; i < 5; i++) await putObject(`AWSLogs/old-${i}.json.gz`);
    await putObject('other/keep.txt');
    await putObject('AWSLogs/small', ''); // excluded by the size filter below
    const created = (await head('AWSLogs/old-0.json.gz')).lastModified.getTime();
    const latest = Math.max(...(await Promise.all((await keys()).map(async (k) => (await head(k!)).lastModified.getTime()))));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'logs', Status: 'Enabled', Filter: { And: { Prefix: 'AWSLogs/', ObjectSizeGreaterThan: 0 } }, Expiration: { Days: 2 } },
            { ID: 'off', Status: 'Disabled', Filter: { Prefix: 'other/' }, Expiration: { Days: 1 } },
          ],
        },
      }),
    );
    // Due at startOfDay(created) + 2 days + 1 day, i.e. the next midnight after created + 2 days.
    const due = (Math.floor(created / DAY) + 3) * DAY;
    expect(due).toBe(Math.ceil((created + 2 * DAY + 1) / DAY) * DAY);
    expect(Math.floor(latest / DAY)).toBe(Math.floor(created / DAY)); // all made on one UTC day

    const recordsBefore = h.records().length;
    expect(await worker(due - 1).runOnce()).toEqual({ expiredObjects: 0, abortedUploads: 0 });
    expect(await keys()).toHaveLength(7);

    expect(await worker(due, 2).runOnce()).toEqual({ expiredObjects: 5, abortedUploads: 0 });
    expect(await keys()).toEqual(['AWSLogs/small', 'other/keep.txt']);
    expect(h.records().length).toBe(recordsBefore); // expirations are not API calls
    // The blobs went with the rows (only the two kept objects remain on disk).
    expect((await store.recover()).removedOrphanBlobs).toBe(0);
  });

  it('expires everything a Date rule selects once the Date has passed, and aborts stale uploads', async () => {
    await putObject('dated/a');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'dated/upload' }));
    const today = Math.floor(Date.now() / DAY) * DAY;
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'dated',
              Status: 'Enabled',
              Filter: { Prefix: 'dated/' },
              Expiration: { Date: new Date(today + 3 * DAY) },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      }),
    );
    expect(await worker(today + DAY - 1).runOnce()).toEqual({ expiredObjects: 0, abortedUploads: 0 });
    expect(await worker(today + 2 * DAY).runOnce()).toEqual({ expiredObjects: 0, abortedUploads: 1 });
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
    expect(UploadId).toBeTruthy();
    expect(await worker(today + 3 * DAY).runOnce()).toEqual({ expiredObjects: 1, abortedUploads: 0 });
    expect(await keys()).toEqual(['AWSLogs/small', 'other/keep.txt']);
  });
});
