import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { DeliveredFile, PlannedFile } from '../../src/audit/deliver/delivery-state.js';

const ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main';

const plan = (key: string, cursorAfter: number, region = 'us-east-1'): PlannedFile => ({
  trailArn: ARN,
  s3Key: key,
  region,
  s3Bucket: 'logs',
  deliveredAt: 1000 * cursorAfter,
  seqs: [cursorAfter - 1, cursorAfter],
  cursorAfter,
});

const delivered = (p: PlannedFile): DeliveredFile => ({
  trailArn: p.trailArn,
  s3Key: p.s3Key,
  region: p.region,
  s3Bucket: p.s3Bucket,
  sha256: 'ab'.repeat(32),
  oldestEventTime: '2026-03-07T09:00:00Z',
  newestEventTime: '2026-03-07T09:00:01Z',
  recordCount: 2,
  deliveredAt: p.deliveredAt,
});

contract('DeliveryRepository', (open) => {
  it('status: absent until updated; created with no failures; null clears a member', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.delivery.status(ARN))).toBeUndefined();
    await store.write((tx) => tx.delivery.updateStatus(ARN, {}));
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual({ failures: 0, nextAttemptAt: 0 });
    await store.write((tx) => tx.delivery.updateStatus(ARN, { latestDeliveryError: 'AccessDenied', failures: 2, nextAttemptAt: 9 }));
    await store.write((tx) => tx.delivery.updateStatus(ARN, { latestDeliveryError: null, latestDeliveryTime: 5 }));
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual({ failures: 2, nextAttemptAt: 9, latestDeliveryTime: 5 });
  });

  it('status: every member round-trips with its type (times are epoch ms, as GetTrailStatus reads them)', async () => {
    const store = await open();
    const full = {
      latestDeliveryTime: 1_764_633_600_000,
      latestDeliveryError: 'NoSuchBucket',
      latestDeliveryAttemptTime: 1_764_633_600_001,
      latestDeliveryAttemptSucceeded: 1_764_633_600_002,
      latestDigestDeliveryTime: 1_764_633_600_003,
      latestDigestDeliveryError: 'AccessDenied',
      failures: 3,
      nextAttemptAt: 1_764_633_660_000,
    };
    await store.write((tx) => tx.delivery.updateStatus(ARN, full));
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual(full);
  });

  it('status keeps the SNS notification members beside the delivery ones', async () => {
    const store = await open();
    const notified = { latestNotificationTime: 7, latestNotificationAttemptTime: 8, latestNotificationAttemptSucceeded: 7 };
    await store.write((tx) => tx.delivery.updateStatus(ARN, { ...notified, latestNotificationError: 'AuthorizationError' }));
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual({
      failures: 0,
      nextAttemptAt: 0,
      ...notified,
      latestNotificationError: 'AuthorizationError',
    });
    await store.write((tx) => tx.delivery.updateStatus(ARN, { latestNotificationError: null }));
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual({ failures: 0, nextAttemptAt: 0, ...notified });
  });

  it('plans are read back in cursor order; recording a delivery drops its plan and records the file once', async () => {
    const store = await open();
    const [late, early] = [plan('k2', 8), plan('k1', 4)];
    await store.write(async (tx) => {
      await tx.delivery.plan(late);
      await tx.delivery.plan(early);
    });
    expect(await store.read((tx) => tx.delivery.planned(ARN))).toEqual([early, late]);
    await store.write((tx) => tx.delivery.recordDelivered(early, delivered(early)));
    await store.write((tx) => tx.delivery.recordDelivered(early, { ...delivered(early), sha256: 'other' }));
    expect(await store.read((tx) => tx.delivery.planned(ARN))).toEqual([late]);
    expect(await store.read((tx) => tx.delivery.undigested(ARN, 'us-east-1', Number.MAX_SAFE_INTEGER))).toEqual([delivered(early)]);
  });

  it('undigested files by region and time until marked digested', async () => {
    const store = await open();
    const files = [plan('a', 2), plan('b', 4), plan('c', 6, 'eu-west-1')];
    await store.write(async (tx) => {
      for (const p of files) await tx.delivery.recordDelivered(p, delivered(p));
    });
    expect((await store.read((tx) => tx.delivery.regionsWithUndigested(ARN))).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect((await store.read((tx) => tx.delivery.undigested(ARN, 'us-east-1', 3000))).map((f) => f.s3Key)).toEqual(['a']);
    await store.write((tx) => tx.delivery.markDigested(ARN, ['a', 'b'], 'digest-1'));
    expect(await store.read((tx) => tx.delivery.undigested(ARN, 'us-east-1', 10_000))).toEqual([]);
    expect(await store.read((tx) => tx.delivery.regionsWithUndigested(ARN))).toEqual(['eu-west-1']);
  });

  it('forget drops status and plans; delivered files stay', async () => {
    const store = await open();
    const p = plan('a', 2);
    await store.write(async (tx) => {
      await tx.delivery.updateStatus(ARN, { failures: 1 });
      await tx.delivery.plan(plan('b', 4));
      await tx.delivery.recordDelivered(p, delivered(p));
      await tx.delivery.forget(ARN);
    });
    expect(await store.read((tx) => tx.delivery.status(ARN))).toBeUndefined();
    expect(await store.read((tx) => tx.delivery.planned(ARN))).toEqual([]);
    expect(await store.read((tx) => tx.delivery.undigested(ARN, 'us-east-1', 10_000))).toHaveLength(1);
  });

  it('a plan made in a failed write is not kept', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.delivery.plan(plan('a', 2));
        throw new Error('scan failed');
      }),
    ).rejects.toThrow('scan failed');
    expect(await store.read((tx) => tx.delivery.planned(ARN))).toEqual([]);
  });
});
