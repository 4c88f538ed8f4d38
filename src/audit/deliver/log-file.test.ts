import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../testing/memory-object-store.js';
import { buildLogFile, logFileKey, putLogFile } from './log-file.js';
import { minuteStamp, secondStamp } from './time-format.js';
import { deterministicUniqueId } from './unique-id.js';

describe('logFileKey', () => {
  const time = new Date('2026-03-07T09:05:59.999Z');

  it('builds CloudTrail’s layout with the delivery date folder and minute stamp', () => {
    expect(logFileKey({ accountId: '111122223333', region: 'eu-west-1', time, uniqueId: 'Ab3dEf6hIj9lMn0p' })).toBe(
      'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/07/111122223333_CloudTrail_eu-west-1_20260307T0905Z_Ab3dEf6hIj9lMn0p.json.gz',
    );
  });

  it('adds the prefix and the organization id', () => {
    const key = logFileKey({
      prefix: 'audit/hsm',
      organizationId: 'o-abc123def4',
      accountId: '111122223333',
      region: 'us-east-1',
      time,
      uniqueId: 'A'.repeat(16),
    });
    expect(key).toBe(
      `audit/hsm/AWSLogs/o-abc123def4/111122223333/CloudTrail/us-east-1/2026/03/07/111122223333_CloudTrail_us-east-1_20260307T0905Z_${'A'.repeat(16)}.json.gz`,
    );
  });

  it('rejects unique ids that are not 16 alphanumerics', () => {
    expect(() => logFileKey({ accountId: '111122223333', region: 'us-east-1', time, uniqueId: 'short' })).toThrow(/16 alphanumerics/);
  });
});

describe('time stamps', () => {
  it('uses minutes for log files and fixed 16 characters for digests', () => {
    const t = new Date('2026-12-31T23:59:58.400Z');
    expect(minuteStamp(t)).toBe('20261231T2359Z');
    expect(secondStamp(t)).toBe('20261231T235958Z');
    expect(secondStamp(new Date('2026-01-01T00:00:00Z'))).toHaveLength(16);
  });
});

describe('deterministicUniqueId', () => {
  const arn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main';
  it('is 16 alphanumerics and stable for the same batch', () => {
    const id = deterministicUniqueId(arn, 10, 20);
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(deterministicUniqueId(arn, 10, 20)).toBe(id);
  });
  it('differs across batches and trails', () => {
    const ids = new Set([
      deterministicUniqueId(arn, 10, 20),
      deterministicUniqueId(arn, 10, 21),
      deterministicUniqueId(arn + 'x', 10, 20),
      deterministicUniqueId(arn, 1, 1020),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('buildLogFile', () => {
  const records = [
    { eventTime: '2026-03-07T09:01:00Z', eventName: 'B' },
    { eventTime: '2026-03-07T08:59:30Z', eventName: 'A', nested: { ü: 'é' } },
    { eventTime: '2026-03-07T09:02:10Z', eventName: 'C' },
  ];

  it('gzips compact {"Records":[...]} JSON and hashes the uncompressed bytes', () => {
    const file = buildLogFile(records);
    const json = gunzipSync(file.gzipped);
    expect(json.toString('utf8')).toBe(JSON.stringify({ Records: records }));
    expect(json.toString('utf8')).not.toMatch(/\s/);
    expect(file.sha256Hex).toBe(createHash('sha256').update(json).digest('hex'));
    expect(file.sha256Hex).not.toBe(createHash('sha256').update(file.gzipped).digest('hex'));
    expect(file.recordCount).toBe(3);
  });

  it('reports the oldest and newest eventTime', () => {
    const file = buildLogFile(records);
    expect(file.oldestEventTime).toBe('2026-03-07T08:59:30Z');
    expect(file.newestEventTime).toBe('2026-03-07T09:02:10Z');
  });

  it('writes exactly one gzip member', () => {
    const gz = buildLogFile(records).gzipped;
    const second = gz.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 3);
    expect(second).toBe(-1);
  });

  it('refuses empty files and records without eventTime', () => {
    expect(() => buildLogFile([])).toThrow();
    expect(() => buildLogFile([{ eventName: 'X' }])).toThrow(/eventTime/);
  });

  it('stores log files with CloudTrail’s Content-Type and Content-Encoding', async () => {
    const store = new MemoryObjectStore(['b']);
    await putLogFile(store, 'b', 'k.json.gz', buildLogFile(records));
    const head = await store.headObject('b', 'k.json.gz');
    expect(head.contentType).toBe('application/json');
    expect(head.contentEncoding).toBe('gzip');
  });
});

describe('buildLogFileFromStored', () => {
  it('produces byte-identical files to buildLogFile for the same records', async () => {
    const { buildLogFile, buildLogFileFromStored } = await import('./log-file.js');
    const records = [
      { eventVersion: '1.11', eventTime: '2026-01-02T03:04:06Z', eventName: 'B', requestParameters: { a: [1, 'é'] } },
      { eventVersion: '1.11', eventTime: '2026-01-02T03:04:05Z', eventName: 'A', responseElements: null },
    ];
    const fromObjects = buildLogFile(records);
    const fromStored = buildLogFileFromStored(records.map((r) => ({ record: JSON.stringify(r), eventTime: new Date(r.eventTime) })));
    expect(fromStored.sha256Hex).toBe(fromObjects.sha256Hex);
    expect(fromStored.gzipped.equals(fromObjects.gzipped)).toBe(true);
    expect([fromStored.oldestEventTime, fromStored.newestEventTime]).toEqual(['2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z']);
  });
});
