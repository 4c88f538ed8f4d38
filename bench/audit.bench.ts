/**
 * Audit cost. (a) Delivery throughput: events recorded through EventRecorder, then delivered as
 * gzipped log files into the built-in bucket by one DeliveryPipeline pass, next to raw zlib gzip of
 * the same records (the limit). (b) DescribeClusters latency on one server with and without a
 * logging trail delivering every second, same load generator, alternating rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudTrailClient, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import type { Bench, BenchRow } from './harness.js';
import { signed, startHsmtrail } from './harness.js';
import { load, median } from './load.js';
import type { LoadResult } from './loadgen.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import type { Store } from '../src/storage/ports.js';
import { SigningKeyRing } from '../src/audit/digest/key-ring.js';
import { DeliveryPipeline } from '../src/audit/deliver/pipeline.js';
import { LocalBucketCheck } from '../src/audit/deliver/bucket-check.js';
import { runOperation, testLookupEvents, ACCOUNT } from '../src/audit/deliver/test-support.js';
import { LocalObjectStore } from '../src/storage/objects/local/local-object-store.js';
import { openBucketStore } from '../src/services/s3/service.js';
import { SecretBox } from '../src/identity/store/secret-box.js';
import { cloudtrailService } from '../src/services/cloudtrail/service.js';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { cloudTrailBucketPolicy, createDeliveryBucket, createLoggingTrail, s3Client } from '../test/conformance/trail-helpers.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const START = Date.parse('2026-01-01T00:00:00Z');

/**
 * Records `count` events into the store `open` gives (a fresh one in `dir`), then delivers them all in
 * one pass. `subject` names the engine in the rows (the PostgreSQL bench runs it on both engines).
 */
export async function deliveryThroughput(
  open: (dir: string) => Store | Promise<Store> = (dir) => new SqliteStore(join(dir, 'hsmtrail.db')),
  subject = 'hsmtrail',
  count = EVENTS,
): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-audit-'));
  try {
    const storage = await open(dir);
    const buckets = openBucketStore({ config: { dataDir: dir }, store: storage });
    await buckets.transaction(async (tx) => {
      await buckets.createBucket(tx, 'bench-logs', 'us-east-1', ACCOUNT);
      await buckets.putBucketPolicy(tx, 'bench-logs', cloudTrailBucketPolicy('bench-logs', ACCOUNT));
    });
    const store = new LocalObjectStore(buckets);
    const bucketCheck = new LocalBucketCheck(store);
    const keyRing = new SigningKeyRing(SecretBox.ephemeral());
    const service = cloudtrailService({ bucketCheck, keyRing, lookupEvents: testLookupEvents });
    const callOp = (operation: string, input: object) => runOperation(storage, service, operation, input, new Date(START - 1000));
    await callOp('CreateTrail', { Name: 'bench', S3BucketName: 'bench-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true });
    await callOp('StartLogging', { Name: 'bench' });

    const recordStart = performance.now();
    await generateEvents(storage, { count, start: new Date(START), stepMs: 10 });
    const recordMs = performance.now() - recordStart;

    const objects = store;
    const clock = () => new Date(START + count * 10 + 60_000);
    const pipeline = new DeliveryPipeline({ store: storage, objects, keyRing, bucketCheck, clock });
    const deliverStart = performance.now();
    const run = await pipeline.delivery.runOnce({ force: true });
    const deliverMs = performance.now() - deliverStart;
    if (run.failures.length) throw new Error(`delivery failed: ${JSON.stringify(run.failures)}`);

    const records = (await storage.read((tx) => tx.events.readAfter(0, count + 10))).map((e) => e.record);
    if (records.length !== count) throw new Error(`expected ${count} stored events, found ${records.length}`);
    const gzipStart = performance.now();
    const json = Buffer.from(`{"Records":[${records.join(',')}]}`, 'utf8');
    const gz = gzipSync(json);
    const gzipMs = performance.now() - gzipStart;
    await storage.close();
    const perSec = (ms: number) => (count * 1000) / ms;
    const note = `${count} events, ${run.delivered.length} files, ${(json.length / count).toFixed(0)} B/event → ${(gz.length / count).toFixed(0)} B gzipped`;
    return [
      {
        benchmark: 'audit: record (EventRecorder → store)',
        subject,
        value: perSec(recordMs),
        unit: 'events/s',
        note: 'transactions of 10,000',
      },
      { benchmark: 'audit: deliver (read → gzip → local bucket)', subject, value: perSec(deliverMs), unit: 'events/s', note },
      {
        benchmark: 'audit: deliver',
        subject: 'raw zlib gzipSync (limit)',
        value: perSec(gzipMs),
        unit: 'events/s',
        note: 'serialize + gzip the same records',
      },
      { benchmark: 'audit: deliver', subject: `${subject} / raw gzip`, value: (100 * gzipMs) / deliverMs, unit: '%' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function latencyWithTrail(): Promise<BenchRow[]> {
  const server = await startHsmtrail(['--delivery-interval', '1']);
  try {
    const req = await signed(server, {
      service: 'cloudhsm',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.DescribeClusters' },
      body: '{}',
    });
    const fire = async () => {
      const r = await load({ url: req.url, method: 'POST', headers: req.headers, body: req.body });
      if (r.errors || Object.keys(r.statuses).some((s) => s !== '200')) throw new Error(`non-200 answers: ${JSON.stringify(r.statuses)}`);
      return r;
    };
    await createDeliveryBucket(s3Client(server), 'bench-audit-logs', server.accountId);
    await createLoggingTrail(server, 'bench-audit', 'bench-audit-logs');
    const ct = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
    const without: LoadResult[] = [];
    const withTrail: LoadResult[] = [];
    for (let round = 0; round < 2; round++) {
      await ct.send(new StopLoggingCommand({ Name: 'bench-audit' }));
      without.push(await fire());
      await ct.send(new StartLoggingCommand({ Name: 'bench-audit' }));
      withTrail.push(await fire());
    }
    const rows = (subject: string, rs: LoadResult[]): BenchRow[] => [
      { benchmark: 'DescribeClusters (audited, 32 conns)', subject, value: median(rs.map((r) => r.rps)), unit: 'req/s' },
      { benchmark: 'DescribeClusters (audited, 32 conns)', subject: `${subject} p50`, value: median(rs.map((r) => r.p50ms)), unit: 'ms' },
      { benchmark: 'DescribeClusters (audited, 32 conns)', subject: `${subject} p99`, value: median(rs.map((r) => r.p99ms)), unit: 'ms' },
    ];
    return [...rows('no logging trail', without), ...rows('logging trail, delivery 1 s', withTrail)];
  } finally {
    await server.stop();
  }
}

export const auditBench: Bench = {
  name: 'audit',
  async run(): Promise<BenchRow[]> {
    return [...(await deliveryThroughput()), ...(await latencyWithTrail())];
  },
};
