import { createPublicKey } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoSeconds } from '../deliver/time-format.js';
import { buildDigest, putDigest } from '../digest/digest-file.js';
import { generateSigningKey, listPublicKeysValue, type SigningKey } from '../digest/signing-key.js';
import { MemoryObjectStore } from '../testing/memory-object-store.js';
import { deliverFixtureTrail, type DeliveredTrail } from '../testing/trail-fixture.js';
import type { ValidationProgress } from './report.js';
import { validateLogs } from './validate-logs.js';

const HOUR = 3600_000;
const start = new Date('2026-05-01T10:17:28Z');
const end = new Date(start.getTime() + 5 * HOUR);
const bucket = 'trail-bucket';
let key: SigningKey;
beforeAll(() => {
  key = generateSigningKey();
});

async function scenario(logsPerHour = [2, 0, 1, 3, 0], prefix: string | undefined = 'audit') {
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
  const run = (extra: Partial<Parameters<typeof validateLogs>[0]> = {}) =>
    validateLogs({
      store,
      trailArn: trail.trailArn,
      bucket,
      prefix,
      startTime: start,
      endTime: end,
      publicKeys: trail.publicKeys,
      ...extra,
    });
  return { store, trail, run };
}

const uri = (k: string) => `s3://${bucket}/${k}`;
const digestKeys = (t: DeliveredTrail) => t.digests.map((d) => d.s3Object);

describe('validateLogs on an untouched trail', () => {
  it('finds every digest (empty hours included) and log file valid', async () => {
    const { trail, run } = await scenario();
    const progress: ValidationProgress[] = [];
    const report = await run({ onProgress: (e) => progress.push(e) });
    expect(report.summary).toEqual({
      digests: { valid: 5, invalid: 0, total: 5 },
      backfillDigests: { valid: 0, invalid: 0, total: 0 },
      logFiles: { valid: 6, invalid: 0, total: 6 },
    });
    expect(report.exitCode).toBe(0);
    expect(report.problems).toEqual([]);
    expect(report.digests.map((d) => d.key)).toEqual(digestKeys(trail).reverse()); // newest first
    expect(new Set(report.logFiles.map((l) => l.key))).toEqual(new Set(trail.logKeys));
    expect(report.foundStart).toBe(isoSeconds(start));
    expect(report.foundEnd).toBe(isoSeconds(end));
    expect(report.digests[0]!.line).toBe(`Digest file\t${uri(trail.digests[4]!.s3Object)}\tvalid`);
    expect(progress[0]).toEqual({ type: 'listed', region: 'us-east-1', backfill: false, digestCount: 5 });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('only reports digests inside the requested window', async () => {
    const { run } = await scenario();
    const report = await run({ startTime: new Date(start.getTime() + 3 * HOUR) });
    // awscli keeps going while start <= the last digest start: hours 3 and 4 plus hour 2 whose start is before the window.
    expect(report.summary.digests).toEqual({ valid: 3, invalid: 0, total: 3 });
  });

  it('pages through ListObjects results', async () => {
    const { store, trail } = await scenario();
    const paged = Object.create(store) as MemoryObjectStore;
    paged.listObjects = (b, opts) => store.listObjects(b, { ...opts, maxKeys: 2 });
    const report = await validateLogs({
      store: paged,
      trailArn: trail.trailArn,
      bucket,
      prefix: 'audit',
      startTime: start,
      endTime: end,
      publicKeys: trail.publicKeys,
    });
    expect(report.summary.digests.valid).toBe(5);
  });
});

describe('validateLogs after tampering', () => {
  it('reports a modified log file as a hash mismatch', async () => {
    const { store, trail, run } = await scenario();
    const target = trail.logKeys[3]!;
    await store.putObject(bucket, target, gzipSync('{"Records":[]}'));
    const report = await run();
    expect(report.summary.logFiles).toEqual({ valid: 5, invalid: 1, total: 6 });
    expect(report.problems).toEqual([{ file: 'log', uri: uri(target), reason: "hash value doesn't match", category: 'modified' }]);
    expect(report.logFiles.find((l) => !l.valid)!.line).toBe(`Log file\t${uri(target)}\tINVALID: hash value doesn't match`);
    expect(report.exitCode).toBe(1);
  });

  it('reports a deleted log file as not found', async () => {
    const { store, trail, run } = await scenario();
    await store.deleteObject(bucket, trail.logKeys[0]!);
    const report = await run();
    expect(report.problems).toEqual([{ file: 'log', uri: uri(trail.logKeys[0]!), reason: 'not found', category: 'deleted' }]);
    expect(report.summary.digests.invalid).toBe(0);
  });

  it('reports a deleted digest as not found and continues with the next older digest', async () => {
    const { store, trail, run } = await scenario();
    const deleted = trail.digests[2]!;
    await store.deleteObject(bucket, deleted.s3Object);
    const report = await run();
    expect(report.problems).toEqual([{ file: 'digest', uri: uri(deleted.s3Object), reason: 'not found', category: 'deleted' }]);
    expect(report.summary.digests).toEqual({ valid: 4, invalid: 1, total: 5 });
    expect(report.summary.logFiles).toEqual({ valid: 5, invalid: 0, total: 5 }); // its own log is no longer listed
  });

  it('reports a modified digest as a signature failure', async () => {
    const { store, trail, run } = await scenario();
    const target = trail.digests[1]!;
    const forged = Buffer.from(target.json.toString('utf8').replace('"logFiles":[]', '"logFiles":[ ]'));
    await store.putObject(bucket, target.s3Object, gzipSync(forged), target.putOptions);
    const report = await run();
    expect(report.problems).toEqual([
      { file: 'digest', uri: uri(target.s3Object), reason: 'signature verification failed', category: 'modified' },
    ]);
    expect(report.summary.digests).toEqual({ valid: 4, invalid: 1, total: 5 });
  });

  it('reports a digest stored without signature metadata, or not gzip, like awscli', async () => {
    const { store, trail, run } = await scenario();
    const [a, b] = [trail.digests[3]!, trail.digests[4]!];
    await store.putObject(bucket, a.s3Object, a.gzipped, { metadata: { Signature: a.signature } });
    await store.putObject(bucket, b.s3Object, b.json, b.putOptions);
    const report = await run();
    expect(report.digests.filter((d) => !d.valid).map((d) => [d.key, d.reason])).toEqual([
      [b.s3Object, 'invalid format'],
      [a.s3Object, 'signature verification failed'],
    ]);
  });

  it('reports digests signed by an unknown key', async () => {
    const { trail, run } = await scenario([1]);
    const other = generateSigningKey();
    const publicKeys = async () => [
      { fingerprint: other.fingerprint, value: listPublicKeysValue(other), validityStart: start, validityEnd: end },
    ];
    const report = await run({ publicKeys });
    expect(report.digests[0]!.reason).toBe(`public key not found in region us-east-1 for fingerprint ${trail.key.fingerprint}`);
  });

  it('rejects a public key published as SubjectPublicKeyInfo instead of PKCS#1', async () => {
    const { trail, run } = await scenario([1]);
    const spki = createPublicKey({ key: trail.key.publicKeyDer, format: 'der', type: 'pkcs1' }).export({ type: 'spki', format: 'der' });
    const publicKeys = async () => [{ fingerprint: trail.key.fingerprint, value: spki, validityStart: start, validityEnd: end }];
    const report = await run({ publicKeys });
    expect(report.digests[0]!.reason).toBe(`Unable to load PKCS #1 key with fingerprint ${trail.key.fingerprint}`);
  });

  it('fails the run when no public keys exist for the range', async () => {
    const { run } = await scenario([1]);
    await expect(run({ publicKeys: async () => [] })).rejects.toThrow(/^No public keys found between 2026-05-01T10:17:28Z and/);
  });
});

describe('validateLogs on chain restarts and backfill', () => {
  it('notes a gap between two chains', async () => {
    const store = new MemoryObjectStore([bucket]);
    const base = { store, bucket, accountId: '111122223333', region: 'us-east-1', trailName: 'main', key };
    const first = await deliverFixtureTrail({ ...base, start, logsPerHour: [1, 1] });
    await deliverFixtureTrail({ ...base, start: new Date(start.getTime() + 3 * HOUR), logsPerHour: [1] });
    const report = await validateLogs({
      store,
      trailArn: first.trailArn,
      bucket,
      startTime: start,
      endTime: end,
      publicKeys: first.publicKeys,
    });
    expect(report.summary.digests).toEqual({ valid: 3, invalid: 0, total: 3 });
    expect(report.gaps.map((g) => g.line)).toEqual([
      `No log files were delivered by CloudTrail between ${isoSeconds(new Date(start.getTime() + 2 * HOUR))} and ${isoSeconds(new Date(start.getTime() + 3 * HOUR))}`,
    ]);
  });

  it('validates backfill digests in their own pass, fetching keys around the generation time', async () => {
    const { store, trail, run } = await scenario([1, 1]);
    const chain = { prefix: 'audit', accountId: '111122223333', region: 'us-east-1', trailName: 'main', homeRegion: 'us-east-1' };
    const backfill = buildDigest({
      chain,
      bucket,
      period: { start, end: new Date(start.getTime() + HOUR) },
      logFiles: trail.digests[0]!.document.logFiles,
      previous: null,
      key,
      backfill: { generatedAt: new Date(start.getTime() + 2 * HOUR) },
    });
    await putDigest(store, backfill);
    const calls: string[] = [];
    const report = await run({
      publicKeys: async (s, e, r) => (calls.push(`${isoSeconds(s)} ${isoSeconds(e)} ${r}`), trail.publicKeys(s, e, r)),
    });
    expect(report.summary.backfillDigests).toEqual({ valid: 1, invalid: 0, total: 1 });
    expect(report.digests.at(-1)!.line).toBe(`(backfill) Digest file\t${uri(backfill.s3Object)}\tvalid`);
    expect(calls).toEqual([
      `${isoSeconds(start)} ${isoSeconds(new Date(end.getTime() + 2 * HOUR))} us-east-1`,
      `${isoSeconds(new Date(start.getTime() + HOUR))} ${isoSeconds(new Date(start.getTime() + 3 * HOUR))} us-east-1`,
    ]);
  });
});
