/** kill -9 in the middle of a streaming upload: after restart no partial object exists and no stray bytes remain. */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-s3-crash-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  // A SIGKILLed child has a signalCode, not an exitCode; stop() only the ones still running.
  for (const s of servers) if (s.process.exitCode === null && s.process.signalCode === null) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (server: RunningServer) =>
  new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

/** 200 MiB, produced slowly (1 MiB every 20 ms) so the server is killed mid-stream. */
function slowBody(): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(1024 * 1024, 7);
  return new Readable({
    read() {
      setTimeout(() => this.push(sent++ < 200 ? chunk : null), 20);
    },
  });
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('S3 upload interrupted by kill -9', () => {
  it('leaves no listed or gettable partial object and no tmp/orphan files after restart', async () => {
    const first = await startServer({ dataDir });
    servers.push(first);
    await client(first).send(new CreateBucketCommand({ Bucket: 'crash' }));
    const tmp = join(dataDir, 'buckets', 'tmp');
    const upload = client(first)
      .send(new PutObjectCommand({ Bucket: 'crash', Key: 'big.bin', Body: slowBody(), ContentLength: 200 * 1024 * 1024 }))
      .catch((e: unknown) => e);
    await until(() => filesUnder(tmp).some((f) => statSync(f).size > 4 * 1024 * 1024));
    await first.stop('SIGKILL');
    expect(await upload).toBeInstanceOf(Error);
    expect(filesUnder(tmp).length).toBeGreaterThan(0); // the partial upload is still on disk

    const second = await startServer({ dataDir });
    servers.push(second);
    const listed = await client(second).send(new ListObjectsV2Command({ Bucket: 'crash' }));
    expect(listed.Contents).toBeUndefined();
    await expect(client(second).send(new GetObjectCommand({ Bucket: 'crash', Key: 'big.bin' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    expect(filesUnder(tmp)).toEqual([]);
    expect(filesUnder(join(dataDir, 'buckets', 'blobs'))).toEqual([]);
  });
});
