/**
 * Soak: SOAK_MINUTES (default 5) of steady mixed load (IAM, STS, CloudHSM, S3, CloudTrail through the
 * SDK, SOAK_RPS calls per second, default 100) against a spawned server with a logging trail and a
 * short retention (SOAK_RETENTION, default 1m), so growth and leaks show. Every minute (SOAK_SAMPLE_SECONDS)
 * it prints a row to stderr: server RSS, database and WAL size, events stored, purged and delivered,
 * calls, errors and latency. `npm run bench -- soak`.
 */
import { statSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateUserCommand, DeleteUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { CloudHSMV2Client, DescribeBackupsCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type RunningServer } from '../test/support/server.js';
import { createDeliveryBucket, createLoggingTrail } from '../test/conformance/trail-helpers.js';
import type { Bench, BenchRow } from './harness.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 5);
const RPS = Number(process.env.SOAK_RPS ?? 100);
const RETENTION = process.env.SOAK_RETENTION ?? '1m';
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 60) * 1000;
const CONNECTIONS = 16;
const MiB = 1024 * 1024;

interface Sample {
  minute: number;
  rssMiB: number;
  dbMiB: number;
  walMiB: number;
  stored: number;
  purged: number;
  delivered: number;
  held: number;
  calls: number;
  errors: number;
  p50ms: number;
  p99ms: number;
}

type Op = () => Promise<unknown>;

/** Failed calls by error name, printed at the end. */
const errorNames = new Map<string, number>();

function mixedOps(server: RunningServer): Op[] {
  const config = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts: 1,
  };
  const sts = new STSClient(config);
  const iam = new IAMClient(config);
  const hsm = new CloudHSMV2Client(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const ct = new CloudTrailClient(config);
  let n = 0;
  const key = () => `soak/${n++ % 1000}`;
  return [
    () => sts.send(new GetCallerIdentityCommand({})),
    () => iam.send(new ListUsersCommand({ MaxItems: 10 })),
    async () => {
      const name = `soak-${n++}`;
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new DeleteUserCommand({ UserName: name }));
    },
    () => hsm.send(new DescribeClustersCommand({})),
    () => hsm.send(new DescribeBackupsCommand({})),
    () => s3.send(new PutObjectCommand({ Bucket: 'soak-data', Key: key(), Body: 'x'.repeat(1024) })),
    () => s3.send(new GetObjectCommand({ Bucket: 'soak-data', Key: 'soak/0' })).then((r) => r.Body!.transformToByteArray()),
    () => ct.send(new DescribeTrailsCommand({})),
    () => ct.send(new GetTrailStatusCommand({ Name: 'soak' })),
    () => ct.send(new LookupEventsCommand({ MaxResults: 10 })),
  ];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const size = (path: string) => {
  try {
    return statSync(path).size / MiB;
  } catch {
    return 0;
  }
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Paced closed loop: CONNECTIONS workers share one schedule of RPS slots; each minute's latencies are kept apart. */
async function load(ops: Op[], untilMs: number, window: { latencies: number[]; errors: number; calls: number }): Promise<void> {
  const start = performance.now();
  let slot = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < untilMs) {
        // A steady rate, not a catch-up burst: slots missed by more than a second are dropped.
        slot = Math.max(slot, Math.floor(((performance.now() - start - 1000) * RPS) / 1000));
        const due = start + (slot++ * 1000) / RPS;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const op = ops[slot % ops.length]!;
        const t0 = performance.now();
        try {
          await op();
        } catch (err) {
          window.errors++;
          const name = (err as Error).name;
          errorNames.set(name, (errorNames.get(name) ?? 0) + 1);
        }
        window.latencies.push(performance.now() - t0);
        window.calls++;
      }
    }),
  );
}

function sample(
  server: RunningServer,
  ro: Database.Database,
  minute: number,
  window: { latencies: number[]; errors: number; calls: number },
  health: { purgedTotal: number; heldEvents: number },
): Sample {
  const store = `${server.dataDir}/hsmtrail.db`;
  const sorted = window.latencies.splice(0).sort((a, b) => a - b);
  const row: Sample = {
    minute,
    rssMiB: rssMiB(server.process.pid!),
    dbMiB: size(store),
    walMiB: size(`${store}-wal`),
    stored: ro.prepare('SELECT COUNT(*) FROM events').pluck().get() as number,
    purged: health.purgedTotal,
    delivered: ro.prepare('SELECT COALESCE(SUM(record_count), 0) FROM ct_log_files').pluck().get() as number,
    held: health.heldEvents,
    calls: window.calls,
    errors: window.errors,
    p50ms: percentile(sorted, 50),
    p99ms: percentile(sorted, 99),
  };
  window.calls = 0;
  window.errors = 0;
  return row;
}

const HEADER =
  '| minute | RSS MiB | db MiB | WAL MiB | events stored | purged (total) | delivered (total) | held | calls | errors | p50 ms | p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
const line = (s: Sample) =>
  `| ${s.minute} | ${s.rssMiB.toFixed(0)} | ${s.dbMiB.toFixed(1)} | ${s.walMiB.toFixed(1)} | ${s.stored} | ${s.purged} | ${s.delivered} | ${s.held} | ${s.calls} | ${s.errors} | ${s.p50ms.toFixed(1)} | ${s.p99ms.toFixed(1)} |\n`;

/** Growth per hour between the middle and the end of the run (after retention reaches steady state). */
function perHour(samples: Sample[], pick: (s: Sample) => number): number {
  const a = samples[Math.floor(samples.length / 2)]!;
  const b = samples.at(-1)!;
  return b.minute === a.minute ? 0 : ((pick(b) - pick(a)) / (b.minute - a.minute)) * (3_600_000 / SAMPLE_MS);
}

export const soakBench: Bench = {
  name: 'soak',
  async run(): Promise<BenchRow[]> {
    const server = await startServer({
      args: ['--log-level', 'warn', '--retention', RETENTION, '--delivery-interval', '10', '--digest-period', '60'],
      env: { HSMTRAIL_PURGE_INTERVAL_MS: '10000' },
    });
    try {
      const s3 = new S3Client({
        endpoint: server.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      });
      await createDeliveryBucket(s3, 'soak-trail', server.accountId);
      await s3.send(new CreateBucketCommand({ Bucket: 'soak-data' }));
      await s3.send(new PutObjectCommand({ Bucket: 'soak-data', Key: 'soak/0', Body: 'x'.repeat(1024) }));
      await createLoggingTrail(server, 'soak', 'soak-trail');
      const ro = new Database(`${server.dataDir}/hsmtrail.db`, { readonly: true, fileMustExist: true });
      const window = { latencies: [] as number[], errors: 0, calls: 0 };
      const end = performance.now() + MINUTES * 60_000;
      const samples: Sample[] = [];
      process.stderr.write(`soak: ${MINUTES} min at ${RPS} calls/s, retention ${RETENTION}\n${HEADER}`);
      const sampler = setInterval(() => {
        void fetch(`${server.endpoint}/health`)
          .then((r) => r.json() as Promise<{ retention: { purgedTotal: number; heldEvents: number } }>)
          .then((h) => {
            const s = sample(server, ro, samples.length + 1, window, h.retention);
            samples.push(s);
            process.stderr.write(line(s));
          });
      }, SAMPLE_MS);
      await load(mixedOps(server), end, window);
      clearInterval(sampler);
      if (errorNames.size) process.stderr.write(`errors: ${JSON.stringify(Object.fromEntries(errorNames))}\n`);
      const health = (await (await fetch(`${server.endpoint}/health`)).json()) as {
        retention: { purgedTotal: number; heldEvents: number };
      };
      if (window.calls > (RPS * SAMPLE_MS) / 2000) {
        samples.push(sample(server, ro, samples.length + 1, window, health.retention));
        process.stderr.write(line(samples.at(-1)!));
      }
      ro.close();
      if (samples.length === 0) return [];
      const last = samples.at(-1)!;
      const note = `${MINUTES} min, ${RPS} calls/s, retention ${RETENTION}; growth from mid-run to end`;
      return [
        { benchmark: 'soak', subject: 'server RSS at end', value: last.rssMiB, unit: 'MiB' },
        { benchmark: 'soak', subject: 'RSS growth', value: perHour(samples, (s) => s.rssMiB), unit: 'MiB/hour', note },
        { benchmark: 'soak', subject: 'database file at end', value: last.dbMiB, unit: 'MiB' },
        { benchmark: 'soak', subject: 'database growth', value: perHour(samples, (s) => s.dbMiB), unit: 'MiB/hour', note },
        { benchmark: 'soak', subject: 'WAL at end', value: last.walMiB, unit: 'MiB' },
        { benchmark: 'soak', subject: 'WAL growth', value: perHour(samples, (s) => s.walMiB), unit: 'MiB/hour', note },
        { benchmark: 'soak', subject: 'events stored at end', value: last.stored, unit: 'events' },
        { benchmark: 'soak', subject: 'events purged', value: last.purged, unit: 'events' },
        { benchmark: 'soak', subject: 'events delivered', value: last.delivered, unit: 'events' },
        { benchmark: 'soak', subject: 'last minute p99', value: last.p99ms, unit: 'ms' },
      ];
    } finally {
      await server.stop();
    }
  },
};
