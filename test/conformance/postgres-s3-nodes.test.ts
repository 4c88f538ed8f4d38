import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { BucketStore } from '../../src/storage/objects/local/bucket-store.js';
import { PgBlobStore } from '../../src/storage/postgres/blob-chunks.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import { startServer, type RunningServer } from '../support/server.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';
import { createDeliveryBucket, createLoggingTrail, deliveredRecords, flushTrail, s3Client } from './trail-helpers.js';

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/**
 * Object bytes survive losing a node: two `hsmtrail serve` processes on one PostgreSQL database, objects
 * (one of them multipart) and trail log files written through node A, then A is killed (SIGKILL) and its
 * data dir deleted; node B serves the same bytes and ETags. Under CI=true missing PostgreSQL binaries
 * fail (hasPostgres), never skip.
 */
describe.skipIf(!hasPostgres())('object bytes on a PostgreSQL cluster of two nodes', { timeout: 300_000 }, () => {
  let a: RunningServer;
  let b: RunningServer;
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'hsmtrail-s3-node-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    const url = await createDatabase();
    a = await startServer({ args: ['--database', url], dataDir: dataDir() });
    const dir = dataDir(); // a cluster's nodes share the first node's account.json and master.key
    for (const f of ['account.json', 'master.key']) copyFileSync(join(a.dataDir, f), join(dir, f));
    b = await startServer({ args: ['--database', url], dataDir: dir });
  }, 240_000);
  afterAll(async () => {
    await Promise.all([a, b].map((n) => n?.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('serves through B what A wrote, after A was killed and its data dir deleted', async () => {
    const s3a = s3Client(a);
    await s3a.send(new CreateBucketCommand({ Bucket: 'shared-bytes' }));
    const small = Buffer.from('written through node A');
    const large = randomBytes(3 * MiB + 17); // several 1 MiB chunks
    const parts = [randomBytes(5 * MiB), randomBytes(MiB + 3)];
    const put = async (key: string, body: Buffer) =>
      (await s3a.send(new PutObjectCommand({ Bucket: 'shared-bytes', Key: key, Body: body }))).ETag!;
    const etags = { small: await put('small.txt', small), large: await put('large.bin', large) };
    const { UploadId } = await s3a.send(new CreateMultipartUploadCommand({ Bucket: 'shared-bytes', Key: 'multi.bin' }));
    const partEtags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const out = await s3a.send(
        new UploadPartCommand({ Bucket: 'shared-bytes', Key: 'multi.bin', UploadId, PartNumber: i + 1, Body: body }),
      );
      partEtags.push(out.ETag!);
    }
    const done = await s3a.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'shared-bytes',
        Key: 'multi.bin',
        UploadId,
        MultipartUpload: { Parts: partEtags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    // The trail's log files, delivered by A (the first node holds the workers' lease).
    await createDeliveryBucket(s3a, 'shared-trail-logs', a.accountId);
    await createLoggingTrail(a, 'shared', 'shared-trail-logs');
    expect((await flushTrail(a, 'shared')).LogFilesDelivered).toBeGreaterThan(0);

    await a.stop('SIGKILL');
    rmSync(a.dataDir, { recursive: true, force: true });
    expect(existsSync(a.dataDir)).toBe(false);

    const s3b = s3Client(b);
    const get = async (key: string, range?: string) => {
      const out = await s3b.send(new GetObjectCommand({ Bucket: 'shared-bytes', Key: key, Range: range }));
      return { etag: out.ETag, body: Buffer.from(await out.Body!.transformToByteArray()) };
    };
    expect(await get('small.txt')).toEqual({ etag: etags.small, body: small });
    const gotLarge = await get('large.bin');
    expect(gotLarge.etag).toBe(etags.large);
    expect(md5(gotLarge.body)).toBe(md5(large));
    const ranged = await get('large.bin', `bytes=${MiB - 5}-${2 * MiB + 4}`);
    expect(ranged.body.equals(large.subarray(MiB - 5, 2 * MiB + 5))).toBe(true);
    const multi = await get('multi.bin');
    expect(multi.etag).toBe(done.ETag);
    expect(md5(multi.body)).toBe(md5(Buffer.concat(parts)));

    const records = await deliveredRecords(s3b, 'shared-trail-logs');
    expect(records.map((r) => r.record.eventName)).toContain('StartLogging'); // a trail logs from StartLogging on
  });
});

/** 200 MiB, produced slowly (1 MiB every 20 ms) so the node is killed mid-stream. */
function slowBody(): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(MiB, 7);
  return new Readable({
    read() {
      setTimeout(() => this.push(sent++ < 200 ? chunk : null), 20);
    },
  });
}

describe.skipIf(!hasPostgres())('a PostgreSQL node killed mid-upload', { timeout: 300_000 }, () => {
  it('leaves only orphan chunks, no object, and recovery removes them', async () => {
    const url = await createDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-s3-node-'));
    const pg = new PgStore(url, { max: 2 });
    const chunks = async () => Number((await pg.pool.query('SELECT count(*) AS n FROM s3_blob_chunks')).rows[0].n);
    try {
      const node = await startServer({ args: ['--database', url], dataDir: dir });
      const s3 = s3Client(node);
      await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
      const upload = s3
        .send(new PutObjectCommand({ Bucket: 'crash', Key: 'big.bin', Body: slowBody(), ContentLength: 200 * MiB }))
        .catch((e: unknown) => e);
      for (const deadline = Date.now() + 60_000; (await chunks()) < 4;) {
        if (Date.now() > deadline) throw new Error('no chunks were staged');
        await new Promise((r) => setTimeout(r, 100));
      }
      await node.stop('SIGKILL');
      expect(await upload).toBeInstanceOf(Error);
      expect(await chunks()).toBeGreaterThanOrEqual(4); // the partial upload is still in the database

      const next = await startServer({ args: ['--database', url], dataDir: dir });
      try {
        expect((await s3Client(next).send(new ListObjectsV2Command({ Bucket: 'crash' }))).KeyCount).toBe(0);
      } finally {
        await next.stop();
      }
      // The server's recovery spares chunks younger than any upload in flight (an hour) and removes after the
      // readers' grace (10 minutes); without those waits they go at once.
      const recovered = await new BucketStore(pg, dir, new PgBlobStore(pg.pool, pg.ready, { orphanAgeMs: 0, removeGraceMs: 0 })).recover();
      expect(recovered.removedOrphanBlobs).toBe(1);
      expect(await chunks()).toBe(0);
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
