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
