/**
 * Bucket lifecycle expiration, in process on the real engine (SQLite + blob files): how fast the
 * worker expires a trail bucket's objects (BENCH_LIFECYCLE_OBJECTS, default 20,000, under AWSLogs/
 * with as many kept elsewhere), how long one batch holds the writer, and what the age index costs
 * a PutObject commit (commits per second with the lifecycle migration's index in place).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BucketStore } from '../src/storage/objects/local/bucket-store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import type { Store } from '../src/storage/ports.js';
import { LifecycleWorker } from '../src/services/s3/lifecycle-worker.js';
import type { Bench, BenchRow } from './harness.js';
import { median } from './load.js';

const OBJECTS = Number(process.env.BENCH_LIFECYCLE_OBJECTS ?? 20_000);
const BUCKET = 'bench-lifecycle';
const DAY = 86_400_000;

async function fill(store: BucketStore, prefix: string, count: number): Promise<number> {
  const body = Buffer.alloc(2048, 7);
  let commitMs = 0;
  for (let i = 0; i < count; i++) {
    const staged = await store.stageBlob(body);
    const started = performance.now();
    await store.transaction((tx) => store.commitObject(tx, BUCKET, `${prefix}${String(i).padStart(8, '0')}.json.gz`, staged));
    commitMs += performance.now() - started;
  }
  return count / (commitMs / 1000);
}

/** The same fill on an engine whose age index was dropped: what the index costs a write. */
async function commitsWithoutAgeIndex(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-lifecycle-'));
  try {
    const sqlite = new SqliteStore(join(dir, 's3.sqlite'));
    sqlite.db.exec('DROP INDEX s3_objects_by_age');
    const store = await BucketStore.open(dir, sqlite);
    await store.transaction((tx) => store.createBucket(tx, BUCKET, 'us-east-1', '111111111111'));
    return await fill(store, 'AWSLogs/111111111111/CloudTrail/us-east-1/', OBJECTS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const s3LifecycleBench: Bench = {
  name: 's3-lifecycle',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-lifecycle-'));
    try {
      const sqlite = new SqliteStore(join(dir, 's3.sqlite'));
      const store = await BucketStore.open(dir, sqlite);
      await store.transaction((tx) => store.createBucket(tx, BUCKET, 'us-east-1', '111111111111'));
      const commitsPerSecond = await fill(store, 'AWSLogs/111111111111/CloudTrail/us-east-1/', OBJECTS);
      const withoutIndex = await commitsWithoutAgeIndex();
      await fill(store, 'reports/', OBJECTS);
      await store.transaction((tx) =>
        store.putBucketLifecycle(
          tx,
          BUCKET,
          JSON.stringify([{ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Expiration: { Days: 1 } }]),
        ),
      );
      const batchMs: number[] = [];
      const timed: Store = {
        write: (fn) => {
          const started = performance.now();
          return sqlite.write(fn).finally(() => batchMs.push(performance.now() - started));
        },
        read: (fn) => sqlite.read(fn),
        appendEvents: (events) => sqlite.appendEvents(events),
        close: () => sqlite.close(),
      };
      const worker = new LifecycleWorker({ store: new BucketStore(timed, dir), clock: () => new Date(Date.now() + 3 * DAY) });
      const started = performance.now();
      const pass = await worker.runOnce();
      const seconds = (performance.now() - started) / 1000;
      if (pass.expiredObjects !== OBJECTS) throw new Error(`expired ${pass.expiredObjects} of ${OBJECTS}`);
      const note = `${OBJECTS} due of ${2 * OBJECTS}, 2 KiB each, batches of 200`;
      return [
        { benchmark: 's3-lifecycle', subject: 'objects expired', value: OBJECTS / seconds, unit: 'objects/s', note },
        { benchmark: 's3-lifecycle', subject: 'batch transaction, median', value: median(batchMs), unit: 'ms', note },
        { benchmark: 's3-lifecycle', subject: 'batch transaction, longest', value: Math.max(...batchMs), unit: 'ms', note },
        {
          benchmark: 's3-lifecycle',
          subject: 'PutObject commit, with age index',
          value: commitsPerSecond,
          unit: 'commits/s',
          note: `${OBJECTS} objects, one transaction each`,
        },
        {
          benchmark: 's3-lifecycle',
          subject: 'PutObject commit, without age index',
          value: withoutIndex,
          unit: 'commits/s',
          note: `${OBJECTS} objects, one transaction each`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
