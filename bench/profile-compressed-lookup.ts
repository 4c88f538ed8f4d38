// For profiling LookupEvents and delivery reads of compressed (old) records against text ones, in-process:
//   EVENTS=20000 ROUNDS=20 node --cpu-prof --import tsx bench/profile-compressed-lookup.ts
// Two stores hold the same generated realistic events; the pass compresses one. Pages of 50 are read from
// both in alternation (ABAB), so load from neighbours falls on both alike; then the same for delivery's reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { lookupEvents } from '../src/query/lookup-events.js';
import { buildLogFileFromStored } from '../src/audit/deliver/log-file.js';
import { EventCompactor } from '../src/storage/sqlite/event-compaction.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const START = new Date('2026-01-01T00:00:00Z');
const NOW = new Date(START.getTime() + EVENTS * 5_000);
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-profile-z-'));

async function filled(name: string): Promise<SqliteStore> {
  const store = new SqliteStore(join(dir, name));
  await generateEvents(store, { count: EVENTS, start: START, stepMs: 5_000, errorEvery: 17, realistic: true });
  return store;
}

/** 20 pages of 50 from the newest, in ms each. */
async function pages(store: SqliteStore, attrs?: Array<{ AttributeKey: string; AttributeValue: string }>): Promise<number[]> {
  const times: number[] = [];
  let token: string | undefined;
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    const page = await store.read((tx) =>
      lookupEvents(tx, { LookupAttributes: attrs, MaxResults: 50, NextToken: token }, { region: 'us-east-1', now: NOW }),
    );
    times.push(performance.now() - s);
    token = page.NextToken;
  }
  return times;
}

/**
 * Delivery's reads, in events/s: readAfter in steps of 1000 and a log file built from each, or (`scan`)
 * readAfter alone, as a restarted trail's scan over the events of its stop that it does not deliver.
 */
async function delivery(store: SqliteStore, scan = false): Promise<number> {
  const t0 = performance.now();
  for (let after = 0; ;) {
    const batch = await store.read((tx) => tx.events.readAfter(after, 1000));
    if (batch.length === 0) break;
    if (!scan) buildLogFileFromStored(batch);
    after = batch.at(-1)!.seq;
  }
  return EVENTS / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;

try {
  const text = await filled('text.db');
  const z = await filled('z.db');
  const compactor = new EventCompactor(z, { clock: () => new Date('2100-01-01'), batchSize: 500 });
  const run = await compactor.runOnce();
  await compactor.stop();
  z.db.pragma('incremental_vacuum');
  console.log(`compressed ${run.compacted} of ${EVENTS}`);
  for (const [name, attrs] of [
    ['unfiltered', undefined],
    ['EventName', [{ AttributeKey: 'EventName', AttributeValue: 'CreateHsm' }]],
    ['ReadOnly', [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]],
  ] as const) {
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      a.push(...(await pages(text, attrs ? [...attrs] : undefined)));
      b.push(...(await pages(z, attrs ? [...attrs] : undefined)));
    }
    console.log(
      `LookupEvents ${name}: text p50 ${median(a).toFixed(3)} p99 ${p99(a).toFixed(3)} ms; compressed p50 ${median(b).toFixed(3)} p99 ${p99(b).toFixed(3)} ms`,
    );
  }
  for (const scan of [false, true]) {
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < 5; r++) {
      a.push(await delivery(text, scan));
      b.push(await delivery(z, scan));
    }
    const what = scan ? 'delivery scan (readAfter only)' : 'delivery (readAfter + log file)';
    console.log(`${what}: text ${median(a).toFixed(0)} events/s; compressed ${median(b).toFixed(0)} events/s`);
  }
  text.close();
  z.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
