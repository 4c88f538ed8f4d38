import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32c } from './checksums.js';
import { contentRange } from './range.js';
import { readAll, tempStore, type TempStore } from './test-support.js';

const OWNER = '111122223333';
const code = (c: string, status?: number) => expect.objectContaining(status ? { code: c, status } : { code: c });

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.createBucket('data', 'us-east-1', OWNER);
});
afterEach(() => t.close());

describe('buckets', () => {
  it('validates names per S3 rules', async () => {
    for (const bad of ['ab', 'UPPER', 'a..b', '192.168.1.1', '-start', 'end-', 'xn--abc', 'x'.repeat(64), 'name-s3alias', 'under_score']) {
      await expect(t.store.createBucket(bad, 'us-east-1', OWNER), bad).rejects.toThrow(code('InvalidBucketName', 400));
    }
    expect(await t.store.createBucket('my.bucket-1', 'eu-west-1', OWNER)).toMatchObject({ name: 'my.bucket-1', region: 'eu-west-1' });
  });

  it('distinguishes re-creating your own bucket from taking someone else’s', async () => {
    await expect(t.store.createBucket('data', 'us-east-1', OWNER)).rejects.toThrow(code('BucketAlreadyOwnedByYou', 409));
    await expect(t.store.createBucket('data', 'us-east-1', '999999999999')).rejects.toThrow(code('BucketAlreadyExists', 409));
  });

  it('refuses to delete a non-empty bucket, then deletes it once empty', async () => {
    await t.put('data', 'k', 'v');
    await expect(t.store.deleteBucket('data')).rejects.toThrow(
      expect.objectContaining({
        code: 'BucketNotEmpty',
        status: 409,
        message: 'The bucket you tried to delete is not empty',
        fields: { BucketName: 'data' },
      }),
    );
    await t.store.transaction(() => t.store.deleteObject('data', 'k'));
    await t.store.deleteBucket('data');
    expect(await t.store.getBucket('data')).toBeUndefined();
    await expect(t.store.deleteBucket('data')).rejects.toThrow(code('NoSuchBucket', 404));
  });

  it('lists buckets by owner and stores policies verbatim', async () => {
    await t.store.createBucket('other', 'us-east-1', '999999999999');
    expect((await t.store.listBuckets(OWNER)).map((b) => b.name)).toEqual(['data']);
    expect((await t.store.listBuckets()).map((b) => b.name)).toEqual(['data', 'other']);
    await expect(t.store.getBucketPolicy('data')).rejects.toThrow(code('NoSuchBucketPolicy', 404));
    const policy = '{ "Version": "2012-10-17", "Statement": [] }';
    await t.store.putBucketPolicy('data', policy);
    expect(await t.store.getBucketPolicy('data')).toBe(policy);
    await expect(t.store.putBucketPolicy('data', 'not json')).rejects.toThrow(code('MalformedPolicy', 400));
    await t.store.deleteBucketPolicy('data');
    await expect(t.store.getBucketPolicy('data')).rejects.toThrow(code('NoSuchBucketPolicy'));
  });
});

describe('objects', () => {
  it('streams a body from a Readable and stores headers, lower-cased metadata and checksums', async () => {
    const body = randomBytes(300_000);
    const staged = await t.store.stageBlob(Readable.from([body.subarray(0, 1000), body.subarray(1000)]), {
      checksumAlgorithms: ['CRC32', 'CRC32C', 'SHA1', 'SHA256'],
    });
    const r = await t.store.transaction(() =>
      t.store.commitObject('data', 'k', staged, { cacheControl: 'no-cache', contentDisposition: 'inline', metadata: { 'X-Trail': 'A' } }),
    );
    expect(r.etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    const info = await t.store.headObject('data', 'k');
    expect(info).toMatchObject({
      size: body.length,
      contentType: 'binary/octet-stream',
      cacheControl: 'no-cache',
      contentDisposition: 'inline',
      metadata: { 'x-trail': 'A' },
    });
    expect(info.checksums.SHA256).toBe(createHash('sha256').update(body).digest('base64'));
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32c(body));
    expect(info.checksums.CRC32C).toBe(crc.toString('base64'));
  });

  it('computes CRC32C correctly (RFC 3720 check value)', async () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('rejects a wrong Content-MD5 or checksum with BadDigest and leaves no tmp file', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    await expect(t.store.stageBlob(Buffer.from('hello'), { expectedMd5Base64: wrong })).rejects.toThrow(
      expect.objectContaining({ code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' }),
    );
    await expect(t.store.stageBlob(Buffer.from('hello'), { expectedMd5Base64: 'short' })).rejects.toThrow(code('InvalidDigest'));
    await expect(t.store.stageBlob(Buffer.from('hello'), { expectedChecksums: { SHA256: 'AAAA' } })).rejects.toThrow(code('BadDigest'));
    const right = createHash('md5').update('hello').digest('base64');
    await expect(t.store.stageBlob(Buffer.from('hello'), { expectedMd5Base64: right })).resolves.toMatchObject({ size: 5 });
    expect(t.filesUnder('tmp')).toHaveLength(1);
  });

  it('stops at maxBytes with EntityTooLarge', async () => {
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) yield Buffer.alloc(1024);
      })(),
    );
    await expect(t.store.stageBlob(body, { maxBytes: 10_000 })).rejects.toThrow(code('EntityTooLarge', 400));
    expect(t.filesUnder('tmp')).toHaveLength(0);
  });

  it('serves single byte ranges the way S3 does', async () => {
    await t.put('data', 'r', '0123456789');
    const read = async (range: string) => {
      const o = await t.store.getObject('data', 'r', { range });
      return { body: (await readAll(o.body)).toString(), cr: o.range && contentRange(o.range, o.info.size) };
    };
    expect(await read('bytes=2-4')).toEqual({ body: '234', cr: 'bytes 2-4/10' });
    expect(await read('bytes=7-')).toEqual({ body: '789', cr: 'bytes 7-9/10' });
    expect(await read('bytes=-3')).toEqual({ body: '789', cr: 'bytes 7-9/10' });
    expect(await read('bytes=5-100')).toEqual({ body: '56789', cr: 'bytes 5-9/10' });
    expect(await read('bytes=0-1,4-5')).toEqual({ body: '0123456789', cr: undefined });
    await expect(t.store.getObject('data', 'r', { range: 'bytes=10-' })).rejects.toThrow(code('InvalidRange', 416));
  });

  it('overwrites atomically: a reader of the old version finishes it, and the old blob is removed', async () => {
    const v1 = randomBytes(2 * 1024 * 1024);
    await t.put('data', 'k', v1);
    const reading = await t.store.getObject('data', 'k');
    await t.put('data', 'k', 'v2');
    expect(t.filesUnder('blobs')).toHaveLength(1);
    expect((await readAll(reading.body)).equals(v1)).toBe(true);
    expect((await readAll((await t.store.getObject('data', 'k')).body)).toString()).toBe('v2');
  });

  it('keeps the old version when the surrounding transaction rolls back, and drops the new blob', async () => {
    await t.put('data', 'k', 'old');
    const staged = await t.store.stageBlob(Buffer.from('new'));
    await expect(
      t.store.transaction(async () => {
        await t.store.commitObject('data', 'k', staged);
        throw new Error('audit write failed');
      }),
    ).rejects.toThrow('audit write failed');
    expect((await readAll((await t.store.getObject('data', 'k')).body)).toString()).toBe('old');
    expect(t.filesUnder('blobs')).toHaveLength(1);
    expect(t.filesUnder('tmp')).toHaveLength(0);
  });

  it('consumes the staged file when a commit fails validation', async () => {
    const staged = await t.store.stageBlob(Buffer.from('x'));
    await expect(t.store.commitObject('absent-bucket', 'k', staged)).rejects.toThrow(code('NoSuchBucket', 404));
    const long = await t.store.stageBlob(Buffer.from('x'));
    await expect(t.store.commitObject('data', 'k'.repeat(1025), long)).rejects.toThrow(code('KeyTooLongError'));
    expect(t.filesUnder('tmp')).toHaveLength(0);
  });

  it('reports NoSuchKey with the key, and deletes idempotently', async () => {
    await expect(t.store.headObject('data', 'missing')).rejects.toThrow(
      expect.objectContaining({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', fields: { Key: 'missing' } }),
    );
    await t.put('data', 'a', '1');
    await t.put('data', 'b', '2');
    const r = await t.store.transaction(() => t.store.deleteObjects('data', ['a', 'b', 'never']));
    expect(r.deleted).toEqual(['a', 'b', 'never']);
    expect(r.garbage).toHaveLength(2);
    expect(t.filesUnder('blobs')).toHaveLength(0);
  });

  it('copies through a staged copy of the blob, with the source metadata available', async () => {
    await t.put('data', 'src', 'copy me', { contentType: 'text/plain', metadata: { a: 'b' } });
    const { staged, source } = await t.store.stageCopy('data', 'src');
    await t.store.transaction(() => t.store.commitObject('data', 'dst', staged, source));
    await t.store.transaction(() => t.store.deleteObject('data', 'src'));
    const dst = await t.store.getObject('data', 'dst');
    expect((await readAll(dst.body)).toString()).toBe('copy me');
    expect(dst.info).toMatchObject({ contentType: 'text/plain', metadata: { a: 'b' } });
    await expect(t.store.stageCopy('data', 'src')).rejects.toThrow(code('NoSuchKey'));
  });
});
