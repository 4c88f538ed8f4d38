import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import type { BlobStore } from '../../src/storage/objects/blob-store.js';
import { BlobFiles } from '../../src/storage/objects/local/blobs.js';
import { blobStoreFor } from '../../src/storage/open.js';
import { CHUNK_BYTES, PgBlobStore } from '../../src/storage/postgres/blob-chunks.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import type { Store } from '../../src/storage/ports.js';
import { contract } from './engines.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Opened {
  blobs: BlobStore;
  /** What is left of staged or stored bytes (white-box: tmp + blob files, or chunk rows). */
  leftovers(): Promise<number>;
}

/** The engine's blob store; on PostgreSQL without the removal grace and orphan age, so that a test sees them at once. */
function blobsOn(store: Store): Opened {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-blobs-'));
  dirs.push(dir);
  if (store instanceof PgStore) {
    const blobs = new PgBlobStore(store.pool, store.ready, { removeGraceMs: 0, orphanAgeMs: 0 });
    const leftovers = async () => Number((await store.pool.query('SELECT count(*) AS n FROM s3_blob_chunks')).rows[0].n);
    return { blobs, leftovers };
  }
  const blobs = blobStoreFor(store, dir) as BlobFiles;
  return { blobs, leftovers: async () => readdirSync(blobs.tmpDir).length + blobs.listIds().length };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** A body arriving in uneven pieces, as an HTTP request's does. */
async function* piecesOf(body: Buffer, size = 64 * 1024 + 7): AsyncIterable<Uint8Array> {
  for (let off = 0; off < body.length; off += size) yield body.subarray(off, off + size);
}

async function put(blobs: BlobStore, body: Buffer): Promise<string> {
  return blobs.promote(await blobs.stage(piecesOf(body), { maxBytes: 64 * MiB }));
}

contract('blob-store', (open) => {
  it('round-trips bytes with their size and digests', async () => {
    const { blobs } = blobsOn(await open());
    const body = Buffer.from('hello blob store');
    const staged = await blobs.stage(body, { maxBytes: 1024, checksumAlgorithms: ['SHA256'] });
    expect(staged.size).toBe(body.length);
    expect(staged.md5Hex).toBe(createHash('md5').update(body).digest('hex'));
    expect(staged.checksums.SHA256).toBe(createHash('sha256').update(body).digest('base64'));
    const id = blobs.promote(staged);
    expect(await bytesOf(blobs.open(id, body.length))).toEqual(body);
  });

  it('stores an empty body', async () => {
    const { blobs } = blobsOn(await open());
    const id = await put(blobs, Buffer.alloc(0));
    expect((await bytesOf(blobs.open(id, 0))).length).toBe(0);
  });

  it('fails a Content-MD5 mismatch and a body over the limit, leaving nothing', async () => {
    const { blobs, leftovers } = blobsOn(await open());
    await expect(
      blobs.stage(Buffer.from('abc'), { maxBytes: 10, expectedMd5Base64: Buffer.alloc(16).toString('base64') }),
    ).rejects.toMatchObject({
      code: 'BadDigest',
    });
    await expect(blobs.stage(piecesOf(randomBytes(3 * MiB)), { maxBytes: 2 * MiB })).rejects.toMatchObject({ code: 'EntityTooLarge' });
    expect(await leftovers()).toBe(0);
  });

  it('streams a multi-chunk object and any byte range of it, across chunk boundaries', async () => {
    const { blobs } = blobsOn(await open());
    const body = randomBytes(5 * MiB + 123);
    const id = await put(blobs, body);
    expect((await bytesOf(blobs.open(id, body.length))).equals(body)).toBe(true);
    const ranges = [
      { start: 0, end: 0 },
      { start: CHUNK_BYTES - 3, end: CHUNK_BYTES + 2 },
      { start: 2 * CHUNK_BYTES, end: 3 * CHUNK_BYTES - 1 },
      { start: 1, end: body.length - 2 },
      { start: body.length - 1, end: body.length - 1 },
    ];
    for (const r of ranges) {
      expect((await bytesOf(blobs.open(id, body.length, r))).equals(body.subarray(r.start, r.end + 1))).toBe(true);
    }
  });

  it('serves concurrent readers of the same and of different blobs', async () => {
    const { blobs } = blobsOn(await open());
    const a = randomBytes(3 * MiB + 5);
    const b = randomBytes(2 * MiB);
    const [ia, ib] = await Promise.all([put(blobs, a), put(blobs, b)]);
    const reads = await Promise.all([ia, ib, ia, ib, ia].map((id) => bytesOf(blobs.open(id, id === ia ? a.length : b.length))));
    reads.forEach((got, i) => expect(got.equals(i % 2 === 0 ? a : b)).toBe(true));
  });

  it('removes blobs: their bytes can no longer be read', async () => {
    const { blobs, leftovers } = blobsOn(await open());
    const keep = await put(blobs, Buffer.from('keep'));
    const gone = await put(blobs, randomBytes(2 * MiB + 1));
    await blobs.remove([gone]);
    await expect(bytesOf(blobs.open(keep, 4))).resolves.toEqual(Buffer.from('keep'));
    await expect(async () => bytesOf(blobs.open(gone, 2 * MiB + 1))).rejects.toThrow();
    await blobs.removeAsync([keep]);
    expect(await leftovers()).toBe(0);
  });

  it('keeps a staged upload invisible until promoted, and recovery drops it when it never is', async () => {
    const { blobs, leftovers } = blobsOn(await open());
    const kept = await put(blobs, Buffer.from('committed'));
    const staged = await blobs.stage(piecesOf(randomBytes(MiB + 1)), { maxBytes: 4 * MiB });
    // Recovery as BucketStore.recover runs it: staging areas, then listed ids no row names (here: only `kept`).
    await blobs.clearStaged();
    const orphans = (await blobs.listIds()).filter((id) => id !== kept);
    await blobs.remove(orphans);
    expect(await leftovers()).toBe(1); // only `kept` (one file, or one chunk)
    await expect(bytesOf(blobs.open(kept, 9))).resolves.toEqual(Buffer.from('committed'));
    expect((await blobs.listIds()).filter((id) => id !== kept)).toEqual([]);
    await blobs.discard(staged); // harmless once recovered
    await blobs.remove([kept]);
    expect(await leftovers()).toBe(0);
  });

  it('lets a reader opened before a removal (an overwrite committed meanwhile) read the bytes it found', async () => {
    const store = await open();
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-blobs-'));
    dirs.push(dir);
    const blobs = blobStoreFor(store, dir); // as the server configures it
    const body = randomBytes(3 * MiB);
    const id = await put(blobs, body);
    const reader = blobs.open(id, body.length);
    await blobs.remove([id]);
    expect((await bytesOf(reader)).equals(body)).toBe(true);
  });

  it('never lists an upload in flight as an orphan candidate, as the server configures it', async () => {
    const store = await open();
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-blobs-'));
    dirs.push(dir);
    const blobs = blobStoreFor(store, dir); // another node's recovery may run while this node uploads
    const staged = await blobs.stage(piecesOf(randomBytes(2 * MiB)), { maxBytes: 4 * MiB });
    expect(await blobs.listIds()).toEqual([]);
    const id = blobs.promote(staged);
    expect(await bytesOf(blobs.open(id, 2 * MiB))).toHaveLength(2 * MiB);
  });

  it('discards a promoted blob whose transaction rolled back', async () => {
    const { blobs, leftovers } = blobsOn(await open());
    const staged = await blobs.stage(randomBytes(1000), { maxBytes: 4096 });
    const id = blobs.promote(staged);
    await blobs.discard(staged);
    await expect(async () => bytesOf(blobs.open(id, 1000))).rejects.toThrow();
    expect(await leftovers()).toBe(0);
  });
});
