/**
 * S3 data path: PUT/GET throughput for 1 KiB and 64 MiB objects and ListObjectsV2 pages over
 * 100,000 keys (BENCH_S3_KEYS to change), hsmtrail's built-in S3 against moto_server in the same run.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startMotoServer } from '../test/contract/moto-server.js';
import type { Bench, BenchRow } from './harness.js';
import { startHsmtrail } from './harness.js';
import { median } from './load.js';

const ROUNDS = 3;
const SMALL_OPS = 600;
const CONCURRENCY = 16;
const KEYS = Number(process.env.BENCH_S3_KEYS ?? 100_000);
const BUCKET = 'bench-bucket';

interface Target {
  name: string;
  s3: S3Client;
}

const clientFor = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

/** Runs `count` operations with `concurrency` in flight; returns operations per second. */
async function throughput(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function measure(t: Target): Promise<Record<string, number>> {
  const { s3 } = t;
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const small = randomBytes(1024);
  const big = randomBytes(64 * 1024 * 1024);
  const put = (Key: string, Body: Buffer) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  const get = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray();
  const r: Record<string, number[]> = { put1k: [], get1k: [], put64m: [], get64m: [] };
  for (let round = 0; round < ROUNDS; round++) {
    r.put1k!.push(await throughput(SMALL_OPS, CONCURRENCY, (i) => put(`small/${i}`, small)));
    r.get1k!.push(await throughput(SMALL_OPS, CONCURRENCY, (i) => get(`small/${i}`)));
    r.put64m!.push(64 / ((await timed(() => put('big.bin', big))) / 1000));
    r.get64m!.push(64 / ((await timed(() => get('big.bin'))) / 1000));
  }
  const fill = await throughput(KEYS, 32, (i) => put(`many/${String(i).padStart(7, '0')}`, Buffer.alloc(0)));
  const firstPage: number[] = [];
  const middlePage: number[] = [];
  const middle = `many/${String(Math.floor(KEYS / 2)).padStart(7, '0')}`;
  for (let round = 0; round < 5; round++) {
    firstPage.push(await timed(() => s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/' }))));
    middlePage.push(await timed(() => s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'many/', StartAfter: middle }))));
  }
  return {
    put1k: median(r.put1k!),
    get1k: median(r.get1k!),
    put64m: median(r.put64m!),
    get64m: median(r.get64m!),
    fill,
    firstPage: median(firstPage),
    middlePage: median(middlePage),
  };
}

const ROWS: Array<[key: string, benchmark: string, unit: string, higherIsBetter: boolean]> = [
  ['put1k', 'PutObject 1 KiB (16 in flight)', 'req/s', true],
  ['get1k', 'GetObject 1 KiB (16 in flight)', 'req/s', true],
  ['put64m', 'PutObject 64 MiB', 'MiB/s', true],
  ['get64m', 'GetObject 64 MiB', 'MiB/s', true],
  ['fill', `PutObject 0 B x ${KEYS} (32 in flight)`, 'req/s', true],
  ['firstPage', `ListObjectsV2 first page of ${KEYS} keys`, 'ms', false],
  ['middlePage', `ListObjectsV2 page at key ${KEYS / 2}`, 'ms', false],
];

export const s3Bench: Bench = {
  name: 's3',
  async run(): Promise<BenchRow[]> {
    const server = await startHsmtrail();
    const moto = await startMotoServer();
    try {
      const ours = await measure({ name: 'hsmtrail', s3: clientFor(server.endpoint, server) });
      const peer = await measure({ name: 'moto', s3: clientFor(moto.endpoint, { accessKeyId: 'testing', secretAccessKey: 'testing' }) });
      return ROWS.flatMap(([key, benchmark, unit, higher]) => [
        { benchmark, subject: 'hsmtrail', value: ours[key]!, unit },
        { benchmark, subject: 'moto', value: peer[key]!, unit },
        {
          benchmark,
          subject: 'ratio hsmtrail / moto',
          value: higher ? ours[key]! / peer[key]! : peer[key]! / ours[key]!,
          unit: 'x',
          note: 'medians; >1 = hsmtrail faster',
        },
      ]);
    } finally {
      await moto.stop();
      await server.stop();
    }
  },
};
