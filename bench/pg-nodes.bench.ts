/**
 * PostgreSQL and several nodes, `npm run bench -- pg-nodes`. Parts (BENCH_PG_PARTS, default all):
 * - `calls`: audited DescribeClusters and CreateCluster through the same load generator against
 *   (a) one SQLite server, (b) one PostgreSQL node, (c) three PostgreSQL nodes on one database with the
 *   connections spread over them, in interleaved rounds (BENCH_ROUNDS, default 3), the order rotated.
 * - `delivery`: events recorded and delivered into log files, on PostgreSQL and on SQLite, same run.
 * - `appends`: the store alone, 32 concurrent appenders of one event each over 1 and 3 PgStores (nodes) on one
 *   database: through `write` (the body lock; how a read-only call's event was written before) and through
 *   `appendEvents` (the event-order lock alone, one statement), interleaved.
 * - `lookup`: LookupEvents page latency over BENCH_PG_EVENTS (default 1,000,000) events on PostgreSQL,
 *   loaded through the store's own append (generateEvents: the real recorder, 10,000 events a write).
 * PostgreSQL is the tests' throwaway cluster (test/support/postgres.ts: loopback TCP, fsync=off).
 * BASELINE_REF (optional) adds, to `calls`, the two PostgreSQL setups run by a build of that commit, in the
 * same rounds: before and after in one run.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../src/audit/events/ports.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { defaultSubnets } from '../test/conformance/cloudhsm-helpers.js';
import { createDatabase } from '../test/support/postgres.js';
import { startServer, type RunningServer } from '../test/support/server.js';
import { deliveryThroughput } from './audit.bench.js';
import { lookupPages, START, STEP_MS } from './event-history.bench.js';
import type { Bench, BenchRow } from './harness.js';
import { signed } from './harness.js';
import { load, median } from './load.js';
import { baselineBin, shortSha } from './baseline.js';
import type { LoadResult } from './loadgen.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOOKUP_EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 1_000_000);
const DELIVERY_EVENTS = Number(process.env.BENCH_PG_DELIVERY_EVENTS ?? 100_000);
const PARTS = (process.env.BENCH_PG_PARTS ?? 'calls,appends,delivery,lookup').split(',');
const APPEND_MS = 3000;
const CONNECTIONS = 32;
const QUOTA = { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' };
const BASELINE_REF = process.env.BASELINE_REF;

interface Setup {
  name: string;
  nodes: RunningServer[];
  /** The PostgreSQL database, to count the events the calls recorded. */
  url?: string;
}

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-node-'));
  dirs.push(d);
  return d;
};

/**
 * `count` nodes on `url`, of this tree or of another build's `bin`; the later ones share the first one's
 * account.json and master.key (README).
 */
async function startNodes(count: number, url?: string, bin?: string): Promise<RunningServer[]> {
  const db = url ? ['--database', url] : [];
  const first = await startServer({ args: db, env: QUOTA, dataDir: dataDir(), bin });
  const nodes = [first];
  for (let i = 1; i < count; i++) {
    const dir = dataDir();
    for (const f of ['account.json', 'master.key']) copyFileSync(join(first.dataDir, f), join(dir, f));
    nodes.push(await startServer({ args: db, env: QUOTA, dataDir: dir, bin }));
  }
  return nodes;
}

/** The PostgreSQL setups run by BASELINE_REF's build, when it is set. */
async function baselineSetups(): Promise<Setup[]> {
  if (!BASELINE_REF) return [];
  const bin = baselineBin(BASELINE_REF);
  const sha = shortSha(BASELINE_REF);
  const [pg1, pg3] = [await createDatabase(), await createDatabase()];
  return [
    { name: `postgres, 1 node (${sha})`, nodes: await startNodes(1, pg1, bin), url: pg1 },
    { name: `postgres, 3 nodes (${sha})`, nodes: await startNodes(3, pg3, bin), url: pg3 },
  ];
}

const cloudhsm = (op: string, body: string) => ({
  service: 'cloudhsm',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `BaldrApiService.${op}` },
  body,
});

/** The generator's 32 connections spread round-robin over the setup's nodes, each request signed for its node. */
async function fire(setup: Setup, op: string, body: string): Promise<LoadResult> {
  const targets = await Promise.all(setup.nodes.map((n) => signed(n, cloudhsm(op, body))));
  const r = await load({ ...targets[0]!, targets, connections: CONNECTIONS });
  const bad = Object.keys(r.statuses).filter((s) => s !== '200');
  if (bad.length || r.errors) throw new Error(`${setup.name} ${op}: ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  return r;
}

/** Every DescribeClusters, from the first round on, answers a full page. */
const SEEDED = 25;

async function seed(node: RunningServer, body: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await signed(node, cloudhsm('CreateCluster', body));
    const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
    if (res.status !== 200) throw new Error(`seeding CreateCluster: ${res.status} ${await res.text()}`);
  }
}

const lastSeq = async (url: string) => {
  const store = new PgStore(url, { max: 1 });
  try {
    return await store.read((tx) => tx.events.lastSeq());
  } finally {
    await store.close();
  }
};

async function calls(): Promise<BenchRow[]> {
  const [pg1, pg3] = [await createDatabase(), await createDatabase()];
  const setups: Setup[] = [
    { name: 'sqlite, 1 node', nodes: await startNodes(1) },
    { name: 'postgres, 1 node', nodes: await startNodes(1, pg1), url: pg1 },
    { name: 'postgres, 3 nodes', nodes: await startNodes(3, pg3), url: pg3 },
    ...(await baselineSetups()),
  ];
  try {
    const bodies = new Map<Setup, { create: string; describe: string }>();
    for (const s of setups) {
      const create = JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: [(await defaultSubnets(s.nodes[0]!))[0]!.id] });
      bodies.set(s, { create, describe: JSON.stringify({ MaxResults: 25 }) });
      await seed(s.nodes[0]!, create, SEEDED);
    }
    const results = new Map<string, LoadResult[]>();
    const counted = new Map<Setup, { before: number; answered: number }>();
    for (const s of setups) if (s.url) counted.set(s, { before: await lastSeq(s.url), answered: 0 });
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...setups.slice(round % setups.length), ...setups.slice(0, round % setups.length)];
      for (const s of order) {
        for (const [op, body] of [
          ['DescribeClusters', bodies.get(s)!.describe],
          ['CreateCluster', bodies.get(s)!.create],
        ] as const) {
          const r = await fire(s, op, body);
          const key = `${op}|${s.name}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          const c = counted.get(s);
          if (c) c.answered += r.requests;
        }
      }
    }
    // Fail-closed: every 200 answer committed its event first, so answered calls ≤ events recorded.
    for (const [s, c] of counted) {
      const recorded = (await lastSeq(s.url!)) - c.before;
      if (recorded < c.answered) throw new Error(`${s.name}: ${c.answered} calls answered but only ${recorded} events recorded`);
    }
    const rows: BenchRow[] = [];
    for (const [key, rs] of results) {
      const [op, subject] = key.split('|') as [string, string];
      const benchmark = `${op} (audited, ${CONNECTIONS} conns), events recorded/s`;
      rows.push({
        benchmark,
        subject,
        value: median(rs.map((r) => r.rps)),
        unit: 'req/s',
        note: `rounds ${rs.map((r) => r.rps.toFixed(0)).join(' / ')}; p50 ${median(rs.map((r) => r.p50ms)).toFixed(1)} ms, p99 ${median(rs.map((r) => r.p99ms)).toFixed(1)} ms`,
      });
    }
    return rows;
  } finally {
    await Promise.all(setups.flatMap((s) => s.nodes.map((n) => n.stop())));
  }
}

/** A read-only call's event as the recorder appends it: a record of about 2 KiB, one lookup resource. */
const readEvent = (): NewEvent => ({
  eventId: randomUUID(),
  eventTime: new Date(),
  region: 'us-east-1',
  eventSource: 'cloudhsm.amazonaws.com',
  eventName: 'DescribeClusters',
  readOnly: true,
  eventCategory: 'Management',
  record: JSON.stringify({ eventName: 'DescribeClusters', responseElements: 'x'.repeat(2000) }),
  lookup: { username: 'root', resources: [{ resourceType: 'AWS::CloudHSM::Cluster', resourceName: 'cluster-bench' }] },
});

const APPEND_PATHS: Record<string, (store: PgStore) => Promise<unknown>> = {
  'write(append), body lock': (store) => store.write((tx) => tx.events.append(readEvent())),
  'appendEvents, event-order lock only': (store) => store.appendEvents([readEvent()]),
};

/** CONNECTIONS appenders spread round-robin over `stores` for APPEND_MS: appends per second. */
async function appendRate(stores: PgStore[], append: (store: PgStore) => Promise<unknown>): Promise<number> {
  let done = 0;
  const end = performance.now() + APPEND_MS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      while (performance.now() < end) {
        await append(stores[i % stores.length]!);
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

async function appends(): Promise<BenchRow[]> {
  const url = await createDatabase();
  const stores = [0, 1, 2].map(() => new PgStore(url, { max: 4 }));
  try {
    await Promise.all(stores.map((s) => s.ready));
    const rates = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const nodes of round % 2 ? [3, 1] : [1, 3]) {
        const paths = Object.entries(APPEND_PATHS);
        for (const [path, append] of round % 2 ? paths.reverse() : paths) {
          const key = `${path}|postgres, ${nodes} node${nodes > 1 ? 's' : ''}`;
          rates.set(key, [...(rates.get(key) ?? []), await appendRate(stores.slice(0, nodes), append)]);
        }
      }
    }
    return [...rates].map(([key, rs]) => {
      const [path, subject] = key.split('|') as [string, string];
      return {
        benchmark: `event appends, ${CONNECTIONS} concurrent, ${path}`,
        subject,
        value: median(rs),
        unit: 'events/s',
        note: `rounds ${rs.map((r) => r.toFixed(0)).join(' / ')}`,
      };
    });
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

async function delivery(): Promise<BenchRow[]> {
  const onPg = await deliveryThroughput(async () => new PgStore(await createDatabase()), 'postgres', DELIVERY_EVENTS);
  const onSqlite = await deliveryThroughput(undefined, 'sqlite', DELIVERY_EVENTS);
  return [...onPg, ...onSqlite];
}

async function lookup(): Promise<BenchRow[]> {
  const store = new PgStore(await createDatabase());
  try {
    const t0 = performance.now();
    await generateEvents(store, { count: LOOKUP_EVENTS, start: START, stepMs: STEP_MS, errorEvery: 17 });
    const fillSec = (performance.now() - t0) / 1000;
    const recent = await store.read((tx) => tx.events.readAfter(LOOKUP_EVENTS - 2000, 1000));
    const some = recent.find((e) => e.region === 'us-east-1' && e.eventCategory === 'Management');
    if (!some) throw new Error('no us-east-1 management event among the newest 2,000');
    const now = new Date(START.getTime() + LOOKUP_EVENTS * STEP_MS);
    return [
      {
        benchmark: 'event store fill on postgres (recorder + append, 10k/write)',
        subject: 'postgres',
        value: LOOKUP_EVENTS / fillSec,
        unit: 'events/s',
        note: `${LOOKUP_EVENTS} events in ${fillSec.toFixed(0)} s`,
      },
      ...(await lookupPages(store, now, some.eventId, LOOKUP_EVENTS, 'postgres ')),
    ];
  } finally {
    await store.close();
  }
}

export const pgNodesBench: Bench = {
  name: 'pg-nodes',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    try {
      if (PARTS.includes('calls')) rows.push(...(await calls()));
      if (PARTS.includes('appends')) rows.push(...(await appends()));
      if (PARTS.includes('delivery')) rows.push(...(await delivery()));
      if (PARTS.includes('lookup')) rows.push(...(await lookup()));
    } finally {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    }
    return rows;
  },
};
