/**
 * One subject of the footprint bench (footprint.bench.ts), in its own process: `tsx
 * bench/footprint-probe.ts <source tree> <label> <generated|realistic>` fills an event store through
 * that tree's modules and prints JSON rows: size per million events, append cost, LookupEvents pages,
 * delivery's read + log-file build. A tree with the compaction pass is measured again once the pass
 * has compressed everything. The events come from this tree's generator whatever the tree measured,
 * so both subjects store the same records: `realistic` ones carry another account id, SDK user
 * agents and UUID request ids (generate-events.ts), which compress worse than the fixtures'.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2]!;
const kind = process.argv[4] ?? 'generated';
const label = `${process.argv[3]!}, ${kind} records`;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 100);
const START = new Date('2026-01-01T00:00:00Z');
const STEP_MS = 5_000;
const NOW = new Date(START.getTime() + EVENTS * STEP_MS);
const ATTRIBUTES: Array<[string, Array<{ AttributeKey: string; AttributeValue: string }> | undefined]> = [
  ['unfiltered', undefined],
  ['EventName', [{ AttributeKey: 'EventName', AttributeValue: 'CreateHsm' }]],
  ['Username', [{ AttributeKey: 'Username', AttributeValue: 'alice' }]],
  ['ReadOnly', [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]],
  ['ResourceName', [{ AttributeKey: 'ResourceName', AttributeValue: 'cluster-7' }]],
];

const load = (path: string): Promise<any> => import(pathToFileURL(join(root, path)).href);
const { SqliteStore } = await load('src/storage/sqlite/store.ts');
const { generateEvents } = await import('../src/query/testing/generate-events.js');
const { lookupEvents } = await load('src/query/lookup-events.ts');
const { buildLogFileFromStored } = await load('src/audit/deliver/log-file.ts');
const compaction = existsSync(join(root, 'src/storage/sqlite/event-compaction.ts'))
  ? await load('src/storage/sqlite/event-compaction.ts')
  : undefined;

interface Row {
  benchmark: string;
  subject: string;
  value: number;
  unit: string;
  note?: string;
}
const rows: Row[] = [];
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-footprint-'));
const path = join(dir, 'a.db');
const mib = (store: any, file = path) => {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  return ((bytes / EVENTS) * 1e6) / 2 ** 20;
};

async function readAll(store: any): Promise<any[]> {
  const out: any[] = [];
  for (let after = 0; ;) {
    const batch = await store.read((tx: any) => tx.events.readAfter(after, 1000));
    if (batch.length === 0) return out;
    out.push(...batch);
    after = batch.at(-1).seq;
  }
}

async function appendCost(events: any[]): Promise<void> {
  const file = join(dir, 'b.db');
  const store = new SqliteStore(file);
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 1000) {
    await store.write((tx: any) => {
      for (const { seq: _seq, ...e } of events.slice(i, i + 1000)) tx.events.append(e);
    });
  }
  rows.push({
    benchmark: 'event append (1000/txn, in-process)',
    subject: label,
    value: ((performance.now() - t0) * 1000) / events.length,
    unit: 'µs/event',
  });
  store.close();
}

async function measure(store: any, subject: string): Promise<void> {
  for (const [name, attrs] of ATTRIBUTES) {
    const times: number[] = [];
    let token: string | undefined;
    for (let i = 0; i < PAGES; i++) {
      const s = performance.now();
      const page = await store.read((tx: any) =>
        lookupEvents(tx, { LookupAttributes: attrs, MaxResults: 50, NextToken: token }, { region: 'us-east-1', now: NOW }),
      );
      times.push(performance.now() - s);
      token = page.NextToken;
    }
    times.sort((a, b) => a - b);
    rows.push({
      benchmark: `LookupEvents page of 50 (${name})`,
      subject: `${subject} p50`,
      value: pct(times, 50),
      unit: 'ms',
      note: `${PAGES} pages, newest first`,
    });
    rows.push({ benchmark: `LookupEvents page of 50 (${name})`, subject: `${subject} p99`, value: pct(times, 99), unit: 'ms' });
  }
  const t0 = performance.now();
  let files = 0;
  for (let after = 0; ; files++) {
    const batch = await store.read((tx: any) => tx.events.readAfter(after, 1000));
    if (batch.length === 0) break;
    buildLogFileFromStored(batch);
    after = batch.at(-1).seq;
  }
  const sec = (performance.now() - t0) / 1000;
  rows.push({
    benchmark: 'delivery: readAfter + log file (1000 events/file)',
    subject,
    value: EVENTS / sec,
    unit: 'events/s',
    note: `${files} files`,
  });
}

try {
  const store = new SqliteStore(path);
  await generateEvents(store, { count: EVENTS, start: START, stepMs: STEP_MS, errorEvery: 17, realistic: kind === 'realistic' });
  rows.push({
    benchmark: 'event store size',
    subject: `${label}, as appended`,
    value: mib(store),
    unit: 'MiB per million events',
    note: `${EVENTS} events`,
  });
  await appendCost(await readAll(store));
  await measure(store, compaction ? `${label}, records not yet compressed` : label);
  if (compaction) {
    const t0 = performance.now();
    const compactor = new compaction.EventCompactor(store, { clock: () => new Date('2100-01-01'), batchSize: 500 });
    const run = await compactor.runOnce();
    await compactor.stop();
    const passUs = ((performance.now() - t0) * 1000) / EVENTS;
    rows.push({
      benchmark: 'compaction pass (background)',
      subject: label,
      value: passUs,
      unit: 'µs/event',
      note: `${run.batches} write transactions of ≤ ${run.largestBatch}`,
    });
    store.db.pragma('incremental_vacuum');
    const z = store.db.prepare('SELECT AVG(length(record)) AS bytes, MAX(unicode(substr(record, 1, 1))) AS id FROM event_records_z').get();
    rows.push({
      benchmark: 'event store size',
      subject: `${label}, after the pass`,
      value: mib(store),
      unit: 'MiB per million events',
      note: `${EVENTS} events; compressed records ${z.bytes.toFixed(1)} bytes on average`,
    });
    await measure(store, `${label}, after the pass`);
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(rows) + '\n');
