import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixEnd } from './listing.js';
import { readAll, tempStore, type TempStore } from './test-support.js';

describe('prefixEnd', () => {
  it('bounds exactly the strings that start with the prefix, in UTF-8 order', async () => {
    expect(prefixEnd('a/')).toBe('a0');
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('x\u{10FFFF}')).toBe('y');
    expect(prefixEnd('\uD7FF')).toBe('\uE000');
    const utf8 = (s: string) => Buffer.from(s);
    const end = utf8(prefixEnd('p\u{1F600}')!);
    expect(Buffer.compare(utf8('p\u{1F600}\u{10FFFF}zz'), end)).toBe(-1);
  });
});

describe('ListObjects semantics', () => {
  let t: TempStore;
  const keys = ['a.txt', 'dir/', 'dir/1', 'dir/2', 'dir/sub/3', 'dir2/x', 'logs/2024/01/a', 'logs/2024/02/b', 'logs/2025/01/c', 'z'];
  beforeAll(async () => {
    t = await tempStore();
    await t.store.createBucket('list-bucket', 'us-east-1', '111122223333');
    for (const k of keys) await t.put('list-bucket', k, k);
  });
  afterAll(() => t.close());

  const v2 = (opts: Parameters<TempStore['store']['listObjectsV2']>[1]) => t.store.listObjectsV2('list-bucket', opts);
  const v1 = (opts: Parameters<TempStore['store']['listObjectsV1']>[1]) => t.store.listObjectsV1('list-bucket', opts);

  it('groups keys under CommonPrefixes at the first delimiter after the prefix', async () => {
    const r = await v2({ delimiter: '/' });
    expect(r.contents.map((c) => c.key)).toEqual(['a.txt', 'z']);
    expect(r.commonPrefixes).toEqual(['dir/', 'dir2/', 'logs/']);
    expect(r.keyCount).toBe(5);
    expect(r.isTruncated).toBe(false);
    const logs = await v2({ prefix: 'logs/', delimiter: '/' });
    expect(logs.commonPrefixes).toEqual(['logs/2024/', 'logs/2025/']);
    expect(logs.contents).toEqual([]);
    const dir = await v2({ prefix: 'dir/', delimiter: '/' });
    expect(dir.contents.map((c) => c.key)).toEqual(['dir/', 'dir/1', 'dir/2']);
    expect(dir.commonPrefixes).toEqual(['dir/sub/']);
  });

  it('supports multi-character delimiters and a prefix that is not a folder', async () => {
    expect((await v2({ prefix: 'logs/2024', delimiter: '/0' })).commonPrefixes).toEqual(['logs/2024/0']);
    expect((await v2({ prefix: 'di' })).contents.map((c) => c.key)).toEqual(['dir/', 'dir/1', 'dir/2', 'dir/sub/3', 'dir2/x']);
  });

  it('counts keys and common prefixes together against MaxKeys and resumes without repeats', async () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const r = await v2({ delimiter: '/', maxKeys: 2, continuationToken: token });
      expect(r.keyCount).toBeLessThanOrEqual(2);
      all.push(...r.contents.map((c) => c.key), ...r.commonPrefixes);
      token = r.nextContinuationToken;
      expect(r.isTruncated).toBe(token !== undefined);
    } while (token);
    expect(all.sort()).toEqual(['a.txt', 'dir/', 'dir2/', 'logs/', 'z']);
  });

  it('V1: NextMarker only with a delimiter; Marker resumes after a key or a common prefix', async () => {
    const plain = await v1({ maxKeys: 3 });
    expect(plain.isTruncated).toBe(true);
    expect(plain.nextMarker).toBeUndefined();
    expect(plain.owner).toEqual({ id: '111122223333' });
    const grouped = await v1({ delimiter: '/', maxKeys: 2 });
    expect([...grouped.contents.map((c) => c.key), ...grouped.commonPrefixes]).toEqual(['a.txt', 'dir/']);
    expect(grouped.nextMarker).toBe('dir/');
    const next = await v1({ delimiter: '/', marker: grouped.nextMarker, maxKeys: 2 });
    expect(next.commonPrefixes).toEqual(['dir2/', 'logs/']);
    expect(next.marker).toBe('dir/');
    expect((await v1({ marker: 'dir/2' })).contents[0]!.key).toBe('dir/sub/3');
    // A marker inside a group: the group sorts before the marker, so it is not repeated.
    expect((await v1({ delimiter: '/', marker: 'dir/1' })).commonPrefixes).toEqual(['dir2/', 'logs/']);
  });

  it('V2: StartAfter, FetchOwner, and a continuation token that wins over StartAfter', async () => {
    expect((await v2({ startAfter: 'logs/' })).contents.map((c) => c.key)).toEqual([
      'logs/2024/01/a',
      'logs/2024/02/b',
      'logs/2025/01/c',
      'z',
    ]);
    expect((await v2({})).owner).toBeUndefined();
    expect((await v2({ fetchOwner: true })).owner).toEqual({ id: '111122223333' });
    const first = await v2({ maxKeys: 1 });
    const second = await v2({ continuationToken: first.nextContinuationToken, startAfter: 'y', maxKeys: 1 });
    expect(second.contents[0]!.key).toBe('dir/');
    expect(second.startAfter).toBe('y');
  });

  it('handles MaxKeys 0 and the 1000 ceiling, and rejects forged continuation tokens', async () => {
    expect(await v2({ maxKeys: 0 })).toMatchObject({ keyCount: 0, isTruncated: false, contents: [] });
    expect((await v2({ maxKeys: 5000 })).maxKeys).toBe(1000);
    await expect(v2({ continuationToken: 'bm90LWEtdG9rZW4' })).rejects.toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  it('leaves URL encoding to the wire layer: keys come back raw', async () => {
    await t.put('list-bucket', 'zz/with space&amp+%2F', 'x');
    expect((await v2({ prefix: 'zz/' })).contents[0]!.key).toBe('zz/with space&amp+%2F');
    expect((await readAll((await t.store.getObject('list-bucket', 'zz/with space&amp+%2F')).body)).toString()).toBe('x');
  });

  it('reports NoSuchBucket', async () => {
    await expect(t.store.listObjectsV2('absent-bucket')).rejects.toThrow(expect.objectContaining({ code: 'NoSuchBucket', status: 404 }));
  });
});

describe('ListObjectsV2 over 100,000 keys', () => {
  let t: TempStore;
  beforeAll(async () => {
    t = await tempStore();
    await t.store.createBucket('big', 'us-east-1', '111122223333');
    // Rows only: listing never touches blob files, and 100k real uploads would dominate the test.
    const insert = await t.db.prepare(
      `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, metadata) VALUES ('big', ?, ?, 1, '"e"', '2024-01-01T00:00:00.000Z', '{}')`,
    );
    t.db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const key = `trail/${String(i % 100).padStart(3, '0')}/${String(i).padStart(6, '0')}.json.gz`;
        insert.run(key, `blob${i}`);
      }
    })();
  });
  afterAll(() => t.close());

  it('pages and skips common prefixes with index seeks', async () => {
    let started = performance.now();
    const deep = await t.store.listObjectsV2('big', { prefix: 'trail/', delimiter: '/' });
    expect(deep.commonPrefixes).toHaveLength(100);
    expect(performance.now() - started).toBeLessThan(200);
    started = performance.now();
    let token: string | undefined;
    let count = 0;
    do {
      const r = await t.store.listObjectsV2('big', { prefix: 'trail/050/', continuationToken: token });
      count += r.keyCount;
      token = r.nextContinuationToken;
    } while (token);
    expect(count).toBe(1000);
    const last = await t.store.listObjectsV2('big', { startAfter: 'trail/099/099099.json.gz' });
    expect(last.keyCount).toBe(9);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
