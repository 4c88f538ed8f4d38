// Delivery of a compressed backlog against the same backlog as text, through the real DeliveryPipeline
// (scan, plan, put into the built-in bucket, record), for bench/profile-compressed-lookup.ts.
//
// A logging trail's undelivered records stay text unless its delivery is failing (event-compaction.ts):
// so the compressed backlog here is made as it arises, a trail whose delivery fails while the pass
// compresses its backlog, then recovers. Both stores hold the very same events (one file, copied
// before the pass), so the delivered files must be byte-identical; each round delivers fresh copies.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DeliveryPipeline } from '../src/audit/deliver/pipeline.js';
import { LocalBucketCheck } from '../src/audit/deliver/bucket-check.js';
import { runOperation, testLookupEvents, ACCOUNT } from '../src/audit/deliver/test-support.js';
import { SigningKeyRing } from '../src/audit/digest/key-ring.js';
import { SecretBox } from '../src/identity/store/secret-box.js';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { cloudtrailService } from '../src/services/cloudtrail/service.js';
import { openBucketStore } from '../src/services/s3/service.js';
import { LocalObjectStore } from '../src/storage/objects/local/local-object-store.js';
import { EventCompactor } from '../src/storage/sqlite/event-compaction.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { cloudTrailBucketPolicy } from '../test/conformance/trail-helpers.js';

const BUCKET = 'bench-logs';
const STEP_MS = 5_000;

function parts(dir: string) {
  const store = new SqliteStore(join(dir, 'hsmtrail.db'));
  const buckets = openBucketStore({ config: { dataDir: dir }, store });
  const objects = new LocalObjectStore(buckets);
  const keyRing = new SigningKeyRing(SecretBox.ephemeral());
  return { store, buckets, objects, keyRing };
}

/** Two data dirs under `dir`, `text` and `z`, with one logging trail and the same undelivered backlog of `events`. */
export async function makeBacklogs(dir: string, events: number, start: Date): Promise<void> {
  const text = join(dir, 'text');
  mkdirSync(text, { recursive: true });
  const { store, buckets, keyRing } = parts(text);
  await buckets.transaction(async (tx) => {
    await buckets.createBucket(tx, BUCKET, 'us-east-1', ACCOUNT);
    await buckets.putBucketPolicy(tx, BUCKET, cloudTrailBucketPolicy(BUCKET, ACCOUNT));
  });
  const service = cloudtrailService({
    bucketCheck: new LocalBucketCheck(new LocalObjectStore(buckets)),
    keyRing,
    lookupEvents: testLookupEvents,
  });
  const call = (operation: string, input: object) => runOperation(store, service, operation, input, new Date(start.getTime() - 1000));
  await call('CreateTrail', { Name: 'bench', S3BucketName: BUCKET, IsMultiRegionTrail: true, EnableLogFileValidation: true });
  await call('StartLogging', { Name: 'bench' });
  await generateEvents(store, { count: events, start, stepMs: STEP_MS, errorEvery: 17, realistic: true });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  cpSync(text, join(dir, 'z'), { recursive: true });

  const z = new SqliteStore(join(dir, 'z', 'hsmtrail.db'));
  const arn = (await z.read((tx) => tx.trails.all()))[0]!.arn;
  await z.write((tx) => tx.delivery.updateStatus(arn, { latestDeliveryError: 'AccessDenied' }));
  const compactor = new EventCompactor(z, { clock: () => new Date('2100-01-01'), batchSize: 500 });
  const run = await compactor.runOnce();
  await compactor.stop();
  if (run.compacted < events) throw new Error(`compressed ${run.compacted} of ${events} backlog records`);
  await z.write((tx) => tx.delivery.updateStatus(arn, { latestDeliveryError: null }));
  z.db.pragma('incremental_vacuum');
  z.db.pragma('wal_checkpoint(TRUNCATE)');
  z.close();
}

/** Delivers a fresh copy of one backlog: events/s, and the delivered files' SHA-256 in key order. */
export async function deliverCopy(
  dir: string,
  which: 'text' | 'z',
  events: number,
  start: Date,
): Promise<{ perSec: number; files: string[] }> {
  const copy = join(dir, `round-${which}`);
  cpSync(join(dir, which), copy, { recursive: true });
  const { store, objects, keyRing } = parts(copy);
  try {
    const clock = () => new Date(start.getTime() + events * STEP_MS + 60_000);
    const pipeline = new DeliveryPipeline({ store, objects, keyRing, bucketCheck: new LocalBucketCheck(objects), clock });
    const t0 = performance.now();
    const run = await pipeline.delivery.runOnce({ force: true });
    const ms = performance.now() - t0;
    if (run.failures.length) throw new Error(`delivery failed: ${JSON.stringify(run.failures)}`);
    return { perSec: (events * 1000) / ms, files: await deliveredFiles(store) };
  } finally {
    store.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Every delivered file's SHA-256 (none is digested yet), by region then key. */
async function deliveredFiles(store: SqliteStore): Promise<string[]> {
  return store.read(async (tx) => {
    const arn = (await tx.trails.all())[0]!.arn;
    const files: string[] = [];
    for (const region of (await tx.delivery.regionsWithUndigested(arn)).sort()) {
      const delivered = await tx.delivery.undigested(arn, region, Number.MAX_SAFE_INTEGER);
      files.push(...delivered.sort((a, b) => (a.s3Key < b.s3Key ? -1 : 1)).map((f) => `${f.s3Key} ${f.sha256}`));
    }
    return files;
  });
}
