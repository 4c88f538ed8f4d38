import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { recordS3DataEvents } from '../support/s3-data-events.js';

const MiB = 1024 * 1024;
const BUCKET = 'parts-bucket';

/** The SDK's error as S3 named it: code, HTTP status, and the request id its event carries. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the call should have failed'),
    (e) => ({
      code: e.name as string,
      status: e.$metadata?.httpStatusCode as number,
      requestId: e.$metadata?.requestId as string,
      message: e.message as string,
    }),
  );

describe('S3 multipart: retried completion, partNumber reads, conditional writes', () => {
  let h: GatewayHarness;
  let s3: S3Client;
  const part1 = randomBytes(5 * MiB);
  const part3 = Buffer.from('the short last part');

  beforeAll(async () => {
    h = await gatewayHarness();
    s3 = new S3Client(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await recordS3DataEvents(h, [BUCKET]);
  });
  afterAll(() => h.close());

  /** An upload with parts 1 and 3 (sparse numbers, as S3 allows), not yet completed. */
  async function uploadParts(key: string) {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const e1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: part1 }));
    const e3 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 3, Body: part3 }));
    return {
      UploadId: UploadId!,
      Parts: [
        { PartNumber: 1, ETag: e1.ETag },
        { PartNumber: 3, ETag: e3.ETag },
      ],
    };
  }

  const complete = (
    key: string,
    u: { UploadId: string; Parts: Array<{ PartNumber: number; ETag?: string }> },
    extra: { IfNoneMatch?: string } = {},
  ) =>
    s3.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: u.UploadId, MultipartUpload: { Parts: u.Parts }, ...extra }),
    );

  it('answers a retried CompleteMultipartUpload with the same parts with the same ETag, and records it', async () => {
    const u = await uploadParts('retried');
    const first = await complete('retried', u);
    const retry = await complete('retried', u);
    expect(retry.ETag).toBe(first.ETag);
    expect(retry).toMatchObject({ Bucket: BUCKET, Key: 'retried' });
    expect(h.recordsFor(retry.$metadata.requestId!)).toEqual([
      expect.objectContaining({
        eventName: 'CompleteMultipartUpload',
        requestParameters: expect.objectContaining({ uploadId: u.UploadId }),
      }),
    ]);
    expect(h.recordsFor(retry.$metadata.requestId!)[0].errorCode).toBeUndefined();
    // The object is the first completion's, still whole.
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'retried' }));
    expect(got.ETag).toBe(first.ETag);
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([part1, part3]))).toBe(true);
  });

  it('still refuses a completed upload id with a different part list (NoSuchUpload)', async () => {
    const u = await uploadParts('other-parts');
    await complete('other-parts', u);
    const err = await failure(complete('other-parts', { UploadId: u.UploadId, Parts: u.Parts.slice(0, 1) }));
    expect(err).toMatchObject({ code: 'NoSuchUpload', status: 404 });
    expect(h.recordsFor(err.requestId)[0]).toMatchObject({ errorCode: 'NoSuchUpload' });
  });

  it('serves one part of a multipart object: its bytes, 206, Content-Range and x-amz-mp-parts-count', async () => {
    const u = await uploadParts('parted');
    const done = await complete('parted', u);
    const total = part1.length + part3.length;

    const p3 = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'parted', PartNumber: 3 }));
    expect(p3.$metadata.httpStatusCode).toBe(206);
    expect(p3).toMatchObject({
      PartsCount: 2,
      ContentLength: part3.length,
      ContentRange: `bytes ${part1.length}-${total - 1}/${total}`,
      ETag: done.ETag,
    });
    expect(Buffer.from(await p3.Body!.transformToByteArray()).equals(part3)).toBe(true);

    const p1 = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'parted', PartNumber: 1 }));
    expect(p1).toMatchObject({ PartsCount: 2, ContentLength: part1.length, ContentRange: `bytes 0-${part1.length - 1}/${total}` });
    expect(Buffer.from(await p1.Body!.transformToByteArray()).equals(part1)).toBe(true);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'parted', PartNumber: 3 }));
    expect(head.$metadata.httpStatusCode).toBe(206);
    expect(head).toMatchObject({ PartsCount: 2, ContentLength: part3.length, ContentRange: `bytes ${part1.length}-${total - 1}/${total}` });

    // Without partNumber S3 sends no parts count.
    const whole = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'parted' }));
    expect(whole.PartsCount).toBeUndefined();
    expect(whole.ContentLength).toBe(total);
  });

  it('answers a part the object does not have with 416 InvalidPartNumber, recorded', async () => {
    const u = await uploadParts('sparse');
    await complete('sparse', u);
    const err = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sparse', PartNumber: 2 })));
    expect(err).toMatchObject({ code: 'InvalidPartNumber', status: 416, message: 'The requested partnumber is not satisfiable' });
    expect(h.recordsFor(err.requestId)[0]).toMatchObject({ eventName: 'GetObject', errorCode: 'InvalidPartNumber' });
    const head = await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'sparse', PartNumber: 4 })));
    expect(head.status).toBe(416);
  });

  it('serves partNumber=1 of a single-PUT object as the whole object, without a parts count', async () => {
    const body = Buffer.from('one piece');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'single', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'single', PartNumber: 1 }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got).toMatchObject({ ContentLength: body.length, ContentRange: `bytes 0-${body.length - 1}/${body.length}` });
    expect(got.PartsCount).toBeUndefined();
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'single', PartNumber: 2 })))).toMatchObject({
      code: 'InvalidPartNumber',
      status: 416,
    });
  });

  it('refuses Range together with partNumber, and part numbers outside 1..10000', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'both', Body: 'abc' }));
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'both', PartNumber: 1, Range: 'bytes=0-1' })))).toMatchObject({
      code: 'InvalidRequest',
      status: 400,
      message: 'Cannot specify both Range header and partNumber query parameter',
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'both', PartNumber: 10001 })))).toMatchObject({
      code: 'InvalidArgument',
      status: 400,
    });
  });

  it('refuses CompleteMultipartUpload with If-None-Match: * over an existing key (412), leaving the upload open', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'taken', Body: 'already here' }));
    const u = await uploadParts('taken');
    const err = await failure(complete('taken', u, { IfNoneMatch: '*' }));
    expect(err).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(h.recordsFor(err.requestId)[0]).toMatchObject({ eventName: 'CompleteMultipartUpload', errorCode: 'PreconditionFailed' });
    const still = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'taken' }));
    expect(await still.Body!.transformToString()).toBe('already here');
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'taken' }));
    expect(open.Uploads?.map((x) => x.UploadId)).toEqual([u.UploadId]);
  });

  it('completes with If-None-Match: * on a free key, and a retry of it still succeeds', async () => {
    const u = await uploadParts('fresh');
    const first = await complete('fresh', u, { IfNoneMatch: '*' });
    const retry = await complete('fresh', u, { IfNoneMatch: '*' });
    expect(retry.ETag).toBe(first.ETag);
  });

  it('answers PutObject If-None-Match with an ETag value 501 NotImplemented (S3 supports only `*`), writing nothing', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'etag-cond', Body: 'v1' }));
    for (const key of ['etag-cond', 'etag-cond-new']) {
      const err = await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'v2', IfNoneMatch: put.ETag })));
      expect(err).toMatchObject({
        code: 'NotImplemented',
        status: 501,
        message: 'A header you provided implies functionality that is not implemented',
      });
      expect(h.recordsFor(err.requestId)[0]).toMatchObject({ eventName: 'PutObject', errorCode: 'NotImplemented' });
    }
    expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'etag-cond' }))).Body!.transformToString()).toBe('v1');
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'etag-cond-new' })))).toMatchObject({ status: 404 });
    // `*` keeps its meaning.
    expect(await failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'etag-cond', Body: 'v3', IfNoneMatch: '*' })))).toMatchObject({
      code: 'PreconditionFailed',
      status: 412,
    });
  });

  it('does not echo an empty Delimiter in ListObjects and ListObjectsV2', async () => {
    for (const query of ['list-type=2&delimiter=', 'delimiter=']) {
      const res = await h.send(await h.sign({ method: 'GET', path: `/${BUCKET}`, query }, 's3'));
      expect(res.status).toBe(200);
      expect(res.body).toContain('<Name>parts-bucket</Name>');
      expect(res.body).not.toContain('<Delimiter');
    }
    const withSlash = await h.send(await h.sign({ method: 'GET', path: `/${BUCKET}`, query: 'list-type=2&delimiter=%2F' }, 's3'));
    expect(withSlash.body).toContain('<Delimiter>/</Delimiter>');
  });
});
