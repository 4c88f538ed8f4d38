/**
 * A real server with a seconds-long retention and a logging trail: recorded events are delivered,
 * digested, then purged from the store (gone from `hsmtrail events` and `hsmtrail sql` on the data
 * directory), while the delivered files and digests stay byte-identical and the stock
 * `aws cloudtrail validate-logs` passes over a range that spans the purge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import type { S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, run } from '../support/tools.js';
import {
  awsValidate,
  BIN,
  createDeliveryBucket,
  createLoggingTrail,
  deliveredRecords,
  flush,
  getObject,
  listKeys,
  s3Client,
  trailClient,
} from './trail-helpers.js';

const BUCKET = 'retention-trail-bucket';
const TRAIL = 'retained';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RunningServer;
let s3: S3Client;
let trailArn: string;
let start: string;
let requestIds: string[];
let before: Map<string, string>;
/** What `hsmtrail events` and `hsmtrail sql` saw before the retention ran out. */
let seenBefore: { events: string[]; sql: unknown };

const sqlCount = async () =>
  JSON.parse(
    await cli([
      'sql',
      `SELECT count(*) AS n FROM cloudtrail WHERE requestid IN (${requestIds.map((id) => `'${id}'`).join(', ')})`,
      '--output',
      'json',
    ]),
  ) as unknown;

async function workload(n: number): Promise<string[]> {
  const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const hsm = new CloudHSMV2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = i % 2 ? await sts.send(new GetCallerIdentityCommand({})) : await hsm.send(new DescribeClustersCommand({}));
    ids.push(out.$metadata.requestId!);
  }
  return ids;
}

async function cli(args: string[]): Promise<string> {
  const r = await run(process.execPath, [BIN, ...args, '--data-dir', server.dataDir], server.awsEnv(), undefined, 60_000);
  if (r.status !== 0) throw new Error(`hsmtrail ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const storedRequestIds = async () =>
  new Set(
    (await cli(['events', '--output', 'jsonl', '--limit', '100000']))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { requestID: string }).requestID),
  );

async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await listKeys(s3, BUCKET, 'AWSLogs/'))
    out.set(
      key,
      createHash('sha256')
        .update(await getObject(s3, BUCKET, key))
        .digest('hex'),
    );
  return out;
}

beforeAll(async () => {
  server = await startServer({
    args: ['--digest-period', '2', '--delivery-interval', '1', '--retention', '20s'],
    env: { HSMTRAIL_PURGE_INTERVAL_MS: '500' },
  });
  s3 = s3Client(server);
  start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await createDeliveryBucket(s3, BUCKET, server.accountId);
  trailArn = await createLoggingTrail(server, TRAIL, BUCKET, { multiRegion: false });
  requestIds = await workload(20);
  const stored = await storedRequestIds();
  seenBefore = { events: requestIds.filter((id) => stored.has(id)), sql: await sqlCount() };
  await flush(server.awsEnv(), TRAIL);
  before = await snapshot();
  // A server start and a dozen CLI processes: loaded 2-core runs came close to 60 s.
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('retention purge on a running server with a logging trail', () => {
  it('purges delivered and digested events from the store', async () => {
    expect(seenBefore.events).toEqual(requestIds);
    expect(seenBefore.sql).toEqual([{ n: String(requestIds.length) }]);
    for (let i = 0; ; i++) {
      const now = await storedRequestIds();
      if (requestIds.every((id) => !now.has(id))) break;
      if (i > 180) throw new Error(`events were never purged; /health: ${await (await fetch(`${server.endpoint}/health`)).text()}`);
      await sleep(500);
    }
    expect(await sqlCount()).toEqual([{ n: '0' }]);
    const health = (await (await fetch(`${server.endpoint}/health`)).json()) as {
      retention: { purgedTotal: number; retentionSeconds: number };
    };
    expect(health.retention.retentionSeconds).toBe(20);
    expect(health.retention.purgedTotal).toBeGreaterThanOrEqual(requestIds.length);
    // The bucket still has every purged event: the store let go only of what the trail had delivered.
    const delivered = new Set((await deliveredRecords(s3, BUCKET)).map((r) => r.record.requestID as string));
    expect(requestIds.filter((id) => !delivered.has(id))).toEqual([]);
  }, 180_000);

  it('leaves delivered files and digests byte-identical, and validate-logs passes across the purge', async () => {
    await workload(10);
    // Stop logging (final digest) so the validator's own calls add no files while it runs.
    await trailClient(server).send(new StopLoggingCommand({ Name: TRAIL }));
    await sleep(1100);
    await flush(server.awsEnv(), TRAIL);
    await sleep(1100);
    const after = await snapshot();
    for (const [key, sha] of before) expect(after.get(key), key).toBe(sha);
    expect(after.size).toBeGreaterThan(before.size);
    if (!hasTool('aws')) return;
    const result = await awsValidate(server.awsEnv(), trailArn, start, 'us-east-1');
    expect(result.status, result.raw).toBe(0);
    const digests = [...after.keys()].filter((k) => k.includes('/CloudTrail-Digest/')).length;
    const logs = after.size - digests;
    expect(result.summary.slice(-2)).toEqual([`${digests}/${digests} digest files valid`, `${logs}/${logs} log files valid`]);
  }, 180_000);
});
