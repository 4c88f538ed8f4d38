/**
 * `npm run bench [-- name ...]`: runs every benchmark (or the named ones) and prints one table.
 * Each benchmark starts its own servers and peers, so numbers in one table come from one run.
 */
import { gatewayBench } from './gateway.bench.js';
import { cloudhsmBench } from './cloudhsm.bench.js';
import { evaluatorBench, identityBench } from './identity.bench.js';
import { eventHistoryBench } from './event-history.bench.js';
import { s3Bench } from './s3.bench.js';
import { s3LifecycleBench } from './s3-lifecycle.bench.js';
import { auditBench } from './audit.bench.js';
import { firstRunBench, startupBench } from './startup.bench.js';
import { freeSpaceBench } from './free-space.bench.js';
import { consoleBench, consoleLoadBench } from './console.bench.js';
import { consoleSignInBench } from './console-signin.bench.js';
import { soakBench } from './soak.bench.js';
import { boundaryBench } from './boundary.bench.js';
import { eventBridgeBench } from './eventbridge.bench.js';
import { storeEnginesBench } from './store-engines.bench.js';
import { pgNodesBench } from './pg-nodes.bench.js';
import { notificationsBench } from './notifications.bench.js';
import { footprintBench } from './footprint.bench.js';
import { sqsBench } from './sqs.bench.js';
import { snsFilterBench } from './sns-filter.bench.js';
import type { Bench, BenchRow } from './harness.js';

const ALL: Bench[] = [
  gatewayBench,
  eventHistoryBench,
  identityBench,
  cloudhsmBench,
  s3Bench,
  sqsBench,
  auditBench,
  startupBench,
  consoleBench,
];
/**
 * Run only when named: console sign-ins in-process, a subset of identity, a fresh clone's npm ci, the free-space
 * check's cost, lifecycle expiration, the soak (SOAK_MINUTES), the storage boundary before/after (BASELINE_REF),
 * console reads beside writes, EventBridge delivery latency, SQLite against PostgreSQL (the store alone; calls on 1 and 3 nodes, delivery,
 * LookupEvents over 1M events), notification lag, the event store's footprint before/after, SNS filter policies' cost.
 */
const EXTRA: Bench[] = [
  consoleSignInBench,
  evaluatorBench,
  firstRunBench,
  freeSpaceBench,
  s3LifecycleBench,
  soakBench,
  boundaryBench,
  consoleLoadBench,
  eventBridgeBench,
  storeEnginesBench,
  pgNodesBench,
  notificationsBench,
  footprintBench,
  snsFilterBench,
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? [...ALL, ...EXTRA].filter((b) => wanted.includes(b.name)) : ALL;
const rows: BenchRow[] = [];
for (const bench of selected) {
  process.stderr.write(`running ${bench.name}...\n`);
  rows.push(...(await bench.run()));
}
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
process.stdout.write('| benchmark | subject | value | unit | note |\n|---|---|---:|---|---|\n');
for (const r of rows) process.stdout.write(`| ${r.benchmark} | ${r.subject} | ${fmt(r.value)} | ${r.unit} | ${r.note ?? ''} |\n`);
