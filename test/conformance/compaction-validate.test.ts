/**
 * A real server whose event store compresses records a moment after they are recorded, with a
 * logging trail: the pass compresses records once the trail has delivered them (the trained
 * dictionary or the built-in one), every delivered record is the stored record's exact text, read back
 * from the compressed rows, and the stock `aws cloudtrail validate-logs` passes over the range
 * (digests sign the delivered bytes, so any change of a record would fail them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import { allRecordTexts } from '../../src/storage/sqlite/event-records.js';
import { startServer, type RunningServer } from '../support/server.js';
import {
  awsValidate,
  createDeliveryBucket,
  createLoggingTrail,
  deliveredRecords,
  flush,
  listKeys,
  s3Client,
  trailClient,
} from './trail-helpers.js';

const BUCKET = 'compaction-trail-bucket';
const TRAIL = 'compacted';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RunningServer;
let s3: S3Client;
let trailArn: string;
let start: string;
const requestIds: string[] = [];

async function workload(n: number): Promise<void> {
  const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const hsm = new CloudHSMV2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  for (let i = 0; i < n; i++) {
    const out = i % 2 ? await sts.send(new GetCallerIdentityCommand({})) : await hsm.send(new DescribeClustersCommand({}));
    requestIds.push(out.$metadata.requestId!);
  }
}

/** The store's records (text and compressed tables), read from the file next to the running server. */
function stored(): { texts: string[]; compressed: number; uncompressed: number } {
  const db = new Database(join(server.dataDir, 'hsmtrail.db'), { readonly: true });
  try {
    const n = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    return { texts: allRecordTexts(db), compressed: n('event_records_z'), uncompressed: n('event_records') };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer({
    args: ['--digest-period', '2', '--delivery-interval', '1'],
    env: { HSMTRAIL_COMPACT_AGE_MS: '1500', HSMTRAIL_COMPACT_INTERVAL_MS: '300', HSMTRAIL_COMPACT_BATCH: '7' },
  });
  s3 = s3Client(server);
  start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await createDeliveryBucket(s3, BUCKET, server.accountId);
  trailArn = await createLoggingTrail(server, TRAIL, BUCKET, { multiRegion: false });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('record compaction on a running server with a logging trail', () => {
  it('delivers the stored bytes whether a record was compressed or not, and validate-logs passes', async () => {
    // Some calls delivered at once (text rows), then a pause long enough for the pass, then more.
    await workload(10);
    await flush(server.awsEnv(), TRAIL);
    await sleep(2500);
    await workload(10);
    for (let i = 0; stored().uncompressed > 0 || i < 1; i++) {
      if (i > 60) throw new Error(`records were never compressed: ${JSON.stringify(stored())}`);
      await sleep(500);
    }
    await trailClient(server).send(new StopLoggingCommand({ Name: TRAIL }));
    await sleep(1100);
    await flush(server.awsEnv(), TRAIL);
    await sleep(1100);

    const store = stored();
    expect(store.compressed).toBeGreaterThanOrEqual(requestIds.length);
    const byRequest = new Map(store.texts.map((t) => [(JSON.parse(t) as { requestID?: string }).requestID, t]));
    const delivered = await deliveredRecords(s3, BUCKET);
    for (const id of requestIds) {
      const record = delivered.find((d) => d.record.requestID === id)?.record;
      expect(record, id).toBeDefined();
      // The log file embeds the stored text as is; its JSON re-serializes to the very same bytes.
      expect(JSON.stringify(record)).toBe(byRequest.get(id));
    }

    const result = await awsValidate(server.awsEnv(), trailArn, start, 'us-east-1');
    expect(result.status, result.raw).toBe(0);
    const keys = await listKeys(s3, BUCKET, 'AWSLogs/');
    const digests = keys.filter((k) => k.includes('/CloudTrail-Digest/')).length;
    const logs = keys.length - digests;
    expect(result.summary.slice(-2)).toEqual([`${digests}/${digests} digest files valid`, `${logs}/${logs} log files valid`]);
  }, 120_000);
});
