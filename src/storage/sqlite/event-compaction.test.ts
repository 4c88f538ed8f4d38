import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEvents } from '../../query/testing/generate-events.js';
import type { LookupQuery } from '../ports/events.js';
import { migrate, openDatabase } from './database.js';
import { EventCompactor } from './event-compaction.js';
import { pageQuery, PAGE_RESOURCES } from './event-lookup.js';
import { allRecordTexts } from './event-records.js';
import { BUILT_IN_DICTIONARY, compressRecord } from './record-codec.js';
import { adoptDictionary, currentDictionary, TRAINING, trainDictionary } from './record-dictionaries.js';
import { auditMigrations } from './migrations/audit.js';
import { SqliteStore } from './store.js';

const START = new Date('2026-01-01T00:00:00Z');
const LATER = () => new Date('2027-01-01T00:00:00Z');
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsmtrail-compact-'));
  path = join(dir, 'store.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One pass, then the compactor's thread stopped. */
async function compact(store: SqliteStore, options: ConstructorParameters<typeof EventCompactor>[1]) {
  const compactor = new EventCompactor(store, options);
  try {
    return await compactor.runOnce();
  } finally {
    await compactor.stop();
  }
}

const count = (store: SqliteStore, table: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const fileBytes = (store: SqliteStore) => {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
};

/** Everything a reader gets back: delivery's read, a few event-history pages, search. */
async function everything(store: SqliteStore, n: number) {
  const lookup = (q: Partial<LookupQuery>) =>
    store.read((tx) => tx.events.lookup({ region: 'us-east-1', from: START, to: LATER(), limit: 50, ...q }));
  return {
    delivery: await store.read((tx) => tx.events.readAfter(0, n)),
    texts: allRecordTexts(store.db),
    newest: await lookup({}),
    byName: await lookup({ attribute: { key: 'EventName', value: 'CreateHsm' } }),
    byResource: await lookup({ attribute: { key: 'ResourceName', value: 'cluster-7' } }),
    search: await store.read((tx) => tx.events.search({ errorsOnly: true }, { limit: 100, order: 'oldest' })),
  };
}

describe('event record compaction', () => {
  it('gives back every record byte for byte once compressed, to delivery, event history and search', async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 3000, start: START, stepMs: 1000, errorEvery: 17, dataEvery: 29 });
    const before = await everything(store, 3000);
    const run = await compact(store, { clock: LATER, batchSize: 250 });
    expect(run.compacted).toBe(3000);
    expect(count(store, 'event_records')).toBe(0);
    expect(count(store, 'event_records_z')).toBe(3000);
    const after = await everything(store, 3000);
    expect(after).toEqual(before);
    for (let i = 0; i < before.texts.length; i++) expect(after.texts[i] === before.texts[i]).toBe(true);
    // A reader sees the same bytes whichever table the record is in: the compressed form is a blob.
    const kinds = store.db.prepare('SELECT DISTINCT typeof(record) FROM event_records_z').pluck().all();
    expect(kinds).toEqual(['blob']);
    // The compression thread writes what compressRecord writes: the dictionary's number (the store's
    // own, trained from its 3000 events), then deflate-raw.
    const dictionary = currentDictionary(store.db);
    expect(dictionary.id).toBe(2);
    const rows = store.db.prepare('SELECT seq, record FROM event_records_z WHERE seq % 500 = 1').raw().all() as Array<[number, Buffer]>;
    for (const [seq, blob] of rows) expect(blob.equals(compressRecord(before.texts[seq - 1]!, dictionary))).toBe(true);
    store.close();
  });

  it('leaves records younger than its age uncompressed', async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 100, start: START, stepMs: 1000 });
    // Events 0..59 are older than a minute at START + 120 s; the rest stay text.
    const now = () => new Date(START.getTime() + 120_000);
    const run = await compact(store, { clock: now, ageMs: 60_000 });
    expect(run.compacted).toBe(60);
    expect(store.db.prepare('SELECT MIN(seq), MAX(seq) FROM event_records').raw().get()).toEqual([61, 100]);
    store.close();
  });

  it('moves one bounded batch per write transaction', async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 1050, start: START, stepMs: 1000 });
    const moved: number[] = [];
    const write = store.write.bind(store);
    store.write = async (fn) => {
      const z = count(store, 'event_records_z');
      const value = await write(fn);
      moved.push(count(store, 'event_records_z') - z);
      return value;
    };
    await compact(store, { clock: LATER, batchSize: 100 });
    // The first write stores the dictionary trained from the store's 1050 events.
    expect(moved).toEqual([0, ...Array(10).fill(100), 50]);
    store.close();
  });

  it('keeps the store under 600 bytes per event once the pass ran (about 1.4 KB before)', async () => {
    const store = new SqliteStore(path);
    const n = 20_000;
    await generateEvents(store, { count: n, start: START, stepMs: 5000, errorEvery: 17 });
    const before = fileBytes(store) / n;
    await compact(store, { clock: LATER, batchSize: 500 });
    store.db.pragma('incremental_vacuum');
    const after = fileBytes(store) / n;
    expect(before).toBeGreaterThan(1300);
    expect(after).toBeLessThan(600);
    store.close();
  }, 120_000);

  it('a purge deletes compressed and uncompressed records alike', async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 100, start: START, stepMs: 1000 });
    await compact(store, { clock: () => new Date(START.getTime() + 150_000), ageMs: 100_000 });
    expect([count(store, 'event_records'), count(store, 'event_records_z')]).toEqual([50, 50]);
    const purged = await store.write((tx) => tx.events.purgeBatch(new Date(START.getTime() + 80_000), 1e9, 1000));
    expect(purged).toBe(80);
    expect([count(store, 'event_records'), count(store, 'event_records_z')]).toEqual([20, 0]);
    store.close();
  });
});

describe('event store schema 2', () => {
  it('converts a schema 1 store: records, resources and the seq counter carry over; old rows get compressed', async () => {
    const old = openDatabase(path);
    migrate(old, 'audit', auditMigrations.slice(0, 1));
    const insert = old.prepare(`INSERT INTO events (seq, event_id, event_time_ms, region, event_source, event_name, read_only,
      event_category, record) VALUES (?, ?, ?, 'us-east-1', 'iam.amazonaws.com', 'CreateUser', 0, 'Management', ?)`);
    const records = [1, 2, 3].map((i) => JSON.stringify({ eventID: `id-${i}`, eventName: 'CreateUser', note: `é ${i} \u2028` }));
    records.forEach((r, i) => insert.run(i + 1, `id-${i + 1}`, START.getTime() + i, r));
    old.prepare("INSERT INTO event_resources VALUES (2, ?, 'AWS::IAM::User', 'alice')").run(START.getTime() + 1);
    old.prepare('DELETE FROM events WHERE seq = 3').run(); // seq 3 must never be handed out again
    old.close();

    const store = new SqliteStore(path);
    expect((await store.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual(records.slice(0, 2));
    const seq = await store.write((tx) =>
      tx.events.append({
        eventId: 'id-4',
        eventTime: START,
        region: 'us-east-1',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        readOnly: false,
        eventCategory: 'Management',
        record: records[2]!,
      }),
    );
    expect(seq).toBe(4);
    const page = await store.read((tx) =>
      tx.events.lookup({ region: 'us-east-1', from: START, to: LATER(), limit: 10, attribute: { key: 'ResourceName', value: 'alice' } }),
    );
    expect(page.map((e) => [e.seq, e.resources])).toEqual([[2, [{ resourceType: 'AWS::IAM::User', resourceName: 'alice' }]]]);
    expect((await compact(store, { clock: LATER })).compacted).toBe(3);
    expect(allRecordTexts(store.db)).toEqual([records[0], records[1], records[2]]);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_v1'").pluck().all();
    expect(tables).toEqual([]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('schema 3 keeps canonical UUID event ids as 16 bytes, converting the stored ones; any other id stays text', async () => {
    const old = openDatabase(path);
    migrate(old, 'audit', auditMigrations.slice(0, 2));
    const ids = ['01a23595-9559-7648-9e93-5d895bfdd098', 'not-a-uuid', '01A23595-9559-7648-9E93-5D895BFDD098'];
    const insert = old.prepare(`INSERT INTO events (event_id, event_time_ms, region, event_source, event_name, read_only, event_category)
      VALUES (?, ?, 'us-east-1', 'iam.amazonaws.com', 'CreateUser', 0, 'Management')`);
    ids.forEach((id, i) => insert.run(id, START.getTime() + i));
    old.prepare("INSERT INTO event_records (seq, record) SELECT seq, '{}' FROM events").run();
    old.close();

    const store = new SqliteStore(path);
    const kinds = store.db.prepare('SELECT typeof(event_id) FROM events ORDER BY seq').pluck().all();
    expect(kinds).toEqual(['blob', 'text', 'text']);
    expect((await store.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.eventId)).toEqual(ids);
    const event = (eventId: string) => ({
      eventId,
      eventTime: START,
      region: 'us-east-1',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      readOnly: false,
      eventCategory: 'Management' as const,
      record: '{}',
    });
    for (const id of ids) {
      const page = await store.read((tx) =>
        tx.events.lookup({ region: 'us-east-1', from: START, to: LATER(), limit: 10, attribute: { key: 'EventId', value: id } }),
      );
      expect(page.map((e) => e.eventId)).toEqual([id]);
      await expect(store.write((tx) => tx.events.append(event(id)))).rejects.toThrow(/UNIQUE/);
    }
    const fresh = '01a2359c-3f60-7c21-8431-028cbfb047e2';
    await store.write((tx) => tx.events.append(event(fresh)));
    expect(store.db.prepare('SELECT length(event_id), typeof(event_id) FROM events ORDER BY seq DESC LIMIT 1').raw().get()).toEqual([
      16,
      'blob',
    ]);
    expect((await store.read((tx) => tx.events.readAfter(3, 10))).map((e) => e.eventId)).toEqual([fresh]);
    store.close();
  });

  it('every index serves a query: each LookupEvents attribute, the page resources, the purge and compaction', async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 500, start: START, stepMs: 1000 });
    const plan = (sql: string, params: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    const q = (attribute?: LookupQuery['attribute']) => pageQuery({ region: 'us-east-1', from: START, to: LATER(), limit: 50, attribute });
    const expected: Array<[LookupQuery['attribute'], string]> = [
      [undefined, 'events_time'],
      [{ key: 'EventId', value: 'x' }, 'sqlite_autoindex_events_1'],
      [{ key: 'EventName', value: 'CreateHsm' }, 'events_name_time'],
      [{ key: 'EventSource', value: 'sts.amazonaws.com' }, 'events_source_time'],
      [{ key: 'Username', value: 'alice' }, 'events_username_time'],
      [{ key: 'AccessKeyId', value: 'AKIAEXAMPLEBOB000000' }, 'events_access_key_time'],
      [{ key: 'ReadOnly', value: false }, 'events_read_only_time'],
      [{ key: 'ResourceName', value: 'cluster-7' }, 'event_resources_name'],
      [{ key: 'ResourceType', value: 'AWS::CloudHSM::Cluster' }, 'event_resources_type'],
    ];
    const used = new Set<string>();
    for (const [attribute, index] of expected) {
      const { sql, params } = q(attribute);
      const detail = plan(sql, params);
      expect(detail, JSON.stringify(attribute)).toContain(`INDEX ${index}`);
      // The record comes by rowid from whichever table holds it, never by a scan.
      expect(detail).not.toMatch(/SCAN event_records/);
      used.add(index);
    }
    expect(plan(PAGE_RESOURCES, ['[1,2]'])).toContain('INDEX event_resources_seq');
    used.add('event_resources_seq');
    const indexes = store.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'event_resources', 'event_records', 'event_records_z')",
      )
      .pluck()
      .all() as string[];
    expect(indexes.filter((i) => !used.has(i))).toEqual([]);
    store.close();
  });
});

/** The dictionary number each compressed row names, by seq. */
const dictionaryOf = (store: SqliteStore) =>
  new Map(
    (store.db.prepare('SELECT seq, record FROM event_records_z').raw().all() as Array<[number, Buffer]>).map(([seq, z]) => [seq, z[0]]),
  );

describe('record dictionaries', () => {
  it('a small store compresses with the built-in dictionary; once it holds enough events it trains its own, and every record still reads back, after a reopen too', async () => {
    const store = new SqliteStore(path);
    const few = TRAINING.minRecords / 2;
    await generateEvents(store, { count: few, start: START, stepMs: 1000, errorEvery: 17, realistic: true });
    expect((await compact(store, { clock: LATER })).compacted).toBe(few);
    expect(new Set(dictionaryOf(store).values())).toEqual(new Set([1]));
    expect(count(store, 'event_dictionaries')).toBe(0);

    const later = new Date(START.getTime() + few * 1000);
    await generateEvents(store, { count: TRAINING.minRecords, start: later, stepMs: 1000, errorEvery: 17, seed: 5, realistic: true });
    const texts = allRecordTexts(store.db);
    const before = await everything(store, few + TRAINING.minRecords);
    expect((await compact(store, { clock: LATER })).compacted).toBe(TRAINING.minRecords);
    const named = dictionaryOf(store);
    expect([...named].filter(([seq]) => seq <= few).every(([, id]) => id === 1)).toBe(true);
    expect([...named].filter(([seq]) => seq > few).every(([, id]) => id === 2)).toBe(true);
    expect(count(store, 'event_dictionaries')).toBe(1);
    expect(await everything(store, few + TRAINING.minRecords)).toEqual(before);

    // A third pass keeps the dictionary it has: no retraining per pass.
    await generateEvents(store, { count: 100, start: new Date(later.getTime() + 2e6), stepMs: 1000, seed: 9, realistic: true });
    await compact(store, { clock: LATER });
    expect(count(store, 'event_dictionaries')).toBe(1);
    const all = allRecordTexts(store.db);
    const final = await everything(store, few + TRAINING.minRecords + 100);
    store.close();

    // A new connection knows no dictionary yet: it reads the store's own from the file.
    const reopened = new SqliteStore(path);
    expect(allRecordTexts(reopened.db)).toEqual(all);
    expect(all.slice(0, texts.length)).toEqual(texts);
    expect(await everything(reopened, few + TRAINING.minRecords + 100)).toEqual(final);
    reopened.close();
  }, 60_000);

  it("compresses a deployment's records to well under what the built-in dictionary does", async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 4000, start: START, stepMs: 1000, errorEvery: 17, realistic: true });
    const texts = allRecordTexts(store.db);
    const trained = { id: 2, bytes: trainDictionary(texts.slice(0, TRAINING.samples)) };
    const mean = (d: typeof trained) => texts.slice(2000).reduce((n, t) => n + compressRecord(t, d).length, 0) / 2000;
    const [builtIn, own] = [mean(BUILT_IN_DICTIONARY), mean(trained)];
    expect(trained.bytes.length).toBeLessThanOrEqual(TRAINING.maxBytes);
    expect(own).toBeLessThan(builtIn * 0.6);
    expect(own).toBeLessThan(120);
    store.close();
  });

  it('two passes training at once keep the first dictionary stored; a dictionary is never replaced by a later one in place', async () => {
    const store = new SqliteStore(path);
    const first = await store.write((tx) => adoptDictionary(tx.db, 1, Buffer.from('first'), 10, START));
    const second = await store.write((tx) => adoptDictionary(tx.db, 1, Buffer.from('second'), 10, START));
    expect(first).toEqual({ id: 2, bytes: Buffer.from('first') });
    expect(second).toEqual(first);
    const third = await store.write((tx) => adoptDictionary(tx.db, 2, Buffer.from('third'), 10, START));
    expect(third.id).toBe(3);
    expect(currentDictionary(store.db)).toEqual(third);
    expect(() => store.db.prepare('UPDATE event_dictionaries SET id = 1 WHERE id = 2').run()).toThrow(/CHECK/);
    store.close();
  });

  it("leaves records a logging trail has yet to deliver as text, unless that trail's delivery is failing", async () => {
    const store = new SqliteStore(path);
    await generateEvents(store, { count: 100, start: START, stepMs: 1000 });
    let holds = [{ trailArn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t', deliveredSeq: 40, holds: true, failing: false }];
    const read = store.read.bind(store);
    store.read = (fn) =>
      read((tx) =>
        fn(
          Object.assign(Object.create(tx) as typeof tx, {
            events: Object.assign(Object.create(tx.events), { deliveryHolds: async () => holds }),
          }),
        ),
      );
    expect((await compact(store, { clock: LATER })).compacted).toBe(40);
    expect(store.db.prepare('SELECT MIN(seq) FROM event_records').pluck().get()).toBe(41);
    holds = [{ ...holds[0]!, failing: true }];
    expect((await compact(store, { clock: LATER })).compacted).toBe(60);
    store.close();
  });
});
