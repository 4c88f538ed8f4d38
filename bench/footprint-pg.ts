/**
 * The event store's footprint on PostgreSQL (footprint.bench.ts): BENCH_EVENTS events of each kind
 * through PgStore's own append on the test cluster (test/support/postgres.ts), then the event tables'
 * pg_total_relation_size (heap, TOAST and indexes) per million events, after VACUUM FULL so that no
 * dead space counts. The second measure rewrites every row under `variant`'s settings and tells
 * whether PostgreSQL then compressed the records (pg_column_compression).
 */
import pg from 'pg';
import { generateEvents } from '../src/query/testing/generate-events.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { createDatabase } from '../test/support/postgres.js';
import type { BenchRow } from './harness.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);

const SIZES = `SELECT pg_total_relation_size('events') AS total, pg_relation_size('events') AS heap,
  pg_indexes_size('events') AS indexes, pg_total_relation_size('event_resources') AS resources,
  (SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'events') AS toast`;

async function measure(client: pg.Client, subject: string): Promise<BenchRow> {
  await client.query('VACUUM FULL events');
  await client.query('VACUUM FULL event_resources');
  const r = (await client.query(SIZES)).rows[0] as Record<string, string>;
  const mib = (bytes: number) => ((bytes / EVENTS) * 1e6) / 2 ** 20;
  const [heap, toast, indexes, resources] = [r.heap, r.toast, r.indexes, r.resources].map((v) => mib(Number(v)));
  return {
    benchmark: 'event store size, PostgreSQL',
    subject,
    value: mib(Number(r.total) + Number(r.resources)),
    unit: 'MiB per million events',
    note: `heap ${heap!.toFixed(0)}, TOAST ${toast!.toFixed(0)}, indexes ${indexes!.toFixed(0)}, event_resources ${resources!.toFixed(0)}`,
  };
}

export async function pgFootprint(kind: 'generated' | 'realistic', variant: { name: string; sql: string[] }): Promise<BenchRow[]> {
  const url = await createDatabase();
  const store = new PgStore(url);
  await generateEvents(store, {
    count: EVENTS,
    start: new Date('2026-01-01T00:00:00Z'),
    stepMs: 5000,
    errorEvery: 17,
    realistic: kind === 'realistic',
  });
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = [await measure(client, `as migrated, ${kind} records`)];
    for (const sql of variant.sql) await client.query(sql);
    rows.push(await measure(client, `${variant.name}, ${kind} records`));
    const compression = (
      await client.query('SELECT pg_column_compression(record) AS c, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 1')
    ).rows[0];
    rows.at(-1)!.note += `; records compressed: ${compression?.c ?? 'none'}`;
    return rows;
  } finally {
    await client.end();
  }
}
