/** The built-in S3 driven by @aws-sdk/client-s3 (default and WHEN_REQUIRED checksums), lib-storage, presigned URLs and boto3. */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, python } from '../support/tools.js';

let server: RunningServer;
const bucket = 'sdk-bucket';

const client = (extra: Partial<S3ClientConfig> = {}) =>
  new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts: 1,
    ...extra,
  });

beforeAll(async () => {
  server = await startServer();
  await client().send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await server?.stop();
});

describe('@aws-sdk/client-s3', () => {
  it('PutObject with default checksums (aws-chunked body, CRC32 trailer) stores and returns the object', async () => {
    const s3 = client();
    const body = randomBytes(300_000);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'default.bin', Body: Readable.from([body]), ContentLength: body.length }),
    );
    expect(put.ChecksumCRC32).toBeDefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'default.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(got.ContentEncoding).toBeUndefined(); // aws-chunked is framing, not stored
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it("PutObject with requestChecksumCalculation 'WHEN_REQUIRED' (plain body)", async () => {
    const s3 = client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'plain.txt',
        Body: 'plain body',
        ContentType: 'text/plain',
        Metadata: { Mixed: 'Case' },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain.txt' }));
    expect(head).toMatchObject({ ContentLength: 10, ContentType: 'text/plain', Metadata: { mixed: 'Case' } });
    const ranged = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', Range: 'bytes=-4' }));
    expect(ranged.$metadata.httpStatusCode).toBe(206);
    expect(ranged.ContentRange).toBe('bytes 6-9/10');
    expect(await ranged.Body!.transformToString()).toBe('body');
    const overridden = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', ResponseContentType: 'application/json' }));
    expect(overridden.ContentType).toBe('application/json');
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', IfNoneMatch: head.ETag }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 304 },
    });
    await expect(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
  });

  it('lib-storage Upload of a multi-part object', async () => {
    const body = randomBytes(12 * 1024 * 1024);
    const upload = new Upload({
      client: client(),
      params: { Bucket: bucket, Key: 'lib/multi.bin', Body: body },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const done = await upload.done();
    expect(done.ETag).toMatch(/-3"$/);
    const got = await client().send(new GetObjectCommand({ Bucket: bucket, Key: 'lib/multi.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it('virtual-hosted addressing (bucket.localhost) works like path style', async () => {
    const endpoint = server.endpoint.replace('127.0.0.1', 'localhost');
    // The SDK addresses <bucket>.localhost; resolve every name to the loopback server.
    const lookup = (_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
    const s3 = client({ endpoint, forcePathStyle: false, requestHandler: { httpAgent: new Agent({ lookup: lookup as never }) } });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'vhost/a b.txt', Body: 'virtual' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'vhost/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['vhost/a b.txt']);
    const got = await client().send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/a b.txt' }));
    expect(await got.Body!.transformToString()).toBe('virtual');
  });

  it('ListObjectsV2 with EncodingType url encodes keys and prefixes', async () => {
    const s3 = client();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'enc/x y+z.txt', Body: 'e' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'enc/', EncodingType: 'url' }));
    expect(listed.EncodingType).toBe('url');
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['enc/x%20y%2Bz.txt']);
  });

  it('presigned GET and PUT work; an expired presigned URL is 403 AccessDenied "Request has expired"', async () => {
    const s3 = client();
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'presigned.txt' }), { expiresIn: 60 });
    expect((await fetch(putUrl, { method: 'PUT', body: 'via presigned put' })).status).toBe(200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'presigned.txt' }), { expiresIn: 60 });
    const res = await fetch(getUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('via presigned put');
    const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'presigned.txt' }), {
      expiresIn: 1,
      signingDate: new Date(Date.now() - 60_000),
    });
    const denied = await fetch(expired);
    expect(denied.status).toBe(403);
    const xml = await denied.text();
    expect(xml).toContain('<Code>AccessDenied</Code>');
    expect(xml).toContain('<Message>Request has expired</Message>');
  });
});

describe.skipIf(!hasTool('python3', ['-c', 'import boto3']))('boto3', () => {
  it('put/get/list and a multipart upload_file with a small multipart_threshold', async () => {
    const code = `
import boto3, os, json, tempfile
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name='us-east-1')
s3.put_object(Bucket='${bucket}', Key='boto/one.txt', Body=b'boto body', Metadata={'Tag': 'x'})
got = s3.get_object(Bucket='${bucket}', Key='boto/one.txt')
path = os.path.join(tempfile.mkdtemp(), 'f.bin')
data = os.urandom(11 * 1024 * 1024)
open(path, 'wb').write(data)
s3.upload_file(path, '${bucket}', 'boto/multi.bin', Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
head = s3.head_object(Bucket='${bucket}', Key='boto/multi.bin')
back = s3.get_object(Bucket='${bucket}', Key='boto/multi.bin')['Body'].read()
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='${bucket}', Prefix='boto/')['Contents']]
print(json.dumps({'body': got['Body'].read().decode(), 'meta': got['Metadata'], 'etag': head['ETag'], 'same': back == data, 'keys': keys}))
`;
    const r = await python(server.awsEnv(), code);
    expect(r.stderr).not.toMatch(/Traceback/);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out).toMatchObject({ body: 'boto body', meta: { tag: 'x' }, same: true, keys: ['boto/multi.bin', 'boto/one.txt'] });
    expect(out.etag).toMatch(/-3"$/);
  });
});
