import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../../storage/sqlite/database.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { appendEvent } from '../../storage/sqlite/events.js';
import type { Tx } from '../../storage/ports.js';
import { directTx } from '../../storage/testing/direct-tx.js';
import type { DeliveryStatusChanges } from '../deliver/delivery-state.js';
import { trailCursors } from '../trails/cursors.js';
import type { TrailRecord } from '../trails/trail.js';
import { EventPurger } from './purger.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t';

let store: SqliteStore;
let db: Db;
let tx: Tx;
let lines: Array<{ level: number; msg: string; waitingFor?: unknown[] }>;
let purger: EventPurger;

/** `n` events `ageMs` old, one second apart; returns their seqs. */
function record(n: number, ageMs: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    appendEvent(db, {
      eventId: `e-${ageMs}-${i}`,
      eventTime: new Date(NOW.getTime() - ageMs + i * 1000),
      region: 'us-east-1',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      readOnly: true,
      eventCategory: 'Management',
      record: '{}',
      lookup: { resources: [{ resourceName: `r-${i}` }] },
    }),
  );
}

/** The trail's scan position (and status changes), as delivery leaves them. */
async function scanned(seq: number, changes: DeliveryStatusChanges = {}): Promise<void> {
  await tx.cursors.advance(trailCursors.scan(ARN), seq);
  await tx.delivery.updateStatus(ARN, changes);
}

function addTrail(over: Partial<TrailRecord> = {}): Promise<void> {
  return tx.trails.insert({
    arn: ARN,
    accountId: '111122223333',
    name: 't',
    homeRegion: 'us-east-1',
    s3BucketName: 'b',
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: true,
    logFileValidationEnabled: false,
    isOrganizationTrail: false,
    selectors: null,
    isLogging: true,
    originSeq: 0,
    createdAt: 0,
    ...over,
  });
}

const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

beforeEach(() => {
  store = new SqliteStore(':memory:');
  db = store.db;
  tx = directTx(db).tx;
  lines = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l) as (typeof lines)[number]) });
  purger = new EventPurger({
    store,
    logger,
    clock: () => NOW,
    options: { retentionMs: 24 * HOUR, intervalMs: 60_000, batchSize: 7 },
  });
});

afterEach(() => store.close());

describe('EventPurger', () => {
  it('deletes events past retention with their resource rows, in batches, keeping younger ones', async () => {
    const old = record(20, 48 * HOUR);
    const young = record(5, HOUR);
    expect(await purger.runOnce()).toEqual({ purged: old.length, held: 0, waitingFor: [] });
    expect(count('events')).toBe(young.length);
    expect(count('event_resources')).toBe(young.length);
    expect(lines.map((l) => l.msg)).toEqual(['purged events past retention']);
  });

  it('waits below a failing trail, logs why once, and catches up when it delivers', async () => {
    await addTrail();
    const old = record(10, 48 * HOUR);
    record(1, HOUR);
    await scanned(old[3]!, { latestDeliveryError: 'AccessDenied' });
    const run = await purger.runOnce();
    expect(run).toEqual({ purged: 4, held: 6, waitingFor: [{ trailArn: ARN, reason: 'delivery failing', deliveredSeq: old[3] }] });
    await purger.runOnce();
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/event purge waiting/);
    expect(warnings[0]!.waitingFor).toEqual(run.waitingFor);
    expect(purger.status()).toMatchObject({ heldEvents: 6, purgedTotal: 4, lastPurged: 0, waitingFor: run.waitingFor, storedEvents: 7 });

    await scanned(old.at(-1)!, { latestDeliveryError: null });
    expect(await purger.runOnce()).toEqual({ purged: 6, held: 0, waitingFor: [] });
    expect(lines.at(-1)!.msg).toMatch(/caught up/);
  });

  it('takes the lowest region cursor, and holds nothing for a stopped trail past its last stop', async () => {
    await addTrail({ isLogging: false });
    const old = record(10, 48 * HOUR);
    record(1, HOUR);
    await tx.trails.startInterval(ARN, 0, old[0]);
    await tx.trails.stopInterval(ARN, 1, old[5]);
    await scanned(old.at(-1)!);
    await tx.cursors.advance(trailCursors.region(ARN, 'eu-west-1'), old[2]!);
    expect((await purger.runOnce()).purged).toBe(3); // eu-west-1's file holding seqs 4..6 is not delivered yet
    await tx.cursors.advance(trailCursors.region(ARN, 'eu-west-1'), old[5]!);
    expect(await purger.runOnce()).toMatchObject({ purged: 7, held: 0 });
  });

  it('keeps events of delivered files no digest covers yet (log file validation on)', async () => {
    await addTrail({ logFileValidationEnabled: true });
    const old = record(10, 48 * HOUR);
    record(1, HOUR);
    await scanned(old.at(-1)!);
    const oldest = new Date(NOW.getTime() - 48 * HOUR + 6000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    db.prepare("INSERT INTO ct_log_files VALUES (?, 'k', 'us-east-1', 'b', 'h', ?, ?, 4, 0, NULL)").run(ARN, oldest, oldest);
    expect(await purger.runOnce()).toEqual({
      purged: 6,
      held: 4,
      waitingFor: [{ trailArn: ARN, reason: 'digest pending', deliveredSeq: old.at(-1) }],
    });
    db.prepare("UPDATE ct_log_files SET digest_key = 'd'").run();
    expect(await purger.runOnce()).toMatchObject({ purged: 4, held: 0 });
  });
});
