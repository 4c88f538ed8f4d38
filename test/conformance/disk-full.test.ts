/**
 * A clean stop before the disk is full, on a real small filesystem (a 24 MiB tmpfs): a spawned server
 * refuses writes with a retryable 503 once free space falls below --min-free-space, /health says why,
 * it serves again by itself once the ballast is deleted, and no acknowledged event is lost or duplicated.
 * With the check off, a disk filled completely mid-upload and under IAM calls hits the real ENOSPC /
 * SQLITE_FULL path, which answers the same 503 with nothing half written.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../support/server.js';
import { mountSmallFs, type SmallFs } from '../support/tmpfs.js';
import { run } from '../support/tools.js';
import { allRecordTexts } from '../../src/storage/sqlite/event-records.js';

const MiB = 1024 * 1024;
const mounted = mountSmallFs(24);
const fs = 'skip' in mounted ? undefined : mounted;
if ('skip' in mounted) console.warn(`disk-full tests skipped: ${mounted.skip}`);

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  fs?.unmount();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clients(server: RunningServer, maxAttempts = 1) {
  const config = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts,
  };
  return { iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }) };
}

interface Outcome {
  ok: boolean;
  requestId?: string;
  name?: string;
  status?: number;
  attempts?: number;
}

const outcome = (call: Promise<{ $metadata: { requestId?: string } }>): Promise<Outcome> =>
  call.then(
    (r) => ({ ok: true, requestId: r.$metadata.requestId }),
    (e) => ({
      ok: false,
      requestId: e.$metadata?.requestId,
      name: e.name,
      status: e.$metadata?.httpStatusCode,
      attempts: e.$metadata?.attempts,
    }),
  );

/** Repeats `attempt` until `done` says so (busy machine: generous cap, no timing assertions). */
async function until(
  attempt: () => Promise<Outcome>,
  done: (o: Outcome) => boolean,
  seen: Outcome[],
  timeoutMs = 30_000,
): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o = await attempt();
    seen.push(o);
    if (done(o)) return o;
    if (Date.now() > deadline) throw new Error(`condition not reached; last outcome ${JSON.stringify(o)}`);
    await sleep(200);
  }
}

/** Every stored event's requestID, read from the stopped server's store. */
function storedRequestIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'hsmtrail.db'), { readonly: true });
  try {
    return allRecordTexts(db).map((r) => (JSON.parse(r) as { requestID: string }).requestID);
  } finally {
    db.close();
  }
}

/** Each acknowledged call has exactly one event; no request id is stored twice. */
function expectEventsExactlyOnce(dataDir: string, outcomes: Outcome[]): void {
  const ids = storedRequestIds(dataDir);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
  const acked = outcomes.filter((o) => o.ok);
  expect(acked.length).toBeGreaterThan(0);
  expect(acked.filter((o) => counts.get(o.requestId!) !== 1)).toEqual([]);
}

const health = async (server: RunningServer) => {
  const res = await fetch(`${server.endpoint}/health`);
  return { status: res.status, body: (await res.json()) as { status: string; storage: { level: string; reason?: string } } };
};

/** boto3 with standard retries: the refused call is retried, then surfaces as this error. */
async function boto3CreateUser(server: RunningServer, name: string) {
  const script = `
import json, boto3, botocore.config, botocore.exceptions
iam = boto3.client('iam', config=botocore.config.Config(retries={'mode': 'standard', 'max_attempts': 2}))
try:
    iam.create_user(UserName=${JSON.stringify(name)})
    print(json.dumps({'ok': True}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'retries': e.response['ResponseMetadata']['RetryAttempts']}))
`;
  const res = await run('python3', ['-c', script], server.awsEnv());
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as { ok?: boolean; code?: string; status?: number; retries?: number };
}

/** A body of `mib` MiB produced slowly, so the disk can be filled while it streams. */
function slowBody(mib: number): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(MiB, 7);
  return new Readable({
    read() {
      setTimeout(() => this.push(sent++ < mib ? chunk : null), 40);
    },
  });
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe.skipIf(!fs)('below --min-free-space on a real filesystem', () => {
  const small = fs as SmallFs;
  const dataDir = fs ? join(fs.dir, 'threshold') : '';
  const outcomes: Outcome[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    mkdirSync(dataDir);
    server = await startServer({ dataDir, args: ['--min-free-space', '6MiB'] });
    servers.push(server);
  });

  it('serves, refuses writes with a retryable 503 once the ballast is in, and serves again once it is gone', async () => {
    const { iam, s3 } = clients(server);
    outcomes.push(await outcome(iam.send(new CreateUserCommand({ UserName: 'before' }))));
    outcomes.push(await outcome(s3.send(new CreateBucketCommand({ Bucket: 'space' }))));
    expect(outcomes.every((o) => o.ok)).toBe(true);

    small.fill('ballast', small.freeBytes() - 4 * MiB); // 4 MiB free: below 6 MiB, above the 1.5 MiB floor
    let i = 0;
    const refused = await until(
      () => outcome(iam.send(new CreateUserCommand({ UserName: `during-${i++}` }))),
      (o) => !o.ok,
      outcomes,
    );
    expect(refused).toMatchObject({ name: 'ServiceUnavailable', status: 503 });

    // The SDK and boto3 both treat it as retryable: every attempt is made, then the error surfaces.
    const retried = await outcome(clients(server, 3).iam.send(new CreateUserCommand({ UserName: 'retried' })));
    expect(retried).toMatchObject({ ok: false, name: 'ServiceUnavailable', status: 503, attempts: 3 });
    // (botocore's retries.max_attempts counts retries, not the first attempt.)
    expect(await boto3CreateUser(server, 'boto3-user')).toEqual({ code: 'ServiceUnavailable', status: 503, retries: 2 });

    const h = await health(server);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ status: 'degraded', storage: { level: 'low' } });
    expect(h.body.storage.reason).toMatch(
      /free on the data directory, below --min-free-space \(6\.0 MiB\): writes are refused, reads still work/,
    );

    // Reads still work (and are recorded); the refused writes changed nothing.
    const listed = await iam.send(new ListUsersCommand({}));
    outcomes.push({ ok: true, requestId: listed.$metadata.requestId });
    const names = listed.Users!.map((u) => u.UserName);
    expect(names).toContain('before');
    expect(names).not.toContain('retried');
    expect(names).not.toContain('boto3-user');
    expect(await outcome(s3.send(new PutObjectCommand({ Bucket: 'space', Key: 'small', Body: 'x' })))).toMatchObject({
      name: 'SlowDown',
      status: 503,
    });

    rmSync(join(small.dir, 'ballast'));
    await until(
      () => outcome(iam.send(new CreateUserCommand({ UserName: `after-${i++}` }))),
      (o) => o.ok,
      outcomes,
    );
    expect(await health(server)).toMatchObject({ status: 200, body: { status: 'ok', storage: { level: 'ok' } } });
  });

  it('an upload that fills the disk completely mid-stream is a 503 SlowDown with no bytes left behind', async () => {
    const { iam, s3 } = clients(server);
    const tmp = join(dataDir, 'buckets', 'tmp');
    // Small enough to pass the check (its length counts against the threshold), larger than what is left.
    const mib = Math.floor((small.freeBytes() - 6 * MiB) / MiB) - 1;
    expect(mib).toBeGreaterThanOrEqual(4);
    const upload = outcome(s3.send(new PutObjectCommand({ Bucket: 'space', Key: 'big', Body: slowBody(mib), ContentLength: mib * MiB })));
    const deadline = Date.now() + 30_000;
    while (!filesUnder(tmp).length && Date.now() < deadline) await sleep(20);
    expect(filesUnder(tmp)).toHaveLength(1); // staging has begun
    small.fill('ballast', Infinity);
    expect(await upload).toMatchObject({ ok: false, name: 'SlowDown', status: 503 });
    expect(filesUnder(tmp)).toEqual([]);
    expect(await outcome(iam.send(new CreateUserCommand({ UserName: 'full' })))).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    expect((await health(server)).body).toMatchObject({ status: 'unavailable', storage: { level: 'critical' } });

    rmSync(join(small.dir, 'ballast'));
    let i = 0;
    await until(
      () => outcome(s3.send(new PutObjectCommand({ Bucket: 'space', Key: `k${i++}`, Body: 'back' }))),
      (o) => o.ok,
      [],
    );
    outcomes.push(await outcome(iam.send(new CreateUserCommand({ UserName: 'recovered' }))));
    expect(outcomes.at(-1)!.ok).toBe(true);
  });

  it('lost and duplicated no acknowledged event', async () => {
    await server.stop();
    expectEventsExactlyOnce(dataDir, outcomes);
  });
});

describe.skipIf(!fs)('a completely full disk with the check off (--min-free-space 0): the real ENOSPC path', () => {
  const small = fs as SmallFs;
  const dataDir = fs ? join(fs.dir, 'unchecked') : '';
  const outcomes: Outcome[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    mkdirSync(dataDir);
    server = await startServer({ dataDir, args: ['--min-free-space', '0'] });
    servers.push(server);
  });

  it('IAM calls and uploads fail deep in SQLite and the bucket store, and still answer the retryable 503', async () => {
    const { iam, s3 } = clients(server);
    outcomes.push(await outcome(s3.send(new CreateBucketCommand({ Bucket: 'full' }))));
    small.fill('ballast', Infinity);
    const names: string[] = [];
    for (let i = 0; i < 400 && outcomes.filter((o) => !o.ok).length < 5; i++) {
      names.push(`u-${i}-${'n'.repeat(48)}`);
      outcomes.push(await outcome(iam.send(new CreateUserCommand({ UserName: names.at(-1)! }))));
    }
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.length).toBe(5);
    for (const o of refused) expect(o).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    const put = await outcome(s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'big', Body: Buffer.alloc(2 * MiB, 1) })));
    expect(put).toMatchObject({ ok: false, name: 'SlowDown', status: 503 });
    expect(filesUnder(join(dataDir, 'buckets', 'tmp'))).toEqual([]);

    rmSync(join(small.dir, 'ballast'));
    await until(
      () => outcome(iam.send(new CreateUserCommand({ UserName: 'after' }))),
      (o) => o.ok,
      outcomes,
    );
    // Exactly the acknowledged creates exist.
    const users = new Set((await iam.send(new ListUsersCommand({ MaxItems: 1000 }))).Users!.map((u) => u.UserName));
    const createOutcomes = outcomes.slice(1, 1 + names.length);
    names.forEach((name, k) => expect([name, users.has(name)]).toEqual([name, createOutcomes[k]!.ok]));
  });

  it('lost and duplicated no acknowledged event', async () => {
    await server.stop();
    expectEventsExactlyOnce(dataDir, outcomes);
  });
});
