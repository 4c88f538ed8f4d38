/**
 * Event history as a user reads it: `aws cloudtrail lookup-events`, the SDK v3 and boto3 paginators,
 * over a history of a few hundred calls made from root, an IAM user and an assumed-role session
 * (CloudTrail API Reference, "LookupEvents"). Every answer is checked against the event store itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, awsJson, cliErrorCode, cliJson, hasTool, python, run } from '../support/tools.js';
import { dataDirLayout } from '../../src/storage/data-dir.js';
import { eventIdOf } from '../../src/storage/sqlite/event-ids.js';
import { makeHistory, storedRecords, type History } from './history-support.js';

const ROUNDS = 10;
let server: RunningServer;
let history: History;
/** The history's records as LookupEvents must return them: newest first. */
let expected: any[];
/** Inclusive end of the history (epoch seconds): later events are the lookups themselves. */
let endSec: number;
const haveCli = hasTool('aws');
const havePython = hasTool('python3');

beforeAll(async () => {
  server = await startServer();
  history = await makeHistory(server, ROUNDS);
  endSec = Math.floor(Date.now() / 1000);
  await new Promise((r) => setTimeout(r, (endSec + 1) * 1000 - Date.now() + 50));
  expected = (await storedRecords(server.dataDir))
    .filter((r) => Date.parse(r.eventTime) <= endSec * 1000 && r.eventCategory === 'Management')
    .reverse();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const iso = (sec: number) => new Date(sec * 1000).toISOString();
const ids = (events: { EventId?: string }[]) => events.map((e) => e.EventId);
const lookupArgs = (args: string[]) => ['cloudtrail', 'lookup-events', '--end-time', iso(endSec), ...args];
const lookup = (args: string[]) => awsJson(server.awsEnv(), lookupArgs(args));
const attributeArgs = (key: string, value: string) => lookupArgs(['--lookup-attributes', `AttributeKey=${key},AttributeValue=${value}`]);
/** Several lookups in one AWS CLI process (awsBatch); each answer parsed. */
const lookups = async (...commands: string[][]) => (await awsBatch(server.awsEnv(), commands)).map((r) => cliJson(r));
/** The store's event-history index: each event's Resources, in the order they were indexed. */
function indexedResources(dataDir: string): Map<string, Array<{ ResourceType?: string; ResourceName: string }>> {
  const db = new Database(dataDirLayout(dataDir).store, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT e.event_id AS id, r.resource_type AS type, r.resource_name AS name FROM event_resources r JOIN events e ON e.seq = r.seq ORDER BY r.rowid',
      )
      .all() as Array<{ id: string | Uint8Array; type: string | null; name: string }>;
    const byId = new Map<string, Array<{ ResourceType?: string; ResourceName: string }>>();
    for (const row of rows) {
      const id = eventIdOf(row.id); // stored as its 16 bytes (src/storage/sqlite/event-ids.ts)
      byId.set(id, [...(byId.get(id) ?? []), { ...(row.type ? { ResourceType: row.type } : {}), ResourceName: row.name }]);
    }
    return byId;
  } finally {
    db.close();
  }
}
const username = (r: any) =>
  r.userIdentity.type === 'Root'
    ? 'root'
    : r.userIdentity.type === 'IAMUser'
      ? r.userIdentity.userName
      : r.userIdentity.principalId.split(':')[1];

describe('the generated history', () => {
  it('holds every call made, by the right user, with the failures', () => {
    // The SDK names an error by its model shape (NoSuchEntityException); the record has the wire code (NoSuchEntity).
    const code = (c?: string) => c?.replace(/Exception$/, '') ?? '';
    const made = history.calls.map((c) => `${c.username} ${c.eventSource} ${c.eventName} ${code(c.errorCode)}`).sort();
    const stored = expected.map((r) => `${username(r)} ${r.eventSource} ${r.eventName} ${code(r.errorCode)}`).sort();
    expect(stored).toEqual(made);
    expect(made.length).toBeGreaterThan(300);
    expect(history.calls.filter((c) => c.errorCode).length).toBe(4 * 3 * ROUNDS);
  });
});

describe.skipIf(!haveCli)('aws cloudtrail lookup-events', () => {
  it('returns the whole history newest first, each event projected from its record', async () => {
    const events = (await lookup([])).Events;
    expect(ids(events)).toEqual(expected.map((r) => r.eventID));
    const indexed = indexedResources(server.dataDir);
    for (const [i, e] of events.entries()) {
      const r = expected[i];
      expect(JSON.parse(e.CloudTrailEvent)).toEqual(r);
      expect(e).toMatchObject({
        EventName: r.eventName,
        EventSource: r.eventSource,
        ReadOnly: String(r.readOnly),
        Username: username(r),
        AccessKeyId: r.userIdentity.accessKeyId,
      });
      // AWS CLI v1 prints timestamps as the wire's epoch seconds.
      expect(e.EventTime * 1000).toBe(Date.parse(r.eventTime));
      // Resources come from the event-history index: the record's own resources first, then what
      // event history finds IAM, STS, CloudHSM and trail events by.
      const own = (r.resources ?? []).map((x: any) => ({
        ResourceType: x.type,
        ResourceName: x.ARN.startsWith('arn:aws:s3:::') ? x.ARN.slice(13) : x.ARN.split('/').pop(),
      }));
      expect(e.Resources.slice(0, own.length)).toEqual(own);
      expect(e.Resources).toEqual(indexed.get(r.eventID) ?? []);
    }
    const createUser = events.find(
      (e: any) => e.EventName === 'CreateUser' && JSON.parse(e.CloudTrailEvent).requestParameters.userName === 'bob',
    );
    expect(createUser.Resources).toEqual([{ ResourceType: 'AWS::IAM::User', ResourceName: 'bob' }]);
    expect(events.some((e: any) => e.ReadOnly === 'false')).toBe(true);
  });

  const FILTERS: Array<[string, string, (r: any) => boolean]> = [
    ['EventName', 'GetUser', (r: any) => r.eventName === 'GetUser'],
    ['ReadOnly', 'false', (r: any) => r.readOnly === false],
    ['ReadOnly', 'true', (r: any) => r.readOnly === true],
    ['Username', 'bob', (r: any) => username(r) === 'bob'],
    ['Username', 'night', (r: any) => username(r) === 'night'],
    ['EventSource', 'cloudhsm.amazonaws.com', (r: any) => r.eventSource === 'cloudhsm.amazonaws.com'],
    ['ResourceType', 'AWS::S3::Bucket', (r: any) => (r.resources ?? []).some((x: any) => x.type === 'AWS::S3::Bucket')],
    // Records without `resources` are still found by the entity their request names.
    ['ResourceName', 'cluster-234567abcde', (r: any) => r.requestParameters?.clusterId === 'cluster-234567abcde'],
    ['ResourceName', 'nobody', (r: any) => r.requestParameters?.userName === 'nobody'],
    ['ResourceName', 'no-such-trail', (r: any) => r.requestParameters?.name === 'no-such-trail'],
    ['ResourceName', 'ops', (r: any) => r.requestParameters?.roleName === 'ops' || r.requestParameters?.roleArn?.endsWith(':role/ops')],
  ];
  // Every filter's lookup in one AWS CLI process, run once by the first filter test that needs it.
  let filtered: Promise<any[]> | undefined;
  it.each(FILTERS)('filters on %s=%s', async (key, value, match) => {
    filtered ??= lookups(...FILTERS.map(([k, v]) => attributeArgs(k, v)));
    const events = (await filtered)[FILTERS.findIndex(([k, v]) => k === key && v === value)].Events;
    const want = expected.filter(match).map((r) => r.eventID);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(events)).toEqual(want);
  });

  it('filters on ResourceName, AccessKeyId and EventId', async () => {
    const bucketEvents = expected.filter((r) => (r.resources ?? []).some((x: any) => x.ARN === `arn:aws:s3:::${history.bucket}`));
    expect(bucketEvents.map((r) => r.eventName)).toContain('GetBucketLocation');
    const sessionKey = history.session.accessKeyId;
    const one = expected[17];
    const [byBucket, bySession, byId, none] = (
      await lookups(
        attributeArgs('ResourceName', history.bucket),
        attributeArgs('AccessKeyId', sessionKey),
        attributeArgs('EventId', one.eventID),
        attributeArgs('EventName', 'NoSuchOperation'),
      )
    ).map((o) => o.Events);
    expect(ids(byBucket)).toEqual(bucketEvents.map((r) => r.eventID));
    expect(ids(bySession)).toEqual(expected.filter((r) => r.userIdentity.accessKeyId === sessionKey).map((r) => r.eventID));
    expect(new Set(bySession.map((e: any) => e.Username))).toEqual(new Set(['night']));
    expect(byId).toEqual([expect.objectContaining({ EventId: one.eventID, CloudTrailEvent: expect.any(String) })]);
    expect(none).toEqual([]);
  });

  it('bounds by --start-time and --end-time, both inclusive', async () => {
    const times = [...new Set(expected.map((r) => Date.parse(r.eventTime) / 1000))].sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(2);
    const [from, to] = [times[1]!, times[times.length - 2]!];
    const [out, single] = (
      await lookups(
        ['cloudtrail', 'lookup-events', '--start-time', iso(from), '--end-time', iso(to)],
        ['cloudtrail', 'lookup-events', '--start-time', iso(from), '--end-time', iso(from)],
      )
    ).map((o) => o.Events);
    const want = expected.filter((r) => Date.parse(r.eventTime) >= from * 1000 && Date.parse(r.eventTime) <= to * 1000);
    expect(ids(out)).toEqual(want.map((r) => r.eventID));
    expect(ids(single)).toEqual(expected.filter((r) => Date.parse(r.eventTime) === from * 1000).map((r) => r.eventID));
  });

  it('pages with --max-items/--starting-token and --page-size', async () => {
    const [first, paged, pageOnly] = await lookups(
      lookupArgs(['--max-items', '5']),
      lookupArgs(['--page-size', '7']),
      lookupArgs(['--page-size', '7', '--max-items', '9']),
    );
    expect(ids(first.Events)).toEqual(expected.slice(0, 5).map((r) => r.eventID));
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await lookup(['--max-items', '5', '--starting-token', first.NextToken]);
    expect(ids(second.Events)).toEqual(expected.slice(5, 10).map((r) => r.eventID));
    expect(ids(paged.Events)).toEqual(expected.map((r) => r.eventID));
    expect(ids(pageOnly.Events)).toEqual(expected.slice(0, 9).map((r) => r.eventID));
  });

  it("answers AWS's errors for bad parameters", async () => {
    const cases: Array<[string[], string]> = [
      [
        ['--lookup-attributes', 'AttributeKey=Username,AttributeValue=bob', 'AttributeKey=EventName,AttributeValue=GetUser'],
        'InvalidLookupAttributesException',
      ],
      [['--start-time', iso(endSec), '--end-time', iso(endSec - 60)], 'InvalidTimeRangeException'],
      [['--next-token', 'garbage-token'], 'InvalidNextTokenException'],
    ];
    const results = await awsBatch(
      server.awsEnv(),
      cases.map(([args]) => ['cloudtrail', 'lookup-events', ...args]),
    );
    for (const [i, [, code]] of cases.entries()) {
      expect(cliErrorCode(results[i]!)).toBe(code);
      expect(results[i]!.stderr).toContain(`(${code}) when calling the LookupEvents operation`);
    }
  });

  // The model's 1-50 range is left to LookupEvents (codegen/services.ts), which answers as AWS does.
  // (botocore refuses 0 client-side against the model's minimum, so only 51 reaches the server from the CLI.)
  it('answers MaxResults 51 with InvalidMaxResultsException', async () => {
    for (const n of ['51']) {
      const r = await run('aws', ['cloudtrail', 'lookup-events', '--max-results', n, '--no-paginate'], server.awsEnv());
      expect(r.stderr).toContain('(InvalidMaxResultsException) when calling the LookupEvents operation');
    }
  });

  it('records the lookups themselves as read-only CloudTrail events, after the history', async () => {
    const out = (
      await awsJson(server.awsEnv(), [
        'cloudtrail',
        'lookup-events',
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=LookupEvents',
      ])
    ).Events;
    expect(out.length).toBeGreaterThan(10);
    for (const e of out) {
      expect(e).toMatchObject({
        EventSource: 'cloudtrail.amazonaws.com',
        ReadOnly: 'true',
        Username: 'root',
        AccessKeyId: server.accessKeyId,
      });
      expect(e.EventTime).toBeGreaterThan(endSec);
    }
  });

  it('rejects a NextToken replayed with other parameters', async () => {
    const first = await awsJson(server.awsEnv(), [
      'cloudtrail',
      'lookup-events',
      '--end-time',
      iso(endSec),
      '--max-results',
      '3',
      '--no-paginate',
    ]);
    expect(first.NextToken).toEqual(expect.any(String));
    const r = await run(
      'aws',
      [
        'cloudtrail',
        'lookup-events',
        '--end-time',
        iso(endSec - 1),
        '--max-results',
        '3',
        '--next-token',
        first.NextToken,
        '--no-paginate',
      ],
      server.awsEnv(),
    );
    expect(r.stderr).toContain('(InvalidNextTokenException)');
  });
});

describe('SDK v3 and boto3 paginators', () => {
  it('paginateLookupEvents with MaxResults 7 walks the whole history: no duplicates, no gaps', async () => {
    const client = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
    const seen: Event[] = [];
    let pages = 0;
    for await (const page of paginateLookupEvents({ client, pageSize: 7 }, { EndTime: new Date(endSec * 1000), MaxResults: 7 })) {
      expect(page.Events!.length).toBeLessThanOrEqual(7);
      seen.push(...page.Events!);
      pages++;
    }
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(ids(seen)).toEqual(expected.map((r) => r.eventID));
    expect(seen[0]!.EventTime).toEqual(new Date(expected[0].eventTime));
    expect(seen.map((e) => JSON.parse(e.CloudTrailEvent!))).toEqual(expected);
  });

  it.skipIf(!havePython)('boto3 paginator walks the same history', async () => {
    const code = `
import boto3, json, datetime
ct = boto3.client('cloudtrail')
end = datetime.datetime.fromtimestamp(${endSec}, datetime.timezone.utc)
ids = []
pages = 0
for page in ct.get_paginator('lookup_events').paginate(EndTime=end, PaginationConfig={'PageSize': 7}):
    pages += 1
    ids += [e['EventId'] for e in page['Events']]
    assert all(e['ReadOnly'] in ('true', 'false') for e in page['Events'])
print(json.dumps({'pages': pages, 'ids': ids}))`;
    const r = await python(server.awsEnv(), code);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out.ids).toEqual(expected.map((r) => r.eventID));
    expect(out.pages).toBe(Math.ceil(expected.length / 7));
  });
});

describe('--throttle-lookup-events', () => {
  it('answers a burst with ThrottlingException for some calls, then recovers', async () => {
    const throttled = await startServer({ args: ['--throttle-lookup-events'] });
    try {
      const client = new CloudTrailClient({ endpoint: throttled.endpoint, region: 'us-east-1', credentials: throttled, maxAttempts: 1 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.send(new LookupEventsCommand({ MaxResults: 1 }))));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failed.length).toBeGreaterThan(0);
      expect(results.length - failed.length).toBeGreaterThan(0);
      for (const f of failed) {
        expect(f.reason.name).toBe('ThrottlingException');
        expect(f.reason.$metadata.httpStatusCode).toBe(400);
      }
      await new Promise((r) => setTimeout(r, 1100));
      await expect(client.send(new LookupEventsCommand({ MaxResults: 1 }))).resolves.toHaveProperty('Events');
    } finally {
      await throttled.stop();
    }
  });
});
