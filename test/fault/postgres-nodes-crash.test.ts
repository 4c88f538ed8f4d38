/**
 * Three `hsmtrail serve` nodes on one PostgreSQL database under faults: rounds of kill -9 of the leader
 * while it delivers, kill -9 of a follower, an immediate (crash) restart of PostgreSQL itself, and
 * restarts of the killed nodes, while a client spreads mixed calls over the live nodes. Every
 * acknowledged call's event is delivered exactly once and the unmodified `aws cloudtrail validate-logs`
 * passes over the whole window, across leader changes. Under CI=true missing PostgreSQL binaries or the
 * aws CLI fail (hasPostgres, hasTool), never skip.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startServer, type RunningServer } from '../support/server.js';
import { createDatabase, hasPostgres, restartCluster } from '../support/postgres.js';
import { hasTool } from '../support/tools.js';
import {
  awsValidate,
  createDeliveryBucket,
  createLoggingTrail,
  deliveredRecords,
  flushTrail,
  s3Client,
  trailClient,
  type DeliveredRecord,
  type Target,
} from '../conformance/trail-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROUNDS = 5;
const BUCKET = 'nodes-crash-bucket';
const TRAIL = 'nodes-crash-trail';
/** Sized for a loaded 2-core machine: a lease ttl is 10 s, a node start a few seconds of CPU. */
const WAIT_MS = 90_000;
const MAX_CONNECTIONS = 64;

/** Polls `probe` until it returns a value (not undefined); throws after `ms`. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One node: a data dir that outlives its processes, and the process serving it now (if any). */
interface Node {
  name: string;
  dataDir: string;
  server?: RunningServer;
  starts: number;
}

async function isLeader(server: RunningServer): Promise<boolean> {
  const res = await fetch(`${server.endpoint}/health`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { workers?: { leader?: boolean } };
  return body.workers?.leader === true;
}

/** Log files delivered so far (digests excluded), listed through `via`. */
async function logFileCount(via: Target): Promise<number> {
  const s3 = s3Client(via);
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/', ContinuationToken: token }));
    count += (page.Contents ?? []).filter((o) => /\/CloudTrail\/.*\.json\.gz$/.test(o.Key!)).length;
    token = page.NextContinuationToken;
  } while (token);
  return count;
}

/**
 * Mixed calls (IAM, CloudHSM, S3, CloudTrail) round-robin over the live nodes, from `clients` loops,
 * each call from a new SDK client (a new connection, as every CLI invocation makes; the servers keep
 * them open for keep-alive until the connection bound makes them close the idle ones).
 * Only a successful answer is acknowledged: a call that errors or times out while a node or the
 * database is down may or may not have committed, so it proves nothing either way.
 */
function spreadLoad(live: () => RunningServer[], clients: number) {
  const acked: string[] = [];
  /** Where and when each acknowledged call was answered, for a failure's message. */
  const where = new Map<string, string>();
  let running = true;
  let turn = 0;
  let n = 0;
  const config = (s: RunningServer) => ({
    endpoint: s.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    // A call stuck on a node is not acknowledged; the cap keeps the loop going.
    requestHandler: new NodeHttpHandler({ requestTimeout: 30_000, connectionTimeout: 5_000 }),
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
  });
  const call = (s: RunningServer, i: number): Promise<{ $metadata: { requestId?: string } }> => {
    switch (i % 6) {
      case 0:
        return new IAMClient(config(s)).send(new CreateUserCommand({ UserName: `spread-${process.pid}-${i}` }));
      case 1:
        return new IAMClient(config(s)).send(new ListUsersCommand({ MaxItems: 5 }));
      case 2:
        return new CloudHSMV2Client(config(s)).send(new DescribeClustersCommand({}));
      case 3:
        return s3Client(s).send(new ListBucketsCommand({}));
      case 4:
        return s3Client(s).send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
      default:
        return trailClient(s).send(new GetTrailStatusCommand({ Name: TRAIL }));
    }
  };
  const worker = async () => {
    while (running) {
      const nodes = live();
      if (nodes.length === 0) {
        await sleep(50);
        continue;
      }
      const server = nodes[turn++ % nodes.length]!;
      const i = n++;
      try {
        const out = await call(server, i);
        acked.push(out.$metadata.requestId!);
        where.set(out.$metadata.requestId!, `call ${i % 6} via ${server.endpoint} answered ${new Date().toISOString()}`);
      } catch {
        if (running) await sleep(50);
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, () => worker()));
  return {
    acked,
    where,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** min / median / max of milliseconds, and every value. */
function spread(ms: number[]): string {
  const sorted = [...ms].sort((x, y) => x - y);
  return `min ${sorted[0]} median ${sorted[Math.floor(sorted.length / 2)]} max ${sorted.at(-1)} ms (${ms.join(', ')})`;
}

/** Every acknowledged call's event exactly once; no event delivered twice. */
function expectExactlyOnce(records: DeliveredRecord[], acked: string[], where: Map<string, string>): void {
  const eventIds = records.map((r) => r.record.eventID as string);
  expect(new Set(eventIds).size, 'an event delivered twice').toBe(eventIds.length);
  const perRequest = new Map<string, number>();
  for (const { record } of records) perRequest.set(record.requestID, (perRequest.get(record.requestID) ?? 0) + 1);
  const missing = acked.filter((id) => !perRequest.has(id));
  expect(
    missing.map((id) => `${id}: ${where.get(id)}`),
    `${missing.length} of ${acked.length} acknowledged calls not delivered`,
  ).toEqual([]);
  expect([...perRequest].filter(([, count]) => count > 1)).toEqual([]);
}

describe.skipIf(!hasPostgres() || !hasTool('aws'))('three nodes on one PostgreSQL under kill -9 and a database restart', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'hsmtrail-pg-nodes-logs-'));
  const nodes: Node[] = [];
  let url = '';
  const ARGS = () => ['--database', url, '--delivery-interval', '1', '--digest-period', '2', '--log-level', 'info'];
  let failed = false;
  const t0 = Date.now();
  const note = (what: string) => console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
  const live = () => nodes.flatMap((n) => (n.server ? [n.server] : []));

  async function start(node: Node): Promise<RunningServer> {
    node.starts++;
    const server = await startServer({
      args: ARGS(),
      dataDir: node.dataDir,
      logFile: join(logDir, `${node.name}.log`),
      // A low connection bound, so that the load's connection per call reaches it within a round:
      // idle keep-alive connections must make room, or the probes and the final flush are shut out.
      env: { HSMTRAIL_MAX_CONNECTIONS: String(MAX_CONNECTIONS) },
    });
    server.process.once('exit', (code, signal) => note(`${node.name} (pid ${server.process.pid}) exited: ${signal ?? code}`));
    node.server = server;
    return server;
  }

  async function kill(node: Node): Promise<void> {
    const server = node.server!;
    node.server = undefined; // out of the rotation first, so the client stops choosing it
    expect(await server.stop('SIGKILL')).toBeNull();
  }

  /** The node whose /health says it holds the worker lease, once exactly one live node does. */
  async function leader(): Promise<Node> {
    return until('one leader', async () => {
      const up = nodes.filter((n) => n.server);
      const flags = await Promise.all(up.map((n) => isLeader(n.server!)));
      const leaders = up.filter((_, i) => flags[i]);
      return leaders.length === 1 ? leaders[0] : undefined;
    });
  }

  function printLogs(): void {
    for (const node of nodes) {
      let text = '';
      try {
        // Every call's access-log line is there too (info); the rest is what tells a failure's story.
        const lines = readFileSync(join(logDir, `${node.name}.log`), 'utf8').split('\n');
        text = lines.filter((l) => !l.includes('"msg":"request"')).join('\n');
      } catch {
        text = '(no output)';
      }
      console.error(`----- ${node.name} (${logDir}) (${node.starts} starts) stdout+stderr -----\n${text.slice(-20_000)}`);
    }
  }

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.server?.stop('SIGKILL')));
    for (const n of nodes) rmSync(n.dataDir, { recursive: true, force: true });
    if (!failed) rmSync(logDir, { recursive: true, force: true });
  });

  it('delivers every acknowledged call exactly once across leader kills, follower kills and PostgreSQL restarts', async () => {
    const windowStart = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    url = await createDatabase();
    for (const name of ['a', 'b', 'c']) nodes.push({ name, dataDir: mkdtempSync(join(tmpdir(), `hsmtrail-node-${name}-`)), starts: 0 });
    const failovers: number[] = [];
    const leases: number[] = [];
    let load: ReturnType<typeof spreadLoad> | undefined;
    try {
      const first = await start(nodes[0]!);
      // A cluster's nodes share the first node's account.json and master.key.
      for (const n of nodes.slice(1))
        for (const f of ['account.json', 'master.key']) copyFileSync(join(first.dataDir, f), join(n.dataDir, f));
      await Promise.all(nodes.slice(1).map((n) => start(n)));
      await createDeliveryBucket(s3Client(first), BUCKET, first.accountId);
      const trailArn = await createLoggingTrail(first, TRAIL, BUCKET);

      load = spreadLoad(live, 4);
      for (let round = 0; round < ROUNDS; round++) {
        // Kill the leader right after it delivered a file: it is delivering, and has more pending.
        const old = await leader();
        const before = await logFileCount(old.server!);
        await until('the leader to deliver', async () => ((await logFileCount(old.server!)) > before ? true : undefined));
        const follower = nodes.find((n) => n !== old && n.server)!;
        const killedAt = Date.now();
        await kill(old);
        note(`round ${round}: killed leader ${old.name}`);
        const delivered = await logFileCount(follower.server!);
        const next = await leader();
        expect(next).not.toBe(old);
        leases.push(Date.now() - killedAt);
        note(`round ${round}: ${next.name} holds the lease, ${leases.at(-1)} ms after the kill`);
        await until('the new leader to deliver', async () => ((await logFileCount(next.server!)) > delivered ? true : undefined));
        failovers.push(Date.now() - killedAt);
        note(`round ${round}: ${next.name} leads and delivered, ${failovers.at(-1)} ms after the kill`);

        // A follower dies: the leader goes on alone.
        const other = nodes.find((n) => n !== next && n.server);
        if (other) await kill(other);
        note(`round ${round}: killed follower ${other?.name}`);

        // PostgreSQL crashes and comes back: the surviving node reconnects, serves and delivers.
        await restartCluster();
        note(`round ${round}: PostgreSQL restarted`);
        const afterRestart = await until('the leader to serve after the database restart', () => logFileCount(next.server!));
        await until('the leader to deliver after the database restart', async () =>
          (await logFileCount(next.server!)) > afterRestart ? true : undefined,
        );
        expect(await isLeader(next.server!)).toBe(true);

        note(`round ${round}: ${next.name} delivered after the database restart`);
        await Promise.all(nodes.filter((n) => !n.server).map((n) => start(n)));
        note(`round ${round}: killed nodes restarted`);
      }
      await load.stop();
      note(`load stopped: ${load.acked.length} acknowledged calls`);
      expect(load.acked.length).toBeGreaterThan(ROUNDS * 10);

      // Only the leader flushes; a follower says where to go.
      const current = (await leader()).server!;
      const follower = nodes.find((n) => n.server && n.server !== current)!.server!;
      await expect(flushTrail(follower, TRAIL)).rejects.toThrow(/FlushTrails failed \(503\)/);
      await flushTrail(current, TRAIL);
      expectExactlyOnce(await deliveredRecords(s3Client(current), BUCKET), load.acked, load.where);

      // Close the last digest period, then the unmodified AWS CLI validates the whole window.
      await trailClient(current).send(new StopLoggingCommand({ Name: TRAIL }));
      await sleep(1100);
      await flushTrail(current, TRAIL);
      await sleep(1100);
      const aws = await awsValidate(current.awsEnv(), trailArn, windowStart, 'us-east-1');
      expect(aws.status, aws.raw).toBe(0);
      expect(aws.summary.join('\n'), aws.raw).toMatch(/^\d+\/\d+ digest files valid$/m);
      expect(aws.summary.join('\n'), aws.raw).toMatch(/^\d+\/\d+ log files valid$/m);

      console.log(
        `kill -9 of the leader, ${ROUNDS} rounds: until another node holds the lease ${spread(leases)}; ` +
          `until it has delivered ${spread(failovers)}; ${load.acked.length} acknowledged calls`,
      );
    } catch (err) {
      failed = true;
      console.error(err);
      await load?.stop();
      printLogs();
      throw err;
    }
    // Five rounds of a ~10 s lease failover, a database restart and two node starts.
  }, 420_000);
});
