import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isoSeconds } from '../deliver/time-format.js';
import { buildDigest, putDigest } from '../digest/digest-file.js';
import { generateSigningKey } from '../digest/signing-key.js';
import { MemoryObjectStore } from '../testing/memory-object-store.js';
import { deliverFixtureTrail, type DeliveredTrail } from '../testing/trail-fixture.js';
import { readAll } from './read-all.js';
import { startupText, summaryText } from './format.js';
import type { ValidationProgress } from './report.js';
import { validateLogs } from './validate-logs.js';

/**
 * Differential test against the real verifier: awscli's validation.py (CloudTrailValidateLogs._call)
 * runs over the same objects and public keys, and must print exactly what our report says.
 */
const ORACLE = fileURLToPath(new URL('../testing/awscli_oracle.py', import.meta.url));
const hasAwscli = spawnSync('python3', ['-c', 'import awscli.customizations.cloudtrail.validation']).status === 0;
const HOUR = 3600_000;
const start = new Date('2026-05-01T10:17:28Z');
const end = new Date(start.getTime() + 5 * HOUR);
const bucket = 'trail-bucket';
const prefix = 'audit';
const key = generateSigningKey();
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Tamper = (store: MemoryObjectStore, trail: DeliveredTrail) => Promise<void>;

async function compare(name: string, tamper: Tamper, logsPerHour = [2, 0, 1, 3, 0]) {
  const store = new MemoryObjectStore([bucket]);
  const trail = await deliverFixtureTrail({
    store,
    bucket,
    prefix,
    accountId: '111122223333',
    region: 'us-east-1',
    trailName: 'main',
    start,
    logsPerHour,
    key,
  });
  await tamper(store, trail);
  const events: ValidationProgress[] = [];
  const report = await validateLogs({
    store,
    trailArn: trail.trailArn,
    bucket,
    prefix,
    startTime: start,
    endTime: end,
    publicKeys: trail.publicKeys,
    onProgress: (e) => events.push(e),
  });
  const aws = await runAwscli(name, store, trail);
  const lines = events.filter((e): e is Exclude<ValidationProgress, { type: 'listed' }> => !('type' in e));
  expect(aws.stdout.split('\n').filter((l) => l.endsWith('\tvalid'))).toEqual(
    lines.filter((e) => e.kind !== 'gap' && e.valid).map((e) => e.line),
  );
  expect(aws.stderr.split('\n').filter(Boolean)).toEqual(lines.filter((e) => e.kind === 'gap' || !e.valid).map((e) => e.line));
  expect(aws.stdout.startsWith(startupText(report))).toBe(true);
  expect(aws.stdout.endsWith(summaryText(report))).toBe(true);
  expect(aws.exitCode).toBe(report.exitCode);
  return { report, aws, trail };
}

async function runAwscli(name: string, store: MemoryObjectStore, trail: DeliveredTrail) {
  const objects = [];
  for (const { key: k } of (await store.listObjects(bucket)).objects) {
    const object = await store.getObject(bucket, k);
    objects.push({ bucket, key: k, metadata: object.metadata, body: (await readAll(object.body)).toString('base64') });
  }
  const [pk] = await trail.publicKeys(start, end, 'us-east-1');
  const publicKeys = [
    {
      Fingerprint: pk!.fingerprint,
      Value: pk!.value.toString('base64'), // the JSON protocol's single base64 encoding of the blob
      ValidityStartTime: pk!.validityStart.getTime() / 1000,
      ValidityEndTime: pk!.validityEnd.getTime() / 1000,
    },
  ];
  const input = join(dir, `${name}.json`);
  writeFileSync(
    input,
    JSON.stringify({
      trailArn: trail.trailArn,
      bucket,
      prefix,
      startTime: isoSeconds(start),
      endTime: isoSeconds(end),
      objects,
      publicKeys,
    }),
  );
  // Asynchronous: a blocked event loop on a loaded machine starves vitest's worker RPC.
  const run = await promisify(execFile)('python3', [ORACLE, input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).catch((e) => {
    throw new Error(`awscli oracle failed: ${e.stderr ?? e.message}`);
  });
  return JSON.parse(run.stdout) as { stdout: string; stderr: string; exitCode: number; publicKeyCalls: string[][] };
}

if (!hasAwscli && process.env.CI === 'true') throw new Error('awscli must be importable by python3 under CI (the validate-logs oracle)');

describe.skipIf(!hasAwscli)('awscli validation.py agrees with validateLogs', () => {
  it('valid chain with empty hours', async () => {
    const { report, aws } = await compare('valid', async () => undefined);
    expect(aws.exitCode).toBe(0);
    expect(aws.stdout).toContain('\n5/5 digest files valid\n6/6 log files valid\n');
    expect(report.summary.logFiles.valid).toBe(6);
    expect(aws.publicKeyCalls).toEqual([[isoSeconds(start), isoSeconds(new Date(end.getTime() + 2 * HOUR))]]);
  });

  it('modified log file', async () => {
    const { aws } = await compare(
      'modified-log',
      async (store, t) => void (await store.putObject(bucket, t.logKeys[2]!, gzipSync('{"Records":[{}]}'))),
    );
    expect(aws.stderr).toContain("INVALID: hash value doesn't match");
  });

  it('deleted log file', async () => {
    const { aws } = await compare('deleted-log', (store, t) => store.deleteObject(bucket, t.logKeys[5]!));
    expect(aws.stderr).toContain('INVALID: not found');
  });

  it('deleted digest', async () => {
    const { aws } = await compare('deleted-digest', (store, t) => store.deleteObject(bucket, t.digests[2]!.s3Object));
    expect(aws.stdout).toContain('4/5 digest files valid, 1/5 digest files INVALID');
  });

  it('modified digest', async () => {
    const { aws } = await compare('modified-digest', async (store, t) => {
      const d = t.digests[3]!;
      const forged = d.json.toString('utf8').replace(d.document.logFiles[0]!.hashValue, '0'.repeat(64));
      await store.putObject(bucket, d.s3Object, gzipSync(forged), d.putOptions);
    });
    expect(aws.stderr).toContain('INVALID: signature verification failed');
  });

  it('digest with bad metadata, a non-gzip digest and a non-gzip log', async () => {
    const { aws } = await compare('bad-formats', async (store, t) => {
      const [a, b] = [t.digests[4]!, t.digests[1]!];
      await store.putObject(bucket, a.s3Object, a.gzipped, { metadata: { signature: a.signature } });
      await store.putObject(bucket, b.s3Object, b.json, b.putOptions);
      await store.putObject(bucket, t.logKeys[0]!, Buffer.from('not gzip'));
    });
    expect(aws.stderr).toContain('INVALID: invalid format');
    expect(aws.stderr).toContain('INVALID: signature verification failed');
  });

  it('non-hex signature metadata, a truncated log and a log with a second gzip member appended', async () => {
    const { aws, trail } = await compare('edge-bytes', async (store, t) => {
      const d = t.digests[2]!;
      await store.putObject(bucket, d.s3Object, d.gzipped, { metadata: { ...d.putOptions.metadata, signature: d.signature.slice(1) } });
      const truncated = store.rawBody(bucket, t.logKeys[0]!);
      await store.putObject(bucket, t.logKeys[0]!, truncated.subarray(0, truncated.length - 20));
      const appended = Buffer.concat([store.rawBody(bucket, t.logKeys[3]!), gzipSync('{"Records":[{"forged":true}]}')]);
      await store.putObject(bucket, t.logKeys[3]!, appended);
    });
    expect(aws.stderr).toContain('INVALID: Odd-length string');
    // zlib stops after the first member, so the verifier (and we) accept the appended bytes
    expect(aws.stdout).toContain(`Log file\ts3://${bucket}/${trail.logKeys[3]}\tvalid`);
  });

  it('chain restart (gap) and a backfill digest', async () => {
    const { aws } = await compare('gap-backfill', async (store, t) => {
      const chain = { prefix, accountId: '111122223333', region: 'us-east-1', trailName: 'main', homeRegion: 'us-east-1' };
      await store.deleteObject(bucket, t.digests[2]!.s3Object);
      const restart = buildDigest({
        chain,
        bucket,
        period: { start: new Date(start.getTime() + 2 * HOUR), end: new Date(start.getTime() + 3 * HOUR) },
        logFiles: [],
        previous: null,
        key,
      });
      await putDigest(store, restart); // hour 2 becomes a chain start, so the walk falls back to the listing
      const backfill = buildDigest({
        chain,
        bucket,
        period: { start, end: new Date(start.getTime() + HOUR) },
        logFiles: t.digests[0]!.document.logFiles,
        previous: null,
        key,
        backfill: { generatedAt: new Date(start.getTime() + 2 * HOUR) },
      });
      await putDigest(store, backfill);
    });
    expect(aws.stderr).toContain('No log files were delivered by CloudTrail between');
    expect(aws.stdout).toContain('(backfill) Digest file');
    expect(aws.stdout).toContain('\n1/1 backfill digest files valid');
  });
});
