import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_PART_SIZE } from '../s3-errors.js';
import { multipartEtag } from './multipart.js';
import { readAll, tempStore, type TempStore } from './test-support.js';

const code = (c: string, status?: number) => expect.objectContaining(status ? { code: c, status } : { code: c });
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.createBucket('mpu', 'us-east-1', '111122223333');
});
afterEach(() => t.close());

async function uploadPart(uploadId: string, partNumber: number, body: Buffer, key = 'big') {
  const staged = await t.store.stagePart('mpu', key, uploadId, partNumber, body);
  return (await t.store.transaction(() => t.store.commitPart('mpu', key, uploadId, partNumber, staged))).etag;
}

async function complete(uploadId: string, parts: Array<{ PartNumber: number; ETag: string }>, key = 'big') {
  const staged = await t.store.stageCompleteMultipartUpload('mpu', key, uploadId, parts);
  return t.store.transaction(() => t.store.commitCompleteMultipartUpload(staged));
}

describe('multipart uploads', () => {
  it('concatenates parts into one object with the "md5-of-md5s-N" ETag and the upload’s metadata', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big', { contentType: 'application/gzip', metadata: { Kind: 'log' } });
    const p1 = randomBytes(MIN_PART_SIZE);
    const p2 = randomBytes(MIN_PART_SIZE + 7);
    const p3 = randomBytes(123);
    const etags = [await uploadPart(uploadId, 1, p1), await uploadPart(uploadId, 2, p2), await uploadPart(uploadId, 3, p3)];
    // Re-uploading a part replaces it (and its blob).
    await uploadPart(uploadId, 3, Buffer.from('stale')).then(() => uploadPart(uploadId, 3, p3));
    const result = await complete(
      uploadId,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    );
    const expected = `"${createHash('md5')
      .update(Buffer.concat([md5(p1), md5(p2), md5(p3)]))
      .digest('hex')}-3"`;
    expect(result.etag).toBe(expected);
    expect(multipartEtag(etags)).toBe(expected);
    const got = await t.store.getObject('mpu', 'big');
    expect(got.info).toMatchObject({
      etag: expected,
      size: p1.length + p2.length + p3.length,
      partsCount: 3,
      contentType: 'application/gzip',
      metadata: { kind: 'log' },
    });
    expect((await readAll(got.body)).equals(Buffer.concat([p1, p2, p3]))).toBe(true);
    expect(t.filesUnder('blobs')).toHaveLength(1);
    await expect(t.store.getMultipartUpload('mpu', 'big', uploadId)).rejects.toThrow(code('NoSuchUpload', 404));
  });

  it('lists parts with a marker', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big');
    for (const n of [1, 2, 5]) await uploadPart(uploadId, n, Buffer.from(`part${n}`));
    const first = await t.store.listParts('mpu', 'big', uploadId, { maxParts: 2 });
    expect(first.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(first).toMatchObject({ isTruncated: true, nextPartNumberMarker: 2 });
    const rest = await t.store.listParts('mpu', 'big', uploadId, { partNumberMarker: 2 });
    expect(rest.parts.map((p) => [p.partNumber, p.size, p.etag])).toEqual([[5, 5, `"${md5(Buffer.from('part5')).toString('hex')}"`]]);
    expect(rest.isTruncated).toBe(false);
  });

  it('rejects bad part lists with S3’s errors', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big');
    const e1 = await uploadPart(uploadId, 1, Buffer.from('small'));
    const e2 = await uploadPart(uploadId, 2, Buffer.from('last'));
    await expect(
      complete(uploadId, [
        { PartNumber: 2, ETag: e2 },
        { PartNumber: 1, ETag: e1 },
      ]),
    ).rejects.toThrow(code('InvalidPartOrder', 400));
    await expect(complete(uploadId, [{ PartNumber: 1, ETag: '"0000"' }])).rejects.toThrow(code('InvalidPart', 400));
    await expect(
      complete(uploadId, [
        { PartNumber: 1, ETag: e1 },
        { PartNumber: 3, ETag: e2 },
      ]),
    ).rejects.toThrow(code('InvalidPart'));
    await expect(
      complete(uploadId, [
        { PartNumber: 1, ETag: e1 },
        { PartNumber: 2, ETag: e2 },
      ]),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'EntityTooSmall',
        fields: expect.objectContaining({ PartNumber: '1', MinSizeAllowed: String(MIN_PART_SIZE) }),
      }),
    );
    await expect(complete(uploadId, [])).rejects.toThrow(code('MalformedXML'));
    // A single small part is fine: only non-last parts have a minimum. ETags may come unquoted.
    const done = await complete(uploadId, [{ PartNumber: 2, ETag: e2.replace(/"/g, '') }]);
    expect(done.etag).toMatch(/^"[0-9a-f]{32}-1"$/);
    expect(t.filesUnder('blobs')).toHaveLength(1);
  });

  it('validates part numbers and upload ids', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big');
    await expect(t.store.stagePart('mpu', 'big', uploadId, 0, Buffer.from('x'))).rejects.toThrow(code('InvalidArgument'));
    await expect(t.store.stagePart('mpu', 'big', uploadId, 10_001, Buffer.from('x'))).rejects.toThrow(code('InvalidArgument'));
    await expect(t.store.stagePart('mpu', 'big', 'nope', 1, Buffer.from('x'))).rejects.toThrow(
      expect.objectContaining({ code: 'NoSuchUpload', status: 404, fields: { UploadId: 'nope' } }),
    );
    await expect(t.store.stagePart('mpu', 'other-key', uploadId, 1, Buffer.from('x'))).rejects.toThrow(code('NoSuchUpload'));
    await expect(t.store.stagePart('absent', 'big', uploadId, 1, Buffer.from('x'))).rejects.toThrow(code('NoSuchBucket'));
  });

  it('aborts an upload and removes its part blobs; a completion staged before the abort cannot commit', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big');
    const e1 = await uploadPart(uploadId, 1, Buffer.from('x'));
    const staged = await t.store.stageCompleteMultipartUpload('mpu', 'big', uploadId, [{ PartNumber: 1, ETag: e1 }]);
    await t.store.transaction(() => t.store.abortMultipartUpload('mpu', 'big', uploadId));
    await expect(t.store.transaction(() => t.store.commitCompleteMultipartUpload(staged))).rejects.toThrow(code('NoSuchUpload'));
    expect(t.filesUnder('blobs')).toHaveLength(0);
    expect(t.filesUnder('tmp')).toHaveLength(0);
    await expect(t.store.headObject('mpu', 'big')).rejects.toThrow(code('NoSuchKey'));
  });

  it('lists uploads by key and initiation, with markers and common prefixes', async () => {
    const a1 = await t.store.createMultipartUpload('mpu', 'a/1');
    const a2 = await t.store.createMultipartUpload('mpu', 'a/1');
    await t.store.createMultipartUpload('mpu', 'a/2');
    await t.store.createMultipartUpload('mpu', 'b');
    const all = await t.store.listMultipartUploads('mpu');
    expect(all.uploads.map((u) => u.key)).toEqual(['a/1', 'a/1', 'a/2', 'b']);
    const page = await t.store.listMultipartUploads('mpu', { maxUploads: 1 });
    expect(page).toMatchObject({ isTruncated: true, nextKeyMarker: 'a/1', nextUploadIdMarker: page.uploads[0]!.uploadId });
    const next = await t.store.listMultipartUploads('mpu', { keyMarker: 'a/1', uploadIdMarker: page.uploads[0]!.uploadId });
    expect(next.uploads[0]!.uploadId).toBe([a1, a2].find((u) => u.uploadId !== page.uploads[0]!.uploadId)!.uploadId);
    expect((await t.store.listMultipartUploads('mpu', { keyMarker: 'a/1' })).uploads.map((u) => u.key)).toEqual(['a/2', 'b']);
    const grouped = await t.store.listMultipartUploads('mpu', { delimiter: '/' });
    expect(grouped.commonPrefixes).toEqual(['a/']);
    expect(grouped.uploads.map((u) => u.key)).toEqual(['b']);
  });

  it('deleting a bucket drops its pending uploads and their parts', async () => {
    const { uploadId } = await t.store.createMultipartUpload('mpu', 'big');
    await uploadPart(uploadId, 1, Buffer.from('x'));
    await t.store.transaction(() => t.store.deleteBucket('mpu'));
    expect(t.filesUnder('blobs')).toHaveLength(0);
  });
});
