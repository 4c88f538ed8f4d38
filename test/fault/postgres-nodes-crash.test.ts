/**
 * Three `hsmtrail serve` nodes on one PostgreSQL database under faults: a client spreads mixed calls
 * (IAM, CloudHSM, S3, CloudTrail, STS) over all three while, round after round, the worker leader is
 * SIGKILLed during delivery, then a follower, then PostgreSQL itself restarts. Every acknowledged
 * call's event is delivered exactly once and the stock `aws cloudtrail validate-logs` passes over the
 * whole window. Under CI=true missing PostgreSQL binaries fail (hasPostgres), never skip.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
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
} from '../conformance/trail-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROUNDS = 5;

interface Health {
  workers?: { leader: boolean; holder: string };
}

async function health(node: RunningServer): Promise<Health | undefined> {
  try {
    return (await (await fetch(`${node.endpoint}/health`)).json()) as Health;
  } catch {
    return undefined;
  }
}

/** The node that holds the worker lease, waiting until one does. */
async function leaderOf(nodes: RunningServer[], deadlineMs = 120_000): Promise<RunningServer> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    for (const n of nodes) if ((await health(n))?.workers?.leader) return n;
    if (Date.now() > until) throw new Error('no node took the worker lease');
    await sleep(100);
  }
}

/**
 * Mixed calls spread over the nodes until stopped. A call is acknowledged when the client got an
 * answer below 500: a 5xx (the database was restarting) was refused unrecorded, fail-closed.
 */
function spreadLoad(nodes: () => RunningServer[], clients: number) {
  const acked: string[] = [];
  let running = true;
  const worker = async (i: number) => {
    for (let n = i; running; n++) {
      const all = nodes();
      const node = all[n % all.length]!;
      const config = {
        endpoint: node.endpoint,
        region: n % 2 ? 'eu-west-1' : 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: node.accessKeyId, secretAccessKey: node.secretAccessKey },
      };
      try {
        const call = n % 5;
        const out =
          call === 0
            ? await new IAMClient(config).send(new ListUsersCommand({}))
            : call === 1
              ? await new CloudHSMV2Client(config).send(new DescribeClustersCommand({}))
              : call === 2
                ? await s3Client(node).send(new ListBucketsCommand({})) // management events: the trail selects no data events
                : call === 3
                  ? await trailClient(node).send(new GetTrailStatusCommand({ Name: 'spread-trail' }))
                  : await new STSClient(config).send(new GetCallerIdentityCommand({}));
        acked.push(out.$metadata.requestId!);
      } catch (e: any) {
        const status = e.$metadata?.httpStatusCode;
        if (e.$metadata?.requestId && status < 500) acked.push(e.$metadata.requestId);
        else if (running) await sleep(20);
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, i) => worker(i)));
  return {
    acked,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.skipIf(!hasPostgres())('three nodes on PostgreSQL under kill -9 and a database restart', () => {
  const dirs: string[] = [];
  let nodes: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('delivers every acknowledged call exactly once, and validate-logs passes over the window', async () => {
    const url = await createDatabase();
    const args = ['--database', url, '--delivery-interval', '1', '--digest-period', '2'];
    const start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const node = (dataDir: string) => startServer({ args, dataDir, keepDataDir: true });
    const first = mkdtempSync(join(tmpdir(), 'hsmtrail-pgnode-'));
    dirs.push(first);
    nodes.push(await node(first));
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-pgnode-'));
      dirs.push(dir);
      for (const f of ['account.json', 'master.key']) copyFileSync(join(first, f), join(dir, f));
      nodes.push(await node(dir));
    }
    await createDeliveryBucket(s3Client(nodes[0]!), 'spread-bucket', nodes[0]!.accountId);
    const trailArn = await createLoggingTrail(nodes[2]!, 'spread-trail', 'spread-bucket', { multiRegion: true });

    const load = spreadLoad(() => nodes, 6);
    const failovers: number[] = [];
    const restart = async (victim: RunningServer) => {
      const replacement = await node(victim.dataDir);
      nodes = nodes.map((n) => (n === victim ? replacement : n));
    };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await sleep(800 + Math.floor(Math.random() * 1200)); // deliveries run every second
        const leader = await leaderOf(nodes);
        const killedAt = Date.now();
        expect(await leader.stop('SIGKILL')).toBeNull();
        const others = nodes.filter((n) => n !== leader);
        await leaderOf(others);
        failovers.push(Date.now() - killedAt);
        await restart(leader);

        await sleep(500 + Math.floor(Math.random() * 1000));
        const follower = (await Promise.all(nodes.map(async (n) => ((await health(n))?.workers?.leader ? undefined : n)))).find(Boolean)!;
        expect(await follower.stop('SIGKILL')).toBeNull();
        await restart(follower);

        await sleep(500 + Math.floor(Math.random() * 1000));
        await restartCluster();
      }
    } finally {
      await load.stop();
    }
    expect(load.acked.length).toBeGreaterThan(100);
    process.stderr.write(`failover after leader kill -9 (ms): ${failovers.join(', ')}\n`);

    const leader = await leaderOf(nodes);
    await flushTrail(leader, 'spread-trail');
    const records = await deliveredRecords(s3Client(leader), 'spread-bucket');
    const eventIds = records.map((r) => r.record.eventID);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    const delivered = new Set(records.map((r) => r.record.requestID));
    const missing = load.acked.filter((id) => !delivered.has(id));
    expect(missing, `${missing.length} of ${load.acked.length} acknowledged calls not delivered`).toEqual([]);

    await trailClient(leader).send(new StopLoggingCommand({ Name: 'spread-trail' }));
    await sleep(1100);
    await flushTrail(await leaderOf(nodes), 'spread-trail');
    if (process.env.CI === 'true' || hasTool('aws')) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        const aws = await awsValidate(leader.awsEnv(), trailArn, start, region);
        expect(aws.status, aws.raw).toBe(0);
      }
    }
    // Three node starts per round, five rounds, a database restart each: minutes on a loaded machine.
  }, 900_000);
});
