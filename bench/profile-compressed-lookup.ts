// LookupEvents and delivery over compressed (old) event records against the same over text ones:
//   EVENTS=100000 ROUNDS=5 [BASELINE_REF=<commit>] node --import tsx bench/profile-compressed-lookup.ts
// (add --cpu-prof to profile; BASELINE_REF adds the store-level pages of that commit's code on the same
// files, interleaved with this tree's: compressed-baseline.ts). Two in-process servers (test/support/gateway.ts: real SQLite, real
// pipeline, SigV4) hold the same generated realistic events; the compaction pass compresses one's.
// Every measurement alternates between the two (ABAB), so load from neighbours falls on both alike:
//  - store level: pages of 50 from lookupEvents on the store, as the service calls it;
//  - API level: the same pages through the gateway, from the AWS SDK's CloudTrailClient;
//  - the inflate step alone, per record;
//  - delivery: a logging trail's backlog through the real DeliveryPipeline (compressed-backlog.ts),
//    compressed against text, checked byte-identical.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { lookupEvents } from '../src/query/lookup-events.js';
import { EventCompactor } from '../src/storage/sqlite/event-compaction.js';
import { allRecordTexts } from '../src/storage/sqlite/event-records.js';
import { compressRecord, recordText } from '../src/storage/sqlite/record-codec.js';
import { currentDictionary } from '../src/storage/sqlite/record-dictionaries.js';
import type { SqliteStore } from '../src/storage/sqlite/store.js';
import { gatewayHarness, type GatewayHarness } from '../test/support/gateway.js';
import { beforeAndNow } from './compressed-baseline.js';
import { deliverCopy, makeBacklogs } from './compressed-backlog.js';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const DELIVERY_ROUNDS = Number(process.env.DELIVERY_ROUNDS ?? 3);
const STEP_MS = 5_000;
// Recent enough for event history's 90 days, and younger than the servers' own compaction age (below).
const END = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
const START = new Date(END.getTime() - EVENTS * STEP_MS);
const ATTRIBUTES: Array<[string, Array<{ AttributeKey: LookupAttributeKey; AttributeValue: string }> | undefined]> = [
  ['unfiltered', undefined],
  ['EventName', [{ AttributeKey: 'EventName', AttributeValue: 'CreateHsm' }]],
  ['ReadOnly', [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]],
];
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-profile-z-'));

/** A server whose own compaction pass leaves the generated events alone (they are younger than its age). */
async function server(): Promise<GatewayHarness> {
  const h = await gatewayHarness({ env: { HSMTRAIL_COMPACT_AGE_MS: '999999999' } });
  await generateEvents(h.app.store, { count: EVENTS, start: START, stepMs: STEP_MS, errorEvery: 17, realistic: true });
  return h;
}

/** 20 pages of 50 from the newest generated event (EndTime: the lookups' own events stay out), in ms each. */
async function pages(
  send: (input: { LookupAttributes?: (typeof ATTRIBUTES)[number][1]; NextToken?: string }) => Promise<string | undefined>,
  attrs: (typeof ATTRIBUTES)[number][1],
): Promise<number[]> {
  const times: number[] = [];
  let token: string | undefined;
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    token = await send({ LookupAttributes: attrs, NextToken: token });
    times.push(performance.now() - s);
  }
  return times;
}

const storeLookup = (h: GatewayHarness) => async (input: { LookupAttributes?: (typeof ATTRIBUTES)[number][1]; NextToken?: string }) =>
  (await h.app.store.read((tx) => lookupEvents(tx, { ...input, EndTime: END, MaxResults: 50 }, { region: h.region }))).NextToken;

function apiLookup(h: GatewayHarness) {
  const client = new CloudTrailClient(h.clientConfig());
  return async (input: { LookupAttributes?: (typeof ATTRIBUTES)[number][1]; NextToken?: string }) =>
    (await client.send(new LookupEventsCommand({ ...input, EndTime: END, MaxResults: 50 }))).NextToken;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const ms = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(3)} p99 ${quantile(xs, 0.99).toFixed(3)} ms`;
const gap = (a: number[], b: number[]) => `${(100 * (quantile(b, 0.5) / quantile(a, 0.5) - 1)).toFixed(1)}%`;

async function interleaved(level: string, text: ReturnType<typeof storeLookup>, z: ReturnType<typeof storeLookup>): Promise<void> {
  for (const [name, attrs] of ATTRIBUTES) {
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(...(await pages(text, attrs)));
      b.push(...(await pages(z, attrs)));
    }
    console.log(`${level} LookupEvents ${name}: text ${ms(a)}; compressed ${ms(b)}; p50 ${gap(a, b)}`);
  }
}

/** The inflate step alone: every generated record compressed as the pass would, then inflated, in µs each. */
function inflateStep(text: SqliteStore, z: SqliteStore): void {
  const dictionary = currentDictionary(z.db);
  const stored = allRecordTexts(text.db).map((record) => compressRecord(record, dictionary));
  const runs: number[] = [];
  for (let r = 0; r < 9; r++) {
    const s = performance.now();
    for (const blob of stored) recordText(z.db, blob);
    runs.push(((performance.now() - s) * 1000) / stored.length);
  }
  const bytes = stored.reduce((n, b) => n + b.length, 0) / stored.length;
  console.log(`inflate (dictionary ${dictionary.id}, ${bytes.toFixed(0)} B a record): p50 ${quantile(runs, 0.5).toFixed(3)} µs a record`);
}

async function delivery(): Promise<void> {
  const backlogs = join(dir, 'backlogs');
  await makeBacklogs(backlogs, EVENTS, START);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < DELIVERY_ROUNDS; r++) {
    const text = await deliverCopy(backlogs, 'text', EVENTS, START);
    const z = await deliverCopy(backlogs, 'z', EVENTS, START);
    if (text.files.join('\n') !== z.files.join('\n')) throw new Error('the compressed backlog delivered other bytes than the text one');
    a.push(text.perSec);
    b.push(z.perSec);
    if (r === 0) console.log(`delivery: ${text.files.length} files, byte-identical from both backlogs`);
  }
  const rate = (xs: number[]) => `${quantile(xs, 0.5).toFixed(0)} events/s`;
  console.log(`delivery (DeliveryPipeline, ${EVENTS} backlog): text ${rate(a)}; compressed ${rate(b)} (${gap(b, a)} time an event)`);
}

try {
  const text = await server();
  const z = await server();
  const zStore = z.app.store as SqliteStore;
  const compactor = new EventCompactor(zStore, { clock: () => new Date('2100-01-01'), batchSize: 500 });
  const run = await compactor.runOnce();
  await compactor.stop();
  zStore.db.pragma('incremental_vacuum');
  console.log(`compressed ${run.compacted} of ${EVENTS}`);
  inflateStep(text.app.store as SqliteStore, zStore);
  await interleaved('store', storeLookup(text), storeLookup(z));
  await interleaved('API', apiLookup(text), apiLookup(z));
  if (process.env.BASELINE_REF) {
    const files = { text: (text.app.store as SqliteStore).path, z: zStore.path };
    await beforeAndNow(process.env.BASELINE_REF, files, ATTRIBUTES, END, ROUNDS, (read) => pages(read, undefined), console.log);
  }
  await text.close();
  await z.close();
  await delivery();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
