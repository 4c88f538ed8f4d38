import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeliveryPipeline } from '../../audit/deliver/pipeline.js';
import { runOperation, testLookupEvents } from '../../audit/deliver/test-support.js';
import { SigningKeyRing } from '../../audit/digest/key-ring.js';
import { SecretBox } from '../../identity/store/secret-box.js';
import { cloudtrailService } from '../../services/cloudtrail/service.js';
import { LocalBucketCheck } from '../../audit/deliver/bucket-check.js';
import { BucketStore } from '../../storage/objects/local/bucket-store.js';
import { dataDirLayout } from '../../storage/data-dir.js';
import { LocalObjectStore } from '../../storage/objects/local/local-object-store.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { parseCliTime, runValidateLogs } from './validate-logs.js';

const ACCOUNT = '111122223333';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::logs' },
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::logs/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ],
});

let dir: string;
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A data directory as the server leaves it: a trail delivered to the built-in bucket, then flushed. */
async function dataDirWithTrail(): Promise<{ arn: string; start: Date }> {
  dir = mkdtempSync(join(tmpdir(), 'hsmtrail-vl-'));
  const storage = new SqliteStore(dataDirLayout(dir).store);
  const buckets = new BucketStore(storage, dataDirLayout(dir).buckets); // the server's layout
  await buckets.transaction(async (tx) => {
    await buckets.createBucket(tx, 'logs', 'us-east-1', ACCOUNT);
    await buckets.putBucketPolicy(tx, 'logs', POLICY);
  });
  const objects = new LocalObjectStore(buckets);
  const keyRing = new SigningKeyRing(SecretBox.forDataDir(dir));
  const service = cloudtrailService({ bucketCheck: new LocalBucketCheck(objects), keyRing, lookupEvents: testLookupEvents });
  const start = new Date(Date.now() - 60_000);
  const run = (op: string, input: object) => runOperation(storage, service, op, input, new Date());
  const { TrailARN } = await run('CreateTrail', { Name: 'main', S3BucketName: 'logs', EnableLogFileValidation: true });
  await run('StartLogging', { Name: 'main' });
  const record = {
    eventTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
    eventID: 'e1',
    eventSource: 'cloudhsm.amazonaws.com',
    eventName: 'DescribeClusters',
  };
  await storage.write((tx) =>
    tx.events.append({
      eventId: 'e1',
      eventTime: new Date(),
      region: 'us-east-1',
      eventSource: record.eventSource,
      eventName: record.eventName,
      readOnly: true,
      eventCategory: 'Management',
      record: JSON.stringify(record),
    }),
  );
  const pipeline = new DeliveryPipeline({
    store: storage,
    objects,
    keyRing,
    bucketCheck: new LocalBucketCheck(objects),
  });
  await new Promise((r) => setTimeout(r, 1100)); // the flushed digest must end after the period's start second
  const flushed = await pipeline.flush('main');
  expect(flushed.delivered).toHaveLength(1);
  expect(flushed.digests.length).toBeGreaterThan(0);
  storage.close();
  return { arn: TrailARN, start };
}

describe('hsmtrail validate-logs', () => {
  it('validates a flushed trail offline from the data directory with awscli’s lines', async () => {
    const { arn, start } = await dataDirWithTrail();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const code = await runValidateLogs({ trailArn: arn, startTime: start.toISOString(), dataDir: dir, output: 'text', verbose: true });
    const text = out.join('');
    expect(code).toBe(0);
    expect(text).toMatch(/^Validating log files for trail arn:aws:cloudtrail:us-east-1:111122223333:trail\/main between /);
    expect(text).toMatch(/Digest file\ts3:\/\/logs\/AWSLogs\/111122223333\/CloudTrail-Digest\/us-east-1\/.*\tvalid/);
    expect(text).toMatch(/Log file\ts3:\/\/logs\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/.*\tvalid/);
    expect(text).toMatch(/1\/1 log files valid/);
  });

  it('prints the report as JSON', async () => {
    const { arn, start } = await dataDirWithTrail();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await runValidateLogs({ trailArn: arn, startTime: start.toISOString(), dataDir: dir, output: 'json' });
    expect(JSON.parse(out.join('')).summary.logFiles).toEqual({ valid: 1, invalid: 0, total: 1 });
  });

  it('reads times as UTC and drops offsets, like awscli', () => {
    expect(parseCliTime('2026-03-07T09:00:00+02:00').toISOString()).toBe('2026-03-07T09:00:00.000Z');
    expect(parseCliTime('2026-03-07').toISOString()).toBe('2026-03-07T00:00:00.000Z');
    expect(() => parseCliTime('yesterday')).toThrow(/Unable to parse/);
  });
});
