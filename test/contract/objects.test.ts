import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { LifecycleSelection, StoredObject, StoredPart } from '../../src/storage/ports/objects.js';
import type { BucketRecord, MultipartUpload } from '../../src/storage/objects/local/types.js';

const OWNER = '111122223333';
const bucket = (name: string, ownerAccountId = OWNER): BucketRecord => ({
  name,
  region: 'us-east-1',
  ownerAccountId,
  creationDate: new Date('2026-12-01T00:00:00.000Z'),
});

let blobs = 0;
const object = (key: string, over: Partial<StoredObject> = {}): StoredObject => ({
  bucket: 'b',
  key,
  blobId: `blob-${++blobs}`,
  size: 3,
  etag: '"e"',
  lastModified: new Date('2026-12-01T00:00:00.000Z'),
  contentType: 'text/plain',
  metadata: { trail: 'a' },
  checksums: {},
  storageClass: 'STANDARD',
  ...over,
});

contract('BucketRepository', (open) => {
  it('stores buckets under unique names and lists them in name order, by owner', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('zeta'));
      await tx.buckets.insert(bucket('alpha', '999999999999'));
      await tx.buckets.insert(bucket('mid'));
    });
    await expect(store.write((tx) => tx.buckets.insert(bucket('mid', '999999999999')))).rejects.toThrow();
    const all = await store.read((tx) => tx.buckets.list());
    expect(all.map((b) => b.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect((await store.read((tx) => tx.buckets.list(OWNER))).map((b) => b.name)).toEqual(['mid', 'zeta']);
    expect(await store.read((tx) => tx.buckets.find('mid'))).toEqual(bucket('mid'));
    expect(await store.read((tx) => tx.buckets.find('absent'))).toBeUndefined();
  });

  it('keeps the policy and lifecycle documents verbatim until removed', async () => {
    const store = await open();
    const policy = '{ "Version": "2012-10-17",  "Statement": [] }';
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('b'));
      await tx.buckets.insert(bucket('c'));
      await tx.buckets.setPolicy('b', policy);
      await tx.buckets.setLifecycle('c', '[{"ID":"x"}]');
    });
    expect(await store.read((tx) => tx.buckets.policy('b'))).toBe(policy);
    expect(await store.read((tx) => tx.buckets.policy('c'))).toBeUndefined();
    expect(await store.read((tx) => tx.buckets.lifecycles())).toEqual([{ bucket: 'c', document: '[{"ID":"x"}]' }]);
    await store.write(async (tx) => {
      await tx.buckets.setPolicy('b', undefined);
      await tx.buckets.setLifecycle('c', undefined);
    });
    expect(await store.read((tx) => tx.buckets.policy('b'))).toBeUndefined();
    expect(await store.read((tx) => tx.buckets.lifecycle('c'))).toBeUndefined();
    expect(await store.read((tx) => tx.buckets.lifecycles())).toEqual([]);
  });

  it('keeps the notification configuration document until removed, per bucket', async () => {
    const store = await open();
    const doc = '{"QueueConfigurations":[{"Id":"q","QueueArn":"arn:aws:sqs:us-east-1:111122223333:q","Events":["s3:ObjectCreated:*"]}]}';
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('n1'));
      await tx.buckets.insert(bucket('n2'));
      await tx.buckets.setNotification('n1', doc);
    });
    expect(await store.read((tx) => tx.buckets.notification('n1'))).toBe(doc);
    expect(await store.read((tx) => tx.buckets.notification('n2'))).toBeUndefined();
    expect(await store.read((tx) => tx.buckets.notification('absent'))).toBeUndefined();
    await store.write((tx) => tx.buckets.setNotification('n1', undefined));
    expect(await store.read((tx) => tx.buckets.notification('n1'))).toBeUndefined();
  });

  it('deletes a bucket with its pending uploads and their parts', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('b'));
      await tx.multipartUploads.create(upload('u1', 'k'));
      await tx.multipartUploads.putPart('u1', part(1, 'p1'));
    });
    expect(await store.read((tx) => tx.multipartUploads.partBlobIds({ bucket: 'b' }))).toEqual(['p1']);
    await store.write((tx) => tx.buckets.delete('b'));
    expect(await store.read((tx) => tx.buckets.find('b'))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'k', 'u1'))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.blobIds())).toEqual([]);
  });

  it('a bucket created in a write that fails is not stored', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.buckets.insert(bucket('b'));
        await tx.buckets.setPolicy('b', '{}');
        throw new Error('the audit write failed');
      }),
    ).rejects.toThrow('the audit write failed');
    expect(await store.read((tx) => tx.buckets.find('b'))).toBeUndefined();
  });
});

contract('ObjectRepository', (open) => {
  const withBucket = async () => {
    const store = await open();
    await store.write((tx) => tx.buckets.insert(bucket('b')));
    return store;
  };

  it('keeps one version per key: a put replaces the object, fields and all', async () => {
    const store = await withBucket();
    const first = object('k', {
      partSizes: [
        [1, 2],
        [2, 1],
      ],
      partsCount: 2,
      checksums: { CRC32: 'AAAAAA==' },
    });
    await store.write((tx) => tx.objects.put(first));
    expect(await store.read((tx) => tx.objects.find('b', 'k'))).toEqual(first);
    const second = object('k', { etag: '"f"', size: 9, metadata: {}, contentType: undefined, cacheControl: 'no-cache' });
    await store.write((tx) => tx.objects.put(second));
    expect(await store.read((tx) => tx.objects.find('b', 'k'))).toEqual(second);
    expect(await store.read((tx) => tx.objects.blobIds())).toEqual([second.blobId]);
    expect(await store.read((tx) => tx.objects.find('b', 'other'))).toBeUndefined();
  });

  it('deletes: true once, false for a key that is not there', async () => {
    const store = await withBucket();
    await store.write((tx) => tx.objects.put(object('k')));
    expect(await store.read((tx) => tx.objects.any('b'))).toBe(true);
    expect(await store.write((tx) => tx.objects.delete('b', 'k'))).toBe(true);
    expect(await store.write((tx) => tx.objects.delete('b', 'k'))).toBe(false);
    expect(await store.read((tx) => tx.objects.any('b'))).toBe(false);
  });

  it('scans keys in UTF-8 byte order, from a bound, below an upper bound, a page at a time', async () => {
    const store = await withBucket();
    // UTF-16 order would put U+FF5E before U+1F600; UTF-8 byte order (S3's) puts it after.
    const keys = ['a', 'a/b', 'a/c', 'B', 'b', '\u{1F600}', '\uFF5E', 'é'];
    await store.write(async (tx) => {
      for (const k of keys) await tx.objects.put(object(k));
    });
    const scan = (from: string, inclusive: boolean, limit: number, below?: string) =>
      store.read(async (tx) => (await tx.objects.scan('b', { from, inclusive, below }, limit)).map((o) => o.key));
    const byteOrder = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(await scan('', true, 100)).toEqual(byteOrder);
    expect(await scan('a', true, 2)).toEqual(['a', 'a/b']);
    expect(await scan('a/b', false, 2)).toEqual(['a/c', 'b']);
    expect(await scan('a/', true, 100, 'a0')).toEqual(['a/b', 'a/c']);
    expect(byteOrder.indexOf('\uFF5E')).toBeLessThan(byteOrder.indexOf('\u{1F600}'));
  });

  it('finds objects due for expiration by age, prefix and size, oldest first', async () => {
    const store = await withBucket();
    const at = (d: number) => new Date(Date.UTC(2026, 0, d));
    await store.write(async (tx) => {
      await tx.objects.put(object('logs/3', { lastModified: at(3), blobId: 'b3' }));
      await tx.objects.put(object('logs/1', { lastModified: at(1), blobId: 'b1' }));
      await tx.objects.put(object('logs/empty', { lastModified: at(1), size: 0, blobId: 'b0' }));
      await tx.objects.put(object('other/1', { lastModified: at(1), blobId: 'bo' }));
      await tx.objects.put(object('logs/9', { lastModified: at(9), blobId: 'b9' }));
    });
    const due = await store.read((tx) => tx.objects.expired('b', { prefix: 'logs/', sizeAbove: 0 }, at(5), 10));
    expect(due).toEqual([
      { key: 'logs/1', blobId: 'b1' },
      { key: 'logs/3', blobId: 'b3' },
    ]);
    expect(await store.read((tx) => tx.objects.expired('b', { prefix: 'logs/', sizeAbove: 0 }, at(5), 1))).toHaveLength(1);
    expect(await store.read((tx) => tx.objects.expired('b', { prefix: '', tags: true }, at(30), 10))).toEqual([]);
  });

  it('takes a lifecycle prefix literally (`_` and `%` are no wildcards) and honours both size bounds', async () => {
    const store = await withBucket();
    const old = new Date(Date.UTC(2026, 0, 1));
    await store.write(async (tx) => {
      await tx.objects.put(object('a_1', { lastModified: old, blobId: 'u1' }));
      await tx.objects.put(object('ab1', { lastModified: old, blobId: 'x1' }));
      await tx.objects.put(object('a%2', { lastModified: old, blobId: 'p2' }));
      await tx.objects.put(object('a_big', { lastModified: old, blobId: 'big', size: 50 }));
    });
    const keys = async (selection: LifecycleSelection) =>
      (await store.read((tx) => tx.objects.expired('b', selection, new Date(Date.UTC(2026, 0, 2)), 10))).map((o) => o.key).sort();
    expect(await keys({ prefix: 'a_' })).toEqual(['a_1', 'a_big']);
    expect(await keys({ prefix: 'a%' })).toEqual(['a%2']);
    expect(await keys({ prefix: 'a_', sizeBelow: 10 })).toEqual(['a_1']);
    expect(await keys({ prefix: 'a_', sizeAbove: 3 })).toEqual(['a_big']);
  });

  it('names the blobs of every bucket', async () => {
    const store = await withBucket();
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('c'));
      await tx.objects.put(object('k', { blobId: 'in-b' }));
      await tx.objects.put(object('k', { bucket: 'c', blobId: 'in-c' }));
    });
    expect((await store.read((tx) => tx.objects.blobIds())).sort()).toEqual(['in-b', 'in-c']);
    expect(await store.read((tx) => tx.objects.find('c', 'k'))).toMatchObject({ bucket: 'c', blobId: 'in-c' });
  });

  it('an object put in a write that fails is not stored, and the previous version stays', async () => {
    const store = await withBucket();
    const old = object('k');
    await store.write((tx) => tx.objects.put(old));
    await expect(
      store.write(async (tx) => {
        await tx.objects.put(object('k', { etag: '"new"' }));
        await tx.objects.put(object('k2'));
        throw new Error('the audit write failed');
      }),
    ).rejects.toThrow('the audit write failed');
    expect(await store.read((tx) => tx.objects.find('b', 'k'))).toEqual(old);
    expect(await store.read((tx) => tx.objects.find('b', 'k2'))).toBeUndefined();
  });

  it('refuses an object in a bucket that does not exist', async () => {
    const store = await withBucket();
    await expect(store.write((tx) => tx.objects.put(object('k', { bucket: 'absent' })))).rejects.toThrow();
  });
});

function upload(uploadId: string, key: string, initiated = new Date('2026-12-01T00:00:00.000Z')): MultipartUpload {
  return { uploadId, bucket: 'b', key, initiated, checksumAlgorithm: 'CRC32', meta: { contentType: 'text/plain', metadata: { a: '1' } } };
}

const part = (partNumber: number, blobId: string, etag = `"p${partNumber}"`): StoredPart => ({
  partNumber,
  blobId,
  etag,
  size: 5,
  lastModified: new Date('2026-12-01T00:00:01.000Z'),
  checksums: { CRC32: 'AAAAAA==' },
});

contract('MultipartUploadRepository', (open) => {
  const withBucket = async () => {
    const store = await open();
    await store.write((tx) => tx.buckets.insert(bucket('b')));
    return store;
  };

  it('finds an upload only under its own bucket and key', async () => {
    const store = await withBucket();
    await store.write((tx) => tx.multipartUploads.create(upload('u1', 'k')));
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'k', 'u1'))).toEqual(upload('u1', 'k'));
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'other', 'u1'))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'k', 'u2'))).toBeUndefined();
  });

  it('replaces a re-uploaded part, lists parts by number after a marker, and drops them with the upload', async () => {
    const store = await withBucket();
    await store.write(async (tx) => {
      await tx.multipartUploads.create(upload('u1', 'k'));
      await tx.multipartUploads.putPart('u1', part(3, 'p3'));
      await tx.multipartUploads.putPart('u1', part(1, 'p1'));
      await tx.multipartUploads.putPart('u1', part(2, 'p2'));
      await tx.multipartUploads.putPart('u1', part(2, 'p2b', '"again"'));
    });
    expect(await store.read((tx) => tx.multipartUploads.findPart('u1', 2))).toEqual(part(2, 'p2b', '"again"'));
    const numbers = (after: number, limit: number) =>
      store.read(async (tx) => (await tx.multipartUploads.parts('u1', after, limit)).map((p) => p.partNumber));
    expect(await numbers(0, 10)).toEqual([1, 2, 3]);
    expect(await numbers(1, 1)).toEqual([2]);
    expect((await store.read((tx) => tx.multipartUploads.partBlobIds({ uploadId: 'u1' }))).sort()).toEqual(['p1', 'p2b', 'p3']);
    await store.write((tx) => tx.multipartUploads.delete('u1'));
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'k', 'u1'))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.findPart('u1', 1))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.blobIds())).toEqual([]);
  });

  it('scans uploads by key, initiation time and id, under a prefix, after a cursor', async () => {
    const store = await withBucket();
    const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
    await store.write(async (tx) => {
      await tx.multipartUploads.create(upload('z', 'a/1', t(2)));
      await tx.multipartUploads.create(upload('y', 'a/1', t(1)));
      await tx.multipartUploads.create(upload('x', 'a/2', t(0)));
      await tx.multipartUploads.create(upload('w', 'b/1', t(0)));
    });
    const ids = (opts: Parameters<typeof scanOpts>[0]) =>
      store.read(async (tx) => (await tx.multipartUploads.scan('b', scanOpts(opts))).map((u) => u.uploadId));
    expect(await ids({ prefix: '' })).toEqual(['y', 'z', 'x', 'w']);
    expect(await ids({ prefix: 'a/' })).toEqual(['y', 'z', 'x']);
    expect(await ids({ prefix: 'a/', limit: 2 })).toEqual(['y', 'z']);
    expect(await ids({ prefix: '', after: { key: 'a/1', initiated: t(1), uploadId: 'y' } })).toEqual(['z', 'x', 'w']);
    expect(await ids({ prefix: '', after: { key: 'a/1' } })).toEqual(['x', 'w']);
    const stale = await store.read((tx) => tx.multipartUploads.expired('b', 'a/', t(2), 10));
    expect(stale).toEqual([
      { uploadId: 'x', key: 'a/2' },
      { uploadId: 'y', key: 'a/1' },
    ]);
  });

  it('names part blobs by upload or by bucket, and takes an expiry prefix literally', async () => {
    const store = await withBucket();
    const old = new Date('2026-01-01T00:00:00.000Z');
    await store.write(async (tx) => {
      await tx.buckets.insert(bucket('c'));
      await tx.multipartUploads.create(upload('u1', 'a_1', old));
      await tx.multipartUploads.create(upload('u2', 'ab', old));
      await tx.multipartUploads.create({ ...upload('u3', 'a_2', old), bucket: 'c' });
      await tx.multipartUploads.putPart('u1', part(1, 'p1'));
      await tx.multipartUploads.putPart('u2', part(1, 'p2'));
      await tx.multipartUploads.putPart('u3', part(1, 'p3'));
    });
    expect((await store.read((tx) => tx.multipartUploads.partBlobIds({ bucket: 'b' }))).sort()).toEqual(['p1', 'p2']);
    expect(await store.read((tx) => tx.multipartUploads.partBlobIds({ uploadId: 'u3' }))).toEqual(['p3']);
    expect((await store.read((tx) => tx.multipartUploads.blobIds())).sort()).toEqual(['p1', 'p2', 'p3']);
    const stale = await store.read((tx) => tx.multipartUploads.expired('b', 'a_', new Date('2026-02-01T00:00:00.000Z'), 10));
    expect(stale).toEqual([{ uploadId: 'u1', key: 'a_1' }]);
  });

  it('remembers completions for retries and forgets those past the window', async () => {
    const store = await withBucket();
    const done = (uploadId: string, completedAt: Date) => ({
      uploadId,
      bucket: 'b',
      key: 'k',
      etag: '"e-2"',
      parts: '[[1,"a"]]',
      completedAt,
    });
    const old = new Date('2026-11-01T00:00:00.000Z');
    const now = new Date('2026-12-01T00:00:00.000Z');
    await store.write((tx) => tx.multipartUploads.rememberCompleted(done('old', old), new Date(0)));
    expect(await store.read((tx) => tx.multipartUploads.completed('old', new Date(0)))).toEqual(done('old', old));
    await store.write((tx) => tx.multipartUploads.rememberCompleted(done('new', now), new Date('2026-11-30T00:00:00.000Z')));
    expect(await store.read((tx) => tx.multipartUploads.completed('old', new Date(0)))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.completed('new', new Date('2026-12-02T00:00:00.000Z')))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.completed('new', now))).toEqual(done('new', now));
  });

  it('an upload created and a part put in a write that fails leave nothing behind', async () => {
    const store = await withBucket();
    await expect(
      store.write(async (tx) => {
        await tx.multipartUploads.create(upload('u1', 'k'));
        await tx.multipartUploads.putPart('u1', part(1, 'p1'));
        throw new Error('the audit write failed');
      }),
    ).rejects.toThrow('the audit write failed');
    expect(await store.read((tx) => tx.multipartUploads.find('b', 'k', 'u1'))).toBeUndefined();
    expect(await store.read((tx) => tx.multipartUploads.blobIds())).toEqual([]);
  });
});

function scanOpts(o: { prefix: string; after?: { key: string; initiated?: Date; uploadId?: string }; limit?: number }) {
  return { prefix: o.prefix, after: o.after, limit: o.limit ?? 100 };
}
