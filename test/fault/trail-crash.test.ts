/**
 * Delivery under faults: the server is SIGKILLed at random moments under load and restarted on the
 * same data directory; an external bucket goes away and comes back. Every call a client got an
 * answer for is delivered exactly once, and the digest chain still validates.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, run } from '../support/tools.js';
import { onPath, startMotoServer, type MotoServer } from '../contract/moto-server.js';
import {
  BIN,
  awsValidate,
  createDeliveryBucket,
  createLoggingTrail,
  deliveredRecords,
  flush,
  flushTrail,
  hsmtrailValidate,
  s3Client,
  trailClient,
  type DeliveredRecord,
} from '../conformance/trail-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AGENT = 'trail-crash-test/1.0';

/** Calls from `clients` concurrent SDK clients until `stop()`; collects the request ids of answered calls. */
function loadGenerator(server: RunningServer, clients: number) {
  const acked: string[] = [];
  let running = true;
  const config = (region: string) => ({
    endpoint: server.endpoint,
    region,
    maxAttempts: 1,
    customUserAgent: AGENT,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  const worker = async (i: number) => {
    const region = i % 2 ? 'eu-west-1' : 'us-east-1';
    const hsm = new CloudHSMV2Client(config(region));
    const sts = new STSClient(config(region));
    for (let n = 0; running; n++) {
      try {
        const out = n % 2 ? await hsm.send(new DescribeClustersCommand({})) : await sts.send(new GetCallerIdentityCommand({}));
        acked.push(out.$metadata.requestId!);
      } catch (e: any) {
        // An error answer is acknowledged too; a dropped connection (server killed) is not.
        if (e.$metadata?.requestId) acked.push(e.$metadata.requestId);
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

/** Every acknowledged call's event exactly once; no event delivered twice. */
function expectExactlyOnce(records: DeliveredRecord[], acked: string[]): void {
  const eventIds = records.map((r) => r.record.eventID);
  expect(new Set(eventIds).size).toBe(eventIds.length);
  const perRequest = new Map<string, number>();
  for (const { record } of records) perRequest.set(record.requestID, (perRequest.get(record.requestID) ?? 0) + 1);
  const missing = acked.filter((id) => !perRequest.has(id));
  expect(missing, `${missing.length} acknowledged calls not delivered`).toEqual([]);
  expect([...perRequest.values()].filter((n) => n > 1)).toEqual([]);
}

describe('kill -9 under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-crash-'));
  const ARGS = ['--delivery-interval', '1', '--digest-period', '2'];
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('delivers every acknowledged call exactly once and the digest chain validates', async () => {
    const start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    let server = await startServer({ args: ARGS, dataDir });
    await createDeliveryBucket(s3Client(server), 'crash-bucket', server.accountId);
    const trailArn = await createLoggingTrail(server, 'crash-trail', 'crash-bucket', { multiRegion: true });
    const acked: string[] = [];
    for (let round = 0; round < 4; round++) {
      const load = loadGenerator(server, 4);
      await sleep(700 + Math.floor(Math.random() * 1500));
      expect(await server.stop('SIGKILL')).toBeNull();
      await load.stop();
      expect(load.acked.length).toBeGreaterThan(0);
      acked.push(...load.acked);
      server = await startServer({ args: ARGS, dataDir });
    }
    try {
      await flushTrail(server, 'crash-trail');
      const records = await deliveredRecords(s3Client(server), 'crash-bucket');
      expectExactlyOnce(records, acked);

      await trailClient(server).send(new StopLoggingCommand({ Name: 'crash-trail' }));
      await sleep(1100);
      await flushTrail(server, 'crash-trail');
      await sleep(1100);
      for (const region of ['us-east-1', 'eu-west-1']) {
        const ours = await hsmtrailValidate(server.awsEnv(), trailArn, start, region);
        expect(ours.status, ours.raw).toBe(0);
        expect(
          ours.files.filter((l) => !l.endsWith('\tvalid')),
          ours.raw,
        ).toEqual([]);
        expect(ours.summary.join('\n')).toMatch(/^\d+\/\d+ digest files valid$/m);
        if (hasTool('aws')) {
          const aws = await awsValidate(server.awsEnv(), trailArn, start, region);
          expect(aws.status, aws.raw).toBe(0);
          expect(ours.summary.slice(-2)).toEqual(aws.summary.slice(-2));
        }
      }
    } finally {
      await server.stop();
    }
    // Five server starts, the load and two validators: 18 s on a quiet machine, 42-46 s at a load
    // of 10-12 on 2 cores; the cap leaves room for more.
  }, 180_000);
});

/** A TCP proxy in front of moto that can be closed (the bucket is unreachable) and reopened on the same port. */
class Outage {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolveP) => this.server!.listen(this.port, '127.0.0.1', resolveP));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolveP) => this.server?.close(() => resolveP()) ?? resolveP());
  }
}

describe.runIf(onPath('moto_server'))('external bucket outage', () => {
  let moto: MotoServer | undefined;
  let server: RunningServer | undefined;
  let proxy: Outage | undefined;
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await moto?.stop();
  });

  it('reports LatestDeliveryError while the bucket is away, loses nothing, and catches up exactly once', async () => {
    moto = await startMotoServer();
    const motoUrl = new URL(moto.endpoint);
    proxy = new Outage({ host: motoUrl.hostname, port: Number(motoUrl.port) });
    await proxy.open();
    const motoTarget = { endpoint: moto.endpoint, accessKeyId: 'testing', secretAccessKey: 'testing' };
    server = await startServer({
      args: ['--delivery-endpoint', `http://127.0.0.1:${proxy.port}`, '--delivery-interval', '1'],
      env: { HSMTRAIL_DELIVERY_ACCESS_KEY_ID: 'testing', HSMTRAIL_DELIVERY_SECRET_ACCESS_KEY: 'testing' },
    });
    const bucket = 'outage-bucket';
    await createDeliveryBucket(s3Client(motoTarget), bucket, server.accountId);
    await createLoggingTrail(server, 'outage-trail', bucket);

    const before = loadGenerator(server, 2);
    await sleep(500);
    await before.stop();
    await proxy.close();
    const during = loadGenerator(server, 2);
    await sleep(500);
    await during.stop();

    const failed = await run(process.execPath, [BIN, 'trail', 'flush', '--name', 'outage-trail', '--output', 'json'], server.awsEnv());
    expect(failed.status).not.toBe(0);
    const report = JSON.parse(failed.stdout) as { LogFilesDelivered: number; Failures: string[] };
    expect(report.LogFilesDelivered).toBe(0);
    expect(report.Failures.length).toBeGreaterThan(0);
    const status = await trailClient(server).send(new GetTrailStatusCommand({ Name: 'outage-trail' }));
    expect(status.LatestDeliveryError).toBeTruthy();

    await proxy.open(); // same port
    await flush(server.awsEnv(), 'outage-trail');
    const recovered = await trailClient(server).send(new GetTrailStatusCommand({ Name: 'outage-trail' }));
    expect(recovered.LatestDeliveryError).toBeUndefined();
    await sleep(1500); // the background loop runs too: it must not deliver anything twice
    await flush(server.awsEnv(), 'outage-trail');
    const records = await deliveredRecords(s3Client(motoTarget), bucket);
    expectExactlyOnce(records, [...before.acked, ...during.acked]);
    expect(during.acked.length).toBeGreaterThan(0);
    // 7 s quiet, 10-22 s at a load of 10-12 on 2 cores.
  }, 120_000);
});
