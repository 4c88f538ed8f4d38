import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/storage/objects/ports.js';

export interface ObjectStoreFixture {
  store: ObjectStore;
  /** An existing, empty bucket the suite may fill. */
  bucket: string;
  /** A bucket name that does not exist. */
  missingBucket: string;
  teardown(): Promise<void>;
}

const readAll = async (body: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
};

const md5Etag = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

async function expectS3Error(p: Promise<unknown>, code: string, status: number): Promise<void> {
  await expect(p).rejects.toMatchObject({ code, status });
}

/**
 * Behaviour every ObjectStore adapter must share (Hono's common.case.test.ts style): run it with a
 * factory for each adapter, so that trail delivery sees one contract whichever store is configured.
 */
export function runObjectStoreContract(name: string, makeStore: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let f: ObjectStoreFixture;
    beforeAll(async () => {
      f = await makeStore();
    });
    afterAll(async () => {
      await f?.teardown();
    });

    it('knows which buckets exist', async () => {
      expect(await f.store.bucketExists(f.bucket)).toBe(true);
      expect(await f.store.bucketExists(f.missingBucket)).toBe(false);
    });

    it('round-trips bytes, content headers and lower-cased metadata', async () => {
      const body = randomBytes(70_000);
      const put = await f.store.putObject(f.bucket, 'rt/object.json.gz', body, {
        contentType: 'application/json',
        contentEncoding: 'gzip',
        metadata: { 'Signature-Algorithm': 'SHA256withRSA', lower: 'v' },
      });
      expect(put.etag).toBe(md5Etag(body));
      const got = await f.store.getObject(f.bucket, 'rt/object.json.gz');
      expect((await readAll(got.body)).equals(body)).toBe(true);
      const head = await f.store.headObject(f.bucket, 'rt/object.json.gz');
      for (const info of [got, head]) {
        expect(info).toMatchObject({ key: 'rt/object.json.gz', size: body.length, etag: md5Etag(body) });
        expect(info.contentType).toBe('application/json');
        expect(info.contentEncoding).toBe('gzip');
        expect(info.metadata).toEqual({ 'signature-algorithm': 'SHA256withRSA', lower: 'v' });
        expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(60_000);
      }
    });

    it('stores empty objects', async () => {
      await f.store.putObject(f.bucket, 'rt/empty', Buffer.alloc(0));
      const got = await f.store.getObject(f.bucket, 'rt/empty');
      expect(got.size).toBe(0);
      expect((await readAll(got.body)).length).toBe(0);
      expect(got.etag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    });

    it('overwrites an object in place', async () => {
      await f.store.putObject(f.bucket, 'rt/over', Buffer.from('first'), { metadata: { a: '1' } });
      await f.store.putObject(f.bucket, 'rt/over', Buffer.from('second!'));
      const got = await f.store.getObject(f.bucket, 'rt/over');
      expect((await readAll(got.body)).toString()).toBe('second!');
      expect(got.metadata).toEqual({});
    });

    it('reports missing keys and buckets with S3 codes', async () => {
      await expectS3Error(f.store.getObject(f.bucket, 'nope/missing'), 'NoSuchKey', 404);
      await expectS3Error(f.store.headObject(f.bucket, 'nope/missing'), 'NoSuchKey', 404);
      await expectS3Error(f.store.getObject(f.missingBucket, 'k'), 'NoSuchBucket', 404);
      await expectS3Error(f.store.headObject(f.missingBucket, 'k'), 'NoSuchBucket', 404);
      await expectS3Error(f.store.putObject(f.missingBucket, 'k', Buffer.from('x')), 'NoSuchBucket', 404);
      await expectS3Error(f.store.listObjects(f.missingBucket), 'NoSuchBucket', 404);
      await expectS3Error(f.store.deleteObject(f.missingBucket, 'k'), 'NoSuchBucket', 404);
    });

    it('deletes objects, and deleting a missing key succeeds', async () => {
      await f.store.putObject(f.bucket, 'rt/doomed', Buffer.from('x'));
      await f.store.deleteObject(f.bucket, 'rt/doomed');
      await expectS3Error(f.store.headObject(f.bucket, 'rt/doomed'), 'NoSuchKey', 404);
      await expect(f.store.deleteObject(f.bucket, 'rt/doomed')).resolves.toBeUndefined();
    });

    describe('listing', () => {
      // UTF-8 byte order: 'Z' < 'a' < 'é' < U+FF21 < U+1F600 (UTF-16 order would put the emoji before U+FF21).
      const keys = ['ls/Z', 'ls/a', 'ls/a/b', 'ls/é', 'ls/\uFF21', 'ls/\u{1F600}'];
      beforeAll(async () => {
        for (const k of [...keys].reverse()) await f.store.putObject(f.bucket, k, Buffer.from(k));
        await f.store.putObject(f.bucket, 'other/x', Buffer.from('x'));
      });

      it('lists a prefix in UTF-8 byte order with sizes and ETags', async () => {
        const page = await f.store.listObjects(f.bucket, { prefix: 'ls/' });
        expect(page.objects.map((o) => o.key)).toEqual(keys);
        expect(page.nextContinuationToken).toBeUndefined();
        const first = page.objects[0]!;
        expect(first.size).toBe(Buffer.byteLength('ls/Z'));
        expect(first.etag).toBe(md5Etag(Buffer.from('ls/Z')));
        expect(first.lastModified).toBeInstanceOf(Date);
      });

      it('paginates with continuation tokens', async () => {
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await f.store.listObjects(f.bucket, { prefix: 'ls/', maxKeys: 4, continuationToken: token });
          expect(page.objects.length).toBeLessThanOrEqual(4);
          seen.push(...page.objects.map((o) => o.key));
          token = page.nextContinuationToken;
          pages++;
        } while (token);
        expect(pages).toBe(2);
        expect(seen).toEqual(keys);
      });

      it('starts after a key', async () => {
        const page = await f.store.listObjects(f.bucket, { prefix: 'ls/', startAfter: 'ls/a/b' });
        expect(page.objects.map((o) => o.key)).toEqual(keys.slice(3));
      });

      it('returns nothing for an unused prefix', async () => {
        expect((await f.store.listObjects(f.bucket, { prefix: 'absent/' })).objects).toEqual([]);
      });
    });
  });
}
