import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import type { Db } from '../storage/sqlite/database.js';
import { SqliteStore } from '../storage/sqlite/store.js';
import { lookupEvents, type LookupEventsInput, type LookupOptions } from './lookup-events.js';
import { LookupThrottle } from './throttle.js';
import { generateEvents } from './testing/generate-events.js';
import { eventIdOf } from '../storage/sqlite/event-ids.js';

const START = new Date('2026-03-01T00:00:00Z');
const COUNT = 3000;
const NOW = new Date(START.getTime() + COUNT * 1000);
let store: SqliteStore;
let db: Db;
const opts: LookupOptions = { region: 'us-east-1', now: NOW };

interface Truth {
  seq: number;
  t: number;
  id: string;
  name: string;
  ro: number;
  user: string | null;
  key: string | null;
  src: string;
  region: string;
  cat: string;
  record: string;
}
let truth: Truth[];

/** Expected results straight from the table, newest first: what every lookup is checked against. */
function expected(pred: (r: Truth) => boolean): string[] {
  return truth
    .filter((r) => r.region === 'us-east-1' && r.cat === 'Management' && pred(r))
    .sort((a, b) => b.t - a.t || b.seq - a.seq)
    .map((r) => r.id);
}

/** LookupEvents runs in the call's write transaction (its throttle takes a token there). */
const look = (input: LookupEventsInput, o: LookupOptions = opts) => store.write((tx) => lookupEvents(tx, input, o));

async function all(input: LookupEventsInput, o = opts): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await look({ ...input, NextToken: token }, o);
    expect(page.Events.length).toBeLessThanOrEqual(input.MaxResults ?? 50);
    ids.push(...page.Events.map((e) => e.EventId));
    token = page.NextToken;
  } while (token);
  return ids;
}

beforeAll(async () => {
  store = new SqliteStore(':memory:');
  db = store.db;
  // 1 s apart, except every 7th event shares its second with the previous one (ties broken by seq).
  await generateEvents(store, { count: COUNT, start: START, stepMs: 1000, errorEvery: 11, dataEvery: 13 });
  db.prepare('UPDATE events SET event_time_ms = event_time_ms - 1000 WHERE seq % 7 = 0').run();
  db.prepare('UPDATE event_resources SET event_time_ms = event_time_ms - 1000 WHERE seq % 7 = 0').run();
  truth = db
    .prepare(
      `SELECT seq, event_time_ms AS t, event_id AS id, event_name AS name, read_only AS ro, username AS user, access_key_id AS key,
    event_source AS src, region, event_category AS cat, (SELECT record FROM event_records r WHERE r.seq = events.seq) AS record FROM events`,
    )
    .all()
    .map((row) => ({ ...(row as Truth), id: eventIdOf((row as { id: string | Uint8Array }).id) }));
});

afterAll(() => store.close());

describe('lookupEvents', () => {
  it('pages through every management event of the region newest first, without gaps or duplicates', async () => {
    const ids = await all({ MaxResults: 37 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected(() => true));
    expect(ids.length).toBeGreaterThan(1500);
  });

  it.each([
    ['EventName', 'CreateHsm', (r: Truth) => r.name === 'CreateHsm'],
    ['EventSource', 'sts.amazonaws.com', (r: Truth) => r.src === 'sts.amazonaws.com'],
    ['Username', 'alice', (r: Truth) => r.user === 'alice'],
    ['Username', 'root', (r: Truth) => r.user === 'root'],
    ['AccessKeyId', 'AKIAEXAMPLEBOB000000', (r: Truth) => r.key === 'AKIAEXAMPLEBOB000000'],
    ['ReadOnly', 'true', (r: Truth) => r.ro === 1],
    ['ReadOnly', 'false', (r: Truth) => r.ro === 0],
    ['ResourceName', 'cluster-7', (r: Truth) => r.record.includes(':cluster/cluster-7"')],
    ['ResourceType', 'AWS::CloudHSM::Cluster', (r: Truth) => r.record.includes('AWS::CloudHSM::Cluster')],
  ])('filters by %s = %s', async (key, value, pred) => {
    const ids = await all({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], MaxResults: 50 });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected(pred));
  });

  it('finds one event by EventId and projects it as LookupEvents does', async () => {
    const target = truth.find((r) => r.region === 'us-east-1' && r.cat === 'Management' && r.name === 'CreateHsm')!;
    const { Events, NextToken } = await look({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: target.id }] });
    expect(NextToken).toBeUndefined();
    expect(Events).toHaveLength(1);
    const record = JSON.parse(target.record);
    expect(Events[0]).toEqual({
      EventId: target.id,
      EventName: 'CreateHsm',
      ReadOnly: 'false',
      AccessKeyId: record.userIdentity.accessKeyId,
      EventTime: new Date(target.t),
      EventSource: 'cloudhsm.amazonaws.com',
      Username: target.user,
      Resources: [{ ResourceType: 'AWS::CloudHSM::Cluster', ResourceName: record.requestParameters.clusterId }],
      CloudTrailEvent: target.record,
    });
  });

  it('excludes data events and other regions', async () => {
    expect(await all({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 's3.amazonaws.com' }] })).toEqual([]);
    const eu = await all({}, { ...opts, region: 'eu-west-1' });
    expect(eu).toEqual(
      truth
        .filter((r) => r.region === 'eu-west-1' && r.cat === 'Management')
        .sort((a, b) => b.t - a.t || b.seq - a.seq)
        .map((r) => r.id),
    );
  });

  it('applies inclusive StartTime/EndTime bounds', async () => {
    const inRegion = truth.filter((r) => r.region === 'us-east-1' && r.cat === 'Management');
    const from = inRegion[100]!.t;
    const to = inRegion[200]!.t;
    const ids = await all({ StartTime: new Date(from), EndTime: new Date(to) });
    expect(ids).toEqual(expected((r) => r.t >= from && r.t <= to));
    expect(ids).toContain(inRegion[200]!.id);
    expect(ids).toContain(inRegion[100]!.id);
  });

  it('keeps to the retention window', async () => {
    const cutoff = NOW.getTime() - 86_400_000 * 0.01;
    const ids = await all({}, { ...opts, retentionDays: 0.01 });
    expect(ids).toEqual(expected((r) => r.t >= cutoff));
  });

  it('returns Insights lookups empty: hsmtrail emits no Insights events', async () => {
    expect(await look({ EventCategory: 'insight' })).toEqual({ Events: [] });
  });

  it.each([
    [
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'Username', AttributeValue: 'b' },
        ],
      },
      'InvalidLookupAttributesException',
    ],
    [{ LookupAttributes: [{ AttributeKey: 'Bogus', AttributeValue: 'a' }] }, 'InvalidLookupAttributesException'],
    [{ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }, 'InvalidLookupAttributesException'],
    [{ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'yes' }] }, 'InvalidLookupAttributesException'],
    [{ StartTime: new Date(2000), EndTime: new Date(1000) }, 'InvalidTimeRangeException'],
    [{ MaxResults: 0 }, 'InvalidMaxResultsException'],
    [{ MaxResults: 51 }, 'InvalidMaxResultsException'],
    [{ EventCategory: 'data' }, 'InvalidEventCategoryException'],
    [{ NextToken: 'not-a-token' }, 'InvalidNextTokenException'],
  ] as [LookupEventsInput, string][])('rejects %j with %s', async (input, code) => {
    await expect(look(input)).rejects.toEqual(expect.objectContaining({ code, status: 400 }));
  });

  it('rejects a NextToken replayed with different filters, but not with a different MaxResults', async () => {
    const first = await look({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }], MaxResults: 5 });
    expect(first.NextToken).toBeDefined();
    await expect(
      look({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'bob' }], NextToken: first.NextToken }),
    ).rejects.toEqual(expect.objectContaining({ code: 'InvalidNextTokenException' }));
    await expect(look({ NextToken: first.NextToken })).rejects.toEqual(expect.objectContaining({ code: 'InvalidNextTokenException' }));
    const next = await look({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
      MaxResults: 10,
      NextToken: first.NextToken,
    });
    expect(next.Events).toHaveLength(10);
  });

  it('throttles at 2 requests per second when asked to', async () => {
    let t = 0;
    const throttle = new LookupThrottle(2, () => t);
    const o = { ...opts, throttle };
    await look({ MaxResults: 1 }, o);
    await look({ MaxResults: 1 }, o);
    await expect(look({ MaxResults: 1 }, o)).rejects.toEqual(
      expect.objectContaining({ code: 'ThrottlingException', message: 'Rate exceeded' }),
    );
    t += 500;
    await expect(look({ MaxResults: 1 }, o)).resolves.toBeDefined();
  });
});
