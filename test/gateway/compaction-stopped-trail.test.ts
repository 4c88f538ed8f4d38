/**
 * Record compaction beside a trail that is stopped and started again: what the trail delivers is
 * always still text when it is delivered (the pass keeps everything above a logging trail's delivered
 * point), while the events recorded during the stop, which no trail will deliver, get compressed; on
 * restart the delivery scan reads over them and delivers only what was logged, byte for byte.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { EventCompactor } from '../../src/storage/sqlite/event-compaction.js';
import { allRecordTexts } from '../../src/storage/sqlite/event-records.js';
import type { SqliteStore } from '../../src/storage/sqlite/store.js';

const BUCKET = 'restarted-trail-bucket';
const TRAIL = 'restarted';

let h: GatewayHarness;
let sts: STSClient;
let ct: CloudTrailClient;
let s3: S3Client;

beforeAll(async () => {
  h = await gatewayHarness();
  sts = new STSClient(h.clientConfig());
  ct = new CloudTrailClient(h.clientConfig());
  s3 = new S3Client({ ...h.clientConfig(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: cloudTrailBucketPolicy(BUCKET, h.accountId) }));
  await ct.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET, IsMultiRegionTrail: true }));
  await ct.send(new StartLoggingCommand({ Name: TRAIL }));
});
afterAll(() => h.close());

/** Records `n` calls; returns the seqs of the events recorded meanwhile. */
async function calls(n: number): Promise<number[]> {
  const before = lastSeq();
  for (let i = 0; i < n; i++) await sts.send(new GetCallerIdentityCommand({}));
  return seqsAfter(before);
}

const lastSeq = () => h.app.db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number;
const seqsAfter = (seq: number) => h.app.db.prepare('SELECT seq FROM events WHERE seq > ? ORDER BY seq').pluck().all(seq) as number[];
const isText = (seq: number) => h.app.db.prepare('SELECT 1 FROM event_records WHERE seq = ?').get(seq) !== undefined;
const isCompressed = (seq: number) => h.app.db.prepare('SELECT 1 FROM event_records_z WHERE seq = ?').get(seq) !== undefined;

/** One pass that takes every record it may, however young. */
async function compact(): Promise<number> {
  const compactor = new EventCompactor(h.app.store as SqliteStore, { ageMs: 1, clock: () => new Date(Date.now() + 60_000) });
  try {
    return (await compactor.runOnce()).compacted;
  } finally {
    await compactor.stop();
  }
}

async function flush(): Promise<void> {
  const req = await h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FlushTrails' },
      body: Buffer.from(JSON.stringify({ Name: TRAIL })),
    },
    'hsmtrail',
  );
  const res = await h.send(req);
  expect(res.status, res.body).toBe(200);
  expect((JSON.parse(res.body) as { Failures?: unknown[] }).Failures ?? []).toEqual([]);
}

/** Every delivered log file's body, uncompressed, joined. */
async function deliveredText(): Promise<string> {
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!);
  const bodies = await Promise.all(
    keys
      .filter((k) => k.endsWith('.json.gz'))
      .map(async (Key) => gunzipSync(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray())),
  );
  return bodies.map((b) => b.toString('utf8')).join('\n');
}

/** Each stored event's record, exactly as stored (text or inflated), by seq. */
function storedTexts(): Map<number, string> {
  const seqs = h.app.db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
  const texts = allRecordTexts(h.app.db);
  return new Map(seqs.map((seq, i) => [seq, texts[i]!]));
}

describe('compaction and a trail stopped, then started again', () => {
  it('delivers only text-time records, compresses the stop’s events, and delivers the restart byte for byte', async () => {
    const logged = await calls(5);
    await flush();
    await ct.send(new StopLoggingCommand({ Name: TRAIL }));
    const beforeStopFlush = await calls(3);
    // The StopLogging event is the trail's to deliver: until it is, nothing above its delivered point is compressed.
    await compact();
    expect(beforeStopFlush.every(isText)).toBe(true);
    await flush(); // delivers StopLogging; now the stopped trail holds nothing
    const duringStop = await calls(20);
    expect(await compact()).toBeGreaterThanOrEqual(duringStop.length);
    expect(duringStop.every(isCompressed)).toBe(true);

    await ct.send(new StartLoggingCommand({ Name: TRAIL }));
    const afterRestart = await calls(5);
    await compact();
    // Logging again: its delivered point is back at the stop, so everything since stays text until delivered.
    expect(afterRestart.every(isText)).toBe(true);
    await flush();

    const delivered = await deliveredText();
    const stored = storedTexts();
    for (const seq of [...logged, ...afterRestart]) expect(delivered).toContain(stored.get(seq));
    for (const seq of [...beforeStopFlush, ...duringStop]) expect(delivered).not.toContain(stored.get(seq));
    // Once delivered, the restart's records may be compressed like the rest.
    expect(await compact()).toBeGreaterThanOrEqual(afterRestart.length);
    expect(afterRestart.every(isCompressed)).toBe(true);
  });
});
