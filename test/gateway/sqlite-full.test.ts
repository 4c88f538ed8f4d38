import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { recordS3DataEvents } from '../support/s3-data-events.js';
import { dataDirLayout } from '../../src/storage/data-dir.js';

/**
 * A real SQLITE_FULL in the middle of a call: SQLite's max_page_count makes the store "full" exactly as a
 * full disk does ("database or disk is full"), while the free-space check still sees plenty. The call
 * must answer the retryable 503, not a 500, and leave nothing behind: no row, no event, no blob file.
 */
describe('SQLITE_FULL mid-write', () => {
  let h: GatewayHarness;
  const cap = () => h.app.db.pragma(`max_page_count = ${h.app.db.pragma('page_count', { simple: true })}`);
  const uncap = () => h.app.db.pragma('max_page_count = 1073741823');
  // A fresh store per test: how full each table's last page is decides which insert fails first.
  beforeEach(async () => {
    h = await gatewayHarness();
  });
  afterEach(() => h?.close());

  it('IAM: each call is acknowledged with its event or refused 503 with nothing written', async () => {
    const iam = new IAMClient(h.clientConfig());
    cap();
    const outcomes: Array<{ name: string; ok: boolean; requestId?: string; code?: string; status?: number }> = [];
    try {
      for (let i = 0; i < 2000 && !outcomes.some((o) => !o.ok); i++) {
        const name = `user-${i}-${'x'.repeat(40)}`;
        await iam.send(new CreateUserCommand({ UserName: name })).then(
          (r) => outcomes.push({ name, ok: true, requestId: r.$metadata.requestId }),
          (e) => outcomes.push({ name, ok: false, code: e.name, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId }),
        );
      }
    } finally {
      uncap();
    }
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect(o).toMatchObject({ code: 'ServiceUnavailable', status: 503 });
      // Nothing of the call is written. Its refusal is recorded when that smaller write still fits (with the
      // records in their own table it can), and then only as the failure it was.
      const records = h.recordsFor(o.requestId!);
      expect(records.length).toBeLessThanOrEqual(1);
      for (const r of records) expect(r).toMatchObject({ errorCode: 'ServiceUnavailable', responseElements: null });
      expect((await iam.send(new GetUserCommand({ UserName: o.name })).catch((e) => e)).name).toBe('NoSuchEntityException');
    }
    for (const o of outcomes.filter((x) => x.ok)) expect(h.recordsFor(o.requestId!)).toHaveLength(1);
    // Space is back: the same call now succeeds.
    const again = await iam.send(new CreateUserCommand({ UserName: refused[0]!.name }));
    expect(h.recordsFor(again.$metadata.requestId!)).toHaveLength(1);
  });

  /** PutObject until the store is full; returns each key's outcome. */
  async function putUntilFull(bucket: string) {
    const s3 = new S3Client(h.clientConfig());
    const body = Buffer.alloc(64 * 1024, 7);
    cap();
    const outcomes: Array<{ key: string; ok: boolean; code?: string; status?: number; requestId?: string }> = [];
    try {
      for (let i = 0; i < 2000 && !outcomes.some((o) => !o.ok); i++) {
        const key = `k/${i}/${'y'.repeat(200)}`;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })).then(
          (r) => outcomes.push({ key, ok: true, requestId: r.$metadata.requestId }),
          (e) => outcomes.push({ key, ok: false, code: e.name, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId }),
        );
      }
    } finally {
      uncap();
    }
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'SlowDown', status: 503 });
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: refused[0]!.key })).catch((e) => e)).name).toBe('NoSuchKey');
    return outcomes;
  }

  /** Every blob file on disk belongs to a committed object, and no upload is left in tmp/. */
  function expectNoStrayBlobs(objects: number) {
    const buckets = dataDirLayout(h.app.config.dataDir).buckets;
    expect(readdirSync(join(buckets, 'tmp'))).toEqual([]);
    const referenced = new Set(h.app.db.prepare('SELECT blob_id FROM s3_objects').pluck().all() as string[]);
    const onDisk = readdirSync(join(buckets, 'blobs')).flatMap((d) => readdirSync(join(buckets, 'blobs', d)));
    expect(onDisk.sort()).toEqual([...referenced].sort());
    expect(referenced.size).toBe(objects);
  }

  it('S3: a PutObject whose row cannot be written leaves no staged or promoted blob', async () => {
    await new S3Client(h.clientConfig()).send(new CreateBucketCommand({ Bucket: 'full' }));
    const outcomes = await putUntilFull('full');
    expectNoStrayBlobs(outcomes.length - 1);
  });

  it('S3 with data events recorded: a failed audit write removes the blob already promoted', async () => {
    await recordS3DataEvents(h, ['audited']);
    await new S3Client(h.clientConfig()).send(new CreateBucketCommand({ Bucket: 'audited' }));
    const before = h.app.db.prepare('SELECT count(*) FROM s3_objects').pluck().get() as number;
    const outcomes = await putUntilFull('audited');
    expectNoStrayBlobs(before + outcomes.length - 1);
    // Each acknowledged put has its event; the refused one is recorded as refused when that still fits.
    for (const o of outcomes.filter((x) => x.ok))
      expect(h.recordsFor(o.requestId!)).toEqual([expect.not.objectContaining({ errorCode: expect.anything() })]);
    const refused = h.recordsFor(outcomes.at(-1)!.requestId!);
    expect(refused.length).toBeLessThanOrEqual(1);
    for (const r of refused) expect(r).toMatchObject({ eventName: 'PutObject', errorCode: 'SlowDown' });
  });
});
