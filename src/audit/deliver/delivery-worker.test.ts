import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { validateLogs } from '../validate/validate-logs.js';
import type { PublicKeySource } from '../validate/traverser.js';
import { DeliveryPipeline } from './pipeline.js';
import { ACCOUNT, harness, type Harness } from './test-support.js';

const MINUTE = 60_000;
const HOUR = 3600_000;

function pipeline(h: Harness, extra: Partial<ConstructorParameters<typeof DeliveryPipeline>[0]> = {}) {
  return new DeliveryPipeline({
    store: h.storage,
    objects: h.store,
    keyRing: h.keyRing,
    clock: h.clock.now,
    ...extra,
  });
}

async function createTrail(h: Harness, input: Record<string, unknown> = {}) {
  const out = await h.call<{ TrailARN: string }>('CreateTrail', {
    Name: 'main',
    S3BucketName: 'logs',
    EnableLogFileValidation: true,
    ...input,
  });
  await h.call('StartLogging', { Name: 'main' });
  return out.TrailARN;
}

async function logKeys(h: Harness, bucket = 'logs'): Promise<string[]> {
  const page = await h.store.listObjects(bucket, { prefix: `AWSLogs/${ACCOUNT}/CloudTrail/` });
  return page.objects.map((o) => o.key);
}

async function deliveredIds(h: Harness): Promise<string[]> {
  const ids: string[] = [];
  for (const key of await logKeys(h)) {
    const doc = JSON.parse(gunzipSync(h.store.rawBody('logs', key)).toString('utf8')) as { Records: Array<{ eventID: string }> };
    ids.push(...doc.Records.map((r) => r.eventID));
  }
  return ids.sort();
}

function keysFromRing(h: Harness): PublicKeySource {
  return async (start, end, region) =>
    (await h.storage.read((tx) => h.keyRing.list(tx, region, start, end))).map((k) => ({
      fingerprint: k.fingerprint,
      value: k.publicKeyDer,
      validityStart: k.validityStart,
      validityEnd: k.validityEnd,
    }));
}

describe('DeliveryPipeline', () => {
  it('delivers two regions over several hours with chained digests that validate, each event exactly once', async () => {
    const h = harness();
    const start = h.clock.ms;
    const arn = await createTrail(h, { IsMultiRegionTrail: true });
    const p = pipeline(h);
    const ids: string[] = [];
    for (let step = 0; step < 4 * 12; step++) {
      if (step % 7 !== 3) ids.push(h.record({ region: step % 2 ? 'eu-west-1' : 'us-east-1', readOnly: step % 3 === 0 }));
      if (step >= 12 && step < 24)
        h.clock.advance(5 * MINUTE); // hour 2: idle hour, empty digests
      else {
        h.clock.advance(5 * MINUTE);
        await p.tick();
      }
    }
    await p.flush('main');
    expect(await deliveredIds(h)).toEqual([...ids].sort());
    const report = await validateLogs({
      store: h.store,
      trailArn: arn,
      bucket: 'logs',
      regions: ['us-east-1', 'eu-west-1'],
      startTime: new Date(start - HOUR),
      endTime: h.clock.now(),
      publicKeys: keysFromRing(h),
    });
    expect(report.exitCode).toBe(0);
    expect(report.summary.digests.total).toBeGreaterThanOrEqual(8);
    expect(report.summary.digests.invalid).toBe(0);
    expect(report.summary.logFiles.valid).toBe((await logKeys(h)).length);
    expect(report.gaps).toEqual([]);
    const status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestDigestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestDeliveryError).toBeUndefined();
  });

  it('retries a batch whose commit never happened at the same key, without duplicating events', async () => {
    const h = harness();
    await createTrail(h);
    let crash = true;
    const p = pipeline(h, {
      delivery: { backoffBaseMs: 0 },
      afterPut: () => {
        if (crash) throw new Error('crash after put');
      },
    });
    const worker = p.delivery;
    const ids = [h.record({}), h.record({}), h.record({})];
    h.clock.advance(MINUTE);
    const first = await worker.runOnce();
    expect(first.failures).toHaveLength(1);
    const keysAfterCrash = await logKeys(h);
    expect(keysAfterCrash).toHaveLength(1);
    // The first put built the file from the events its plan was made from, the retry from the log read again.
    const firstBody = Buffer.from(h.store.rawBody('logs', keysAfterCrash[0]!));
    crash = false;
    ids.push(h.record({}));
    h.clock.advance(3 * MINUTE);
    await worker.runOnce();
    const keys = await logKeys(h);
    expect(keys).toContain(keysAfterCrash[0]);
    expect(h.store.rawBody('logs', keysAfterCrash[0]!).equals(firstBody)).toBe(true);
    expect(keys).toHaveLength(2);
    expect(await deliveredIds(h)).toEqual([...ids].sort());
  });

  it('keeps events while the bucket is unreachable, reports the error, and catches up', async () => {
    const h = harness();
    h.store.createBucket('later');
    await createTrail(h, { S3BucketName: 'later' });
    const p = pipeline(h, { delivery: { backoffBaseMs: MINUTE } });
    (h.store as any).buckets.delete('later');
    const ids = [h.record({}), h.record({ region: 'us-east-1', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' })];
    h.clock.advance(MINUTE);
    const run = await p.delivery.runOnce();
    expect(run.failures).toEqual([{ trailArn: expect.any(String), error: 'NoSuchBucket' }]);
    let status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status.LatestDeliveryError).toBe('NoSuchBucket');
    expect(status.LatestDeliveryAttemptTime).toBe('2026-03-07T09:01:00Z');
    expect(status.LatestDeliveryAttemptSucceeded).toBe('');
    expect((await p.delivery.runOnce()).delivered).toEqual([]); // backing off
    h.store.createBucket('later');
    ids.push(h.record({}));
    h.clock.advance(2 * MINUTE);
    await p.delivery.runOnce();
    status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status.LatestDeliveryError).toBeUndefined();
    const page = await h.store.listObjects('later');
    const delivered = page.objects.flatMap((o) =>
      JSON.parse(gunzipSync(h.store.rawBody('later', o.key)).toString()).Records.map((r: any) => r.eventID),
    );
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it('delivers events up to StopLogging, none while stopped, and starts a new chain after StartLogging', async () => {
    const h = harness();
    const arn = await createTrail(h);
    const p = pipeline(h);
    const before = h.record({});
    h.clock.advance(MINUTE);
    await h.call('StopLogging', { Name: 'main' });
    const stopEvent = h.record({ eventName: 'StopLogging', readOnly: false }); // the gateway records the call itself
    h.record({}); // same second, but after StopLogging: not delivered
    h.clock.advance(MINUTE);
    h.record({});
    await p.tick();
    expect(await deliveredIds(h)).toEqual([before, stopEvent].sort());
    const digests = (await h.store.listObjects('logs', { prefix: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/` })).objects;
    expect(digests.length).toBe(1); // the final digest (us-east-1 home region)
    h.clock.advance(10 * MINUTE);
    await h.call('StartLogging', { Name: 'main' });
    const startEvent = h.record({ eventName: 'StartLogging', readOnly: false });
    const after = h.record({});
    h.clock.advance(HOUR);
    await p.tick();
    expect(await deliveredIds(h)).toEqual([before, stopEvent, startEvent, after].sort());
    const report = await validateLogs({
      store: h.store,
      trailArn: arn,
      bucket: 'logs',
      startTime: new Date(h.clock.ms - 3 * HOUR),
      endTime: h.clock.now(),
      publicKeys: keysFromRing(h),
    });
    expect(report.exitCode).toBe(0);
    expect(report.gaps).toHaveLength(1); // the stopped period is a chain break
    const status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status.IsLogging).toBe(true);
    expect(status.TimeLoggingStopped).toBe('');
  });

  it('selects events by region scope and event selectors', async () => {
    const h = harness();
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' }, { region: 'eu-west-1' });
    await h.call('StartLogging', { Name: 'main' }, { region: 'eu-west-1' });
    await h.call(
      'PutEventSelectors',
      {
        TrailName: 'main',
        EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::data/hot/'] }] }],
      },
      { region: 'eu-west-1' },
    );
    const p = pipeline(h);
    const wanted = [
      h.record({ region: 'eu-west-1', readOnly: false, eventName: 'CreateCluster' }),
      h.record({ region: 'us-east-1', eventSource: 'iam.amazonaws.com', readOnly: false, eventName: 'CreateUser' }),
      h.record({
        region: 'eu-west-1',
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObject',
        readOnly: false,
        dataResourceArn: 'arn:aws:s3:::data/hot/a.txt',
      }),
    ];
    h.record({ region: 'eu-west-1', readOnly: true }); // read-only: WriteOnly selector
    h.record({ region: 'us-west-2', readOnly: false }); // other region
    h.record({
      region: 'eu-west-1',
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      readOnly: false,
      dataResourceArn: 'arn:aws:s3:::data/cold/b',
    });
    h.clock.advance(MINUTE);
    await p.delivery.runOnce();
    expect(await deliveredIds(h)).toEqual(wanted.sort());
    expect((await logKeys(h)).map((k) => k.split('/')[3]).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });
});
