/**
 * Retention that purges: events past a short retention are deleted (from LookupEvents, `hsmtrail
 * events`, `hsmtrail sql` and the file's pages), except while a trail still has to deliver them or
 * write the digest covering them; a stopped trail holds only what it logged before its stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CloudTrailClient,
  CreateTrailCommand,
  LookupEventsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { runEvents } from '../../src/cli/commands/events.js';
import { runSql } from '../../src/cli/commands/sql.js';
import type { PurgeRun } from '../../src/audit/retention/purger.js';

const RETENTION_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: GatewayHarness;
let sts: STSClient;
let iam: IAMClient;
let ct: CloudTrailClient;
let s3: S3Client;
let health: string;

beforeAll(async () => {
  h = await gatewayHarness({
    flags: { deliveryInterval: '0.2' },
    // The purge loop never fires by itself here (the test runs it), so each step is observed.
    env: { HSMTRAIL_RETENTION: `${RETENTION_MS / 1000}s`, HSMTRAIL_PURGE_INTERVAL_MS: '999999999', HSMTRAIL_PURGE_BATCH: '50' },
  });
  sts = new STSClient(h.clientConfig());
  iam = new IAMClient(h.clientConfig());
  ct = new CloudTrailClient(h.clientConfig());
  s3 = new S3Client(h.clientConfig());
  await new Promise<void>((resolve) => h.app.server.listen(0, '127.0.0.1', resolve));
  health = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/health`;
});
afterAll(() => h.close());

/** Records `n` calls and returns their event IDs. */
async function calls(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const out =
      i % 5 === 0 ? await iam.send(new CreateUserCommand({ UserName: `${tag}-${i}` })) : await sts.send(new GetCallerIdentityCommand({}));
    ids.push(h.recordsFor(out.$metadata.requestId!)[0]!.eventID);
  }
  return ids;
}

/** Lets everything recorded so far age past retention, then records one fresh call (the newest event is always kept). */
async function age(): Promise<void> {
  await sleep(RETENTION_MS + 500);
  await sts.send(new GetCallerIdentityCommand({}));
}

const stored = (ids: string[]) => {
  const have = new Set(h.records().map((r) => r.eventID));
  return ids.filter((id) => have.has(id));
};
const pragma = (name: string) => h.app.db.pragma(name, { simple: true }) as number;

async function flush(name: string): Promise<{ Failures?: unknown[] }> {
  const req = await h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FlushTrails' },
      body: Buffer.from(JSON.stringify({ Name: name })),
    },
    'hsmtrail',
  );
  const res = await h.send(req);
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body) as { Failures?: unknown[] };
}

async function trail(name: string, bucket: string): Promise<string> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: cloudTrailBucketPolicy(bucket, h.accountId) }));
  const out = await ct.send(
    new CreateTrailCommand({ Name: name, S3BucketName: bucket, EnableLogFileValidation: true, IsMultiRegionTrail: true }),
  );
  await ct.send(new StartLoggingCommand({ Name: name }));
  return out.TrailARN!;
}

async function bucketObjects(bucket: string): Promise<Map<string, string>> {
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);
  const out = new Map<string, string>();
  for (const key of keys)
    out.set(
      key,
      Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray()).toString(
        'base64',
      ),
    );
  return out;
}

async function cliEventIds(): Promise<string[]> {
  let out = '';
  await runEvents({ dataDir: h.app.config.dataDir, limit: '100000', output: 'jsonl', interval: '100' }, { write: (t) => (out += t) });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { eventID: string }).eventID);
}

async function sqlEventIds(): Promise<string[]> {
  const out = await runSql('SELECT eventid FROM cloudtrail', { dataDir: h.app.config.dataDir, source: 'store', output: 'json' });
  return (JSON.parse(out) as Array<{ eventid: string }>).map((r) => r.eventid);
}

async function lookupIds(): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(new LookupEventsCommand({ NextToken, MaxResults: 50 }));
    ids.push(...(page.Events ?? []).map((e) => e.EventId!));
    NextToken = page.NextToken;
  } while (NextToken);
  return ids;
}

const purge = (): Promise<PurgeRun> => h.app.retention.runOnce();
const healthStatus = async () =>
  (await (await fetch(health)).json()) as {
    retention: { heldEvents: number; waitingFor: Array<{ trailArn: string; reason: string }>; purgedTotal: number };
  };

describe('retention purge', () => {
  it('deletes aged events everywhere and hands their pages back to the filesystem', async () => {
    // The schema's own pages (every module's tables and indexes) stay; what the events took must go.
    const pagesAtStart = pragma('page_count');
    const ids = await calls(300, 'plain');
    expect(await lookupIds()).toEqual(expect.arrayContaining(ids.slice(-5)));
    expect(await cliEventIds()).toEqual(expect.arrayContaining(ids));
    expect(await sqlEventIds()).toEqual(expect.arrayContaining(ids));
    const pagesBefore = pragma('page_count');
    await age();
    const run = await purge();
    expect(run.purged).toBeGreaterThanOrEqual(ids.length);
    expect(run).toMatchObject({ held: 0, waitingFor: [] });
    expect(stored(ids)).toEqual([]);
    const [lookup, cli, sql] = [await lookupIds(), await cliEventIds(), await sqlEventIds()];
    for (const list of [lookup, cli, sql]) expect(list.filter((id) => ids.includes(id))).toEqual([]);
    expect(cli.length).toBeGreaterThan(0); // the fresh call (and the lookups) are still there
    expect(
      h.app.db.prepare('SELECT COUNT(*) FROM event_resources r LEFT JOIN events e USING (seq) WHERE e.seq IS NULL').pluck().get(),
    ).toBe(0);
    expect(pragma('freelist_count')).toBe(0);
    expect(pragma('page_count') - pagesAtStart).toBeLessThan((pagesBefore - pagesAtStart) * 0.4);
    expect((await healthStatus()).retention.purgedTotal).toBe(run.purged);
  });

  let arn: string;
  it('keeps what a failing trail has not delivered until delivery catches up, and says why', async () => {
    arn = await trail('held', 'held-bucket');
    await flush('held');
    const delivered = await bucketObjects('held-bucket');
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'held-bucket' }));
    const ids = await calls(20, 'failing');
    expect((await flush('held')).Failures).toEqual([expect.stringContaining('AccessDenied')]);
    await age();
    const run = await purge();
    expect(run.waitingFor).toEqual([{ trailArn: arn, reason: 'delivery failing', deliveredSeq: expect.any(Number) }]);
    expect(run.held).toBeGreaterThanOrEqual(ids.length);
    expect(stored(ids)).toEqual(ids);
    expect((await cliEventIds()).filter((id) => ids.includes(id))).toEqual(ids);
    const status = (await healthStatus()).retention;
    expect(status.waitingFor).toEqual([expect.objectContaining({ trailArn: arn, reason: 'delivery failing' })]);
    expect(status.heldEvents).toBe(run.held);

    await s3.send(new PutBucketPolicyCommand({ Bucket: 'held-bucket', Policy: cloudTrailBucketPolicy('held-bucket', h.accountId) }));
    expect((await flush('held')).Failures ?? []).toEqual([]);
    const after = await purge();
    expect(after.purged).toBeGreaterThanOrEqual(ids.length);
    expect(after).toMatchObject({ held: 0, waitingFor: [] });
    expect(stored(ids)).toEqual([]);
    // What was delivered before the purge is untouched, and the held events reached the bucket.
    const now = await bucketObjects('held-bucket');
    for (const [key, body] of delivered) expect(now.get(key)).toBe(body);
    expect(now.size).toBeGreaterThan(delivered.size);
  });

  it('keeps what a stopped trail logged but has not delivered; after that it holds nothing', async () => {
    const logged = await calls(10, 'before-stop');
    await ct.send(new StopLoggingCommand({ Name: 'held' }));
    const unlogged = await calls(5, 'after-stop');
    await age();
    const run = await purge();
    expect(run.waitingFor).toEqual([{ trailArn: arn, reason: 'delivery pending', deliveredSeq: expect.any(Number) }]);
    expect(stored(logged)).toEqual(logged);
    await flush('held');
    expect((await purge()).waitingFor).toEqual([]);
    expect(stored([...logged, ...unlogged])).toEqual([]);

    // Stopped and caught up: even a trail that could no longer deliver holds nothing back.
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'held-bucket' }));
    const later = await calls(10, 'stopped');
    await age();
    expect(await purge()).toMatchObject({ held: 0, waitingFor: [] });
    expect(stored(later)).toEqual([]);
  });

  it('keeps delivered events until the digest covering them is written', async () => {
    const digested = await trail('digested', 'digest-bucket');
    h.app.start(); // delivery every 0.2 s; the one-hour digest period does not close by itself
    const ids = await calls(10, 'undigested');
    await age();
    let run: PurgeRun;
    for (let i = 0; ; i++) {
      run = await purge();
      if (run.waitingFor.every((w) => w.reason === 'digest pending')) break;
      if (i > 300) throw new Error(`delivery never caught up: ${JSON.stringify(run)}`);
      await sleep(100);
    }
    expect(run.waitingFor).toEqual([{ trailArn: digested, reason: 'digest pending', deliveredSeq: expect.any(Number) }]);
    expect(stored(ids)).toEqual(ids);
    await flush('digested');
    expect(await purge()).toMatchObject({ waitingFor: [] });
    expect(stored(ids)).toEqual([]);
  });
});
