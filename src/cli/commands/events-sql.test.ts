import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { EventRecorder } from '../../audit/record/recorder.js';
import { generateEvents } from '../../query/testing/generate-events.js';
import { ACCOUNT, callRecord, cloudhsm, iamUser } from '../../audit/record/test-fixtures.js';
import { runEvents, type EventsFlags } from './events.js';
import { runSql } from './sql.js';
import { allRecordTexts } from '../../storage/sqlite/event-records.js';

const START = new Date('2026-03-01T00:00:00Z');
const COUNT = 400;
const NOW = new Date(START.getTime() + COUNT * 60_000);
let dir: string;
let records: Record<string, any>[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsmtrail-cli-'));
  const store = new SqliteStore(join(dir, 'hsmtrail.db'));
  await generateEvents(store, { count: COUNT, start: START, stepMs: 60_000, errorEvery: 9 });
  records = allRecordTexts(store.db).map((r) => JSON.parse(r));
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function events(flags: Partial<EventsFlags>): Promise<string> {
  let out = '';
  await runEvents({ dataDir: dir, limit: '1000', output: 'jsonl', interval: '20', ...flags }, { write: (t) => (out += t), now: NOW });
  return out;
}
const ids = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).eventID);
const expectIds = (pred: (r: Record<string, any>) => boolean) => records.filter(pred).map((r) => r.eventID);

describe('hsmtrail events', () => {
  it('combines filters freely', async () => {
    const out = await events({ user: ['alice', 'bob'], eventSource: 'cloudhsm', writeOnly: true });
    const want = expectIds(
      (r) => ['alice', 'bob'].includes(r.userIdentity.userName) && r.eventSource === 'cloudhsm.amazonaws.com' && !r.readOnly,
    );
    expect(want.length).toBeGreaterThan(5);
    expect(ids(out)).toEqual(want);
  });

  it('matches source IPs by CIDR and by address', async () => {
    expect(ids(await events({ sourceIp: '10.0.0.0/16' }))).toEqual(expectIds((r) => r.sourceIPAddress.startsWith('10.0.')));
    expect(ids(await events({ sourceIp: '192.168.1.5' }))).toEqual(expectIds((r) => r.sourceIPAddress === '192.168.1.5'));
    await expect(events({ sourceIp: '10.0.0.0/99' })).rejects.toThrow(/CIDR/);
  });

  it('filters errors, resources, access keys and event names', async () => {
    expect(ids(await events({ errorsOnly: true }))).toEqual(expectIds((r) => r.errorCode));
    expect(ids(await events({ errorCode: 'AccessDenied', eventName: 'Create*' }))).toEqual(
      expectIds((r) => r.errorCode === 'AccessDenied' && r.eventName.startsWith('Create')),
    );
    expect(ids(await events({ resource: `arn:aws:cloudhsm:us-east-1:${ACCOUNT}:cluster/cluster-3` }))).toEqual(
      expectIds((r) => (r.resources ?? []).some((x: any) => x.ARN.endsWith('cluster/cluster-3'))),
    );
    expect(ids(await events({ accessKey: 'AKIAEXAMPLEALICE0000', readOnly: true }))).toEqual(
      expectIds((r) => r.userIdentity.accessKeyId === 'AKIAEXAMPLEALICE0000' && r.readOnly),
    );
  });

  it('takes --since as a duration and --limit as the newest n, printed oldest first', async () => {
    const since = NOW.getTime() - 90 * 60_000;
    expect(ids(await events({ since: '90m' }))).toEqual(expectIds((r) => Date.parse(r.eventTime) >= since));
    expect(ids(await events({ limit: '3' }))).toEqual(records.slice(-3).map((r) => r.eventID));
  });

  it('prints a table by default and a JSON array with --output json', async () => {
    const table = await events({ output: 'table', limit: '2' });
    const lines = table.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+USER\s+SOURCE IP\s+REGION\s+EVENT\s+ERROR$/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(records.at(-1)!.eventTime);
    const json = JSON.parse(await events({ output: 'json', limit: '2' }));
    expect(json.map((r: any) => r.eventID)).toEqual(records.slice(-2).map((r) => r.eventID));
  });

  it('follows new events as they are recorded', async () => {
    const ac = new AbortController();
    let out = '';
    const running = runEvents(
      { dataDir: dir, limit: '1', output: 'jsonl', interval: '20', follow: true, user: ['alice'] },
      { write: (t) => (out += t), signal: ac.signal },
    );
    await new Promise((r) => setTimeout(r, 60));
    const writer = new SqliteStore(join(dir, 'hsmtrail.db'));
    const recorder = new EventRecorder({ accountId: ACCOUNT, defaultRegion: 'us-east-1' });
    const call = callRecord({
      requestId: 'followed',
      service: cloudhsm,
      principal: iamUser,
      operation: 'DeleteCluster',
      input: { ClusterId: 'x' },
      output: {},
    });
    await writer.write((tx) => recorder.record(call, tx));
    writer.close();
    for (let i = 0; i < 50 && !out.includes('"followed"'); i++) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await running;
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ requestID: 'followed', eventName: 'DeleteCluster' });
  });
});

describe('hsmtrail sql', () => {
  it('groups events by user and event name over the store', async () => {
    const out = await runSql(
      "SELECT useridentity.type AS type, coalesce(useridentity.username, '-') AS username, eventname, count(*) AS n FROM cloudtrail GROUP BY ALL ORDER BY ALL",
      { dataDir: dir, source: 'store', output: 'json' },
    );
    const rows = JSON.parse(out) as { type: string; username: string; eventname: string; n: number }[];
    const store = new SqliteStore(join(dir, 'hsmtrail.db'));
    const stored = allRecordTexts(store.db).map((r) => JSON.parse(r));
    store.close();
    const counts = new Map<string, number>();
    for (const r of stored) {
      const k = `${r.userIdentity.type}|${r.userIdentity.userName ?? '-'}|${r.eventName}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(new Map(rows.map((r) => [`${r.type}|${r.username}|${r.eventname}`, Number(r.n)]))).toEqual(counts);
  });

  it('exposes Athena columns: readonly as a string, JSON parameters, structs', async () => {
    const out = await runSql(
      "SELECT readonly, json_extract_string(requestparameters, '$.clusterId') AS cluster, resources[1].type AS rtype, recipientaccountid FROM cloudtrail WHERE eventname = 'CreateHsm' AND errorcode IS NULL LIMIT 1",
      { dataDir: dir, source: 'store', output: 'csv' },
    );
    expect(out).toMatch(
      new RegExp(`^readonly,cluster,rtype,recipientaccountid\\nfalse,cluster-\\d+,AWS::CloudHSM::Cluster,${ACCOUNT}\\n$`),
    );
  });

  it('reads delivered log files, skipping digests', async () => {
    const logs = join(dir, 'bucket', 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '01');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(logs, `${ACCOUNT}_CloudTrail_us-east-1_20260301T0000Z_abc.json.gz`),
      gzipSync(JSON.stringify({ Records: records.slice(0, 10) })),
    );
    writeFileSync(
      join(logs, `${ACCOUNT}_CloudTrail_us-east-1_20260301T0005Z_def.json.gz`),
      gzipSync(JSON.stringify({ Records: records.slice(10, 25) })),
    );
    const digests = join(dir, 'bucket', 'AWSLogs', ACCOUNT, 'CloudTrail-Digest', 'us-east-1', '2026', '03', '01');
    mkdirSync(digests, { recursive: true });
    writeFileSync(
      join(digests, `${ACCOUNT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T010000Z.json.gz`),
      gzipSync(JSON.stringify({ awsAccountId: ACCOUNT })),
    );
    const out = await runSql('SELECT count(*) AS n, count(DISTINCT eventid) AS ids, min(eventtime) AS first FROM cloudtrail', {
      source: 'files',
      fromDir: join(dir, 'bucket'),
      output: 'table',
    });
    expect(out.trim().split('\n')[1]).toMatch(new RegExp(`^25\\s+25\\s+${records[0]!.eventTime}$`));
  });
});
