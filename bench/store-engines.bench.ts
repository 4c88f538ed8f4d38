import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../src/audit/events/ports.js';
import type { Store } from '../src/storage/ports.js';
import { PgStore } from '../src/storage/postgres/store.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { createDatabase } from '../test/support/postgres.js';
import type { Bench, BenchRow } from './harness.js';

const WRITES = 3000;
const CONCURRENCY = 32;
const READS = 1000;

const event = (n: number): Omit<StoredEvent, 'seq'> => ({
  eventId: `bench-${n}`,
  eventTime: new Date(),
  region: 'us-east-1',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  readOnly: false,
  eventCategory: 'Management',
  record: JSON.stringify({ n, padding: 'x'.repeat(600) }),
  lookup: { username: 'alice', resources: [{ resourceType: 'AWS::IAM::User', resourceName: `u${n}` }] },
});

/**
 * The two engines under the same work, in one run: audit-event appends (the write every call makes)
 * from 32 concurrent writers and from one, and one-statement snapshot reads. PostgreSQL is the
 * test cluster of test/support/postgres.ts (local socket over TCP, fsync off), so its numbers are
 * round trips, not disk flushes; SQLite is a file store with its default durability.
 */
export const storeEnginesBench: Bench = {
  name: 'store-engines',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-engines-'));
    try {
      const sqlite = new SqliteStore(join(dir, 'store.db'));
      const rows = await measure('sqlite (file)', sqlite);
      sqlite.close();
      const pg = new PgStore(await createDatabase());
      rows.push(...(await measure('postgres (test cluster)', pg)));
      await pg.close();
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function measure(engine: string, store: Store): Promise<BenchRow[]> {
  let next = 0;
  const appends = async (count: number, writers: number) => {
    const end = next + count;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < end) {
          const n = next++;
          await store.write((tx) => tx.events.append(event(n)));
        }
      }),
    );
    return (count / (performance.now() - t)) * 1000;
  };
  const concurrent = await appends(WRITES, CONCURRENCY);
  const serial = await appends(WRITES / 6, 1);
  const t = performance.now();
  for (let i = 0; i < READS; i++) await store.read((tx) => tx.events.readAfter(i, 10));
  const reads = (READS / (performance.now() - t)) * 1000;
  return [
    {
      benchmark: 'store-engines',
      subject: `${engine}: appends, ${CONCURRENCY} writers`,
      value: concurrent,
      unit: 'writes/s',
      note: `${WRITES}`,
    },
    { benchmark: 'store-engines', subject: `${engine}: appends, 1 writer`, value: serial, unit: 'writes/s', note: `${WRITES / 6}` },
    { benchmark: 'store-engines', subject: `${engine}: readAfter(10), sequential`, value: reads, unit: 'reads/s', note: `${READS}` },
  ];
}
