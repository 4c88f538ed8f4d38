import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchRow } from './harness.js';
import { openDatabase } from '../src/storage/sqlite/database.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import type { Store } from '../src/storage/ports.js';
import { lookupEvents, type LookupEventsInput } from '../src/query/lookup-events.js';
import { CloudTrailSql } from '../src/storage/sqlite/sql/cloudtrail-sql.js';
import { generateEvents } from '../src/query/testing/generate-events.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
export const START = new Date('2026-01-01T00:00:00Z');
export const STEP_MS = 5_000; // 1M events ≈ 58 days: inside the 90-day window
const PAGES = 200;

const ATTRIBUTES: [string, LookupEventsInput['LookupAttributes']][] = [
  ['unfiltered', undefined],
  ['EventName', [{ AttributeKey: 'EventName', AttributeValue: 'CreateHsm' }]],
  ['EventSource', [{ AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }]],
  ['Username', [{ AttributeKey: 'Username', AttributeValue: 'alice' }]],
  ['AccessKeyId', [{ AttributeKey: 'AccessKeyId', AttributeValue: 'AKIAEXAMPLEBOB000000' }]],
  ['ReadOnly', [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]],
  ['ResourceName', [{ AttributeKey: 'ResourceName', AttributeValue: 'cluster-7' }]],
  ['ResourceType', [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::CloudHSM::Cluster' }]],
  ['EventId', [{ AttributeKey: 'EventId', AttributeValue: '' }]],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Event history over a million stored events: LookupEvents pages, SQL, store size. */
export const eventHistoryBench: Bench = {
  name: 'event-history',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-events-'));
    const rows: BenchRow[] = [];
    try {
      const path = join(dir, 'hsmtrail.db');
      const store = new SqliteStore(path);
      const db = store.db;
      const t0 = performance.now();
      await generateEvents(store, { count: EVENTS, start: START, stepMs: STEP_MS, errorEvery: 17 });
      const fillSec = (performance.now() - t0) / 1000;
      rows.push({
        benchmark: 'event store fill (build + append, 10k/txn)',
        subject: 'hsmtrail',
        value: EVENTS / fillSec,
        unit: 'events/s',
        note: `${EVENTS} events`,
      });
      db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
      rows.push({ benchmark: 'event store size', subject: 'per million events', value: ((bytes / EVENTS) * 1e6) / 2 ** 20, unit: 'MiB' });

      const now = new Date(START.getTime() + EVENTS * STEP_MS);
      const someId = db
        .prepare(
          "SELECT event_id FROM events WHERE region = 'us-east-1' AND event_category = 'Management' ORDER BY seq DESC LIMIT 1 OFFSET 1000",
        )
        .pluck()
        .get() as string;
      rows.push(...(await lookupPages(store, now, someId, EVENTS)));
      store.close();

      const reader = openDatabase(path);
      const s0 = performance.now();
      const sql = await CloudTrailSql.open({ kind: 'store', db: reader });
      const opened = performance.now();
      const result = await sql.query('SELECT useridentity.username, eventname, count(*) AS n FROM cloudtrail GROUP BY ALL');
      const queried = performance.now();
      await sql.close();
      reader.close();
      rows.push({
        benchmark: 'hsmtrail sql: export store to NDJSON',
        subject: 'hsmtrail',
        value: (opened - s0) / 1000,
        unit: 's',
        note: `${EVENTS} events`,
      });
      rows.push({
        benchmark: 'hsmtrail sql: GROUP BY user, eventname',
        subject: 'DuckDB',
        value: (queried - opened) / 1000,
        unit: 's',
        note: `${result.rows.length} groups`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

/**
 * LookupEvents pages of 50 over `events` stored events, p50 and p99 per attribute: PAGES pages each,
 * walking deeper and restarting at the newest when a listing ends. Each page runs in a write
 * transaction, as the gateway runs a call (with its event). `someId` is a stored management event's id.
 */
export async function lookupPages(store: Store, now: Date, someId: string, events: number, subject = ''): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, attrs] of ATTRIBUTES) {
    const input = {
      LookupAttributes: name === 'EventId' ? [{ AttributeKey: 'EventId', AttributeValue: someId }] : attrs,
      MaxResults: 50,
    };
    const times: number[] = [];
    let token: string | undefined;
    for (let i = 0; i < PAGES; i++) {
      const s = performance.now();
      const page = await store.write((tx) => lookupEvents(tx, { ...input, NextToken: token }, { region: 'us-east-1', now }));
      times.push(performance.now() - s);
      token = page.NextToken;
    }
    times.sort((a, b) => a - b);
    const benchmark = `LookupEvents page of 50 (${name})`;
    rows.push({
      benchmark,
      subject: `${subject}p50`,
      value: percentile(times, 50),
      unit: 'ms',
      note: `${PAGES} pages over ${events} events`,
    });
    rows.push({ benchmark, subject: `${subject}p99`, value: percentile(times, 99), unit: 'ms' });
  }
  return rows;
}
