import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { TrailRecord } from '../../src/audit/trails/trail.js';

const ACCOUNT = '111122223333';
const arn = (region: string, name: string, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

const trail = (region: string, name: string, over: Partial<TrailRecord> = {}): TrailRecord => ({
  arn: arn(region, name, over.accountId),
  accountId: ACCOUNT,
  name,
  homeRegion: region,
  s3BucketName: 'logs',
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: false,
  logFileValidationEnabled: false,
  isOrganizationTrail: false,
  selectors: null,
  isLogging: false,
  originSeq: 0,
  createdAt: Date.UTC(2026, 0, 1),
  ...over,
});

contract('TrailRepository', (open) => {
  it('stores a trail with every member and reads it back; an unknown ARN is undefined', async () => {
    const store = await open();
    const t = trail('us-east-1', 'main', {
      s3KeyPrefix: 'p',
      logFileValidationEnabled: true,
      isLogging: true,
      startLoggingTime: 5,
      originSeq: 42,
      selectors: { kind: 'advanced', selectors: [{ Name: 's', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] },
    });
    await store.write((tx) => tx.trails.insert(t));
    const got = await store.read((tx) => tx.trails.get(t.arn));
    expect(got).toEqual({
      ...t,
      snsTopicName: undefined,
      cloudWatchLogsLogGroupArn: undefined,
      cloudWatchLogsRoleArn: undefined,
      kmsKeyId: undefined,
      stopLoggingTime: undefined,
    });
    expect(await store.read((tx) => tx.trails.get(arn('us-east-1', 'other')))).toBeUndefined();
  });

  it('refuses a second trail with the same ARN', async () => {
    const store = await open();
    await store.write((tx) => tx.trails.insert(trail('us-east-1', 'main')));
    await expect(store.write((tx) => tx.trails.insert(trail('us-east-1', 'main', { s3BucketName: 'x' })))).rejects.toThrow();
    expect((await store.read((tx) => tx.trails.get(arn('us-east-1', 'main'))))!.s3BucketName).toBe('logs');
  });

  it('lists a region: home trails by name, then shadows of multi-region trails; the account by home region', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.trails.insert(trail('us-east-1', 'zeta'));
      await tx.trails.insert(trail('us-east-1', 'alpha'));
      await tx.trails.insert(trail('eu-west-1', 'multi', { isMultiRegionTrail: true }));
      await tx.trails.insert(trail('eu-west-1', 'single'));
      await tx.trails.insert(trail('us-east-1', 'foreign', { accountId: '999999999999' }));
    });
    const names = (ts: TrailRecord[]) => ts.map((t) => t.name);
    expect(names(await store.read((tx) => tx.trails.inRegion(ACCOUNT, 'us-east-1', true)))).toEqual(['alpha', 'zeta', 'multi']);
    expect(names(await store.read((tx) => tx.trails.inRegion(ACCOUNT, 'us-east-1', false)))).toEqual(['alpha', 'zeta']);
    expect(names(await store.read((tx) => tx.trails.ofAccount(ACCOUNT)))).toEqual(['multi', 'single', 'alpha', 'zeta']);
    expect(await store.read((tx) => tx.trails.all())).toHaveLength(5);
  });

  it('lists only logging trails with custom selectors for data-event interest', async () => {
    const store = await open();
    const selectors = { kind: 'basic' as const, selectors: [{ ReadWriteType: 'All' as const }] };
    await store.write(async (tx) => {
      await tx.trails.insert(trail('us-east-1', 'logging', { isLogging: true, selectors }));
      await tx.trails.insert(trail('us-east-1', 'stopped', { selectors }));
      await tx.trails.insert(trail('us-east-1', 'default', { isLogging: true }));
    });
    expect((await store.read((tx) => tx.trails.loggingWithSelectors())).map((t) => t.name)).toEqual(['logging']);
  });

  it('updates, and deletes with intervals and tags', async () => {
    const store = await open();
    const t = trail('us-east-1', 'main');
    await store.write(async (tx) => {
      await tx.trails.insert(t);
      await tx.trails.update({ ...t, isLogging: true, s3KeyPrefix: 'new' });
      await tx.trails.startInterval(t.arn, 1000, 7);
      await tx.trails.putTags(t.arn, [{ key: 'k', value: 'v' }]);
    });
    expect(await store.read((tx) => tx.trails.get(t.arn))).toMatchObject({ isLogging: true, s3KeyPrefix: 'new' });
    await store.write((tx) => tx.trails.delete(t.arn));
    expect(await store.read((tx) => tx.trails.get(t.arn))).toBeUndefined();
    expect(await store.read((tx) => tx.trails.intervals(t.arn))).toEqual([]);
    expect(await store.read((tx) => tx.trails.tags(t.arn))).toEqual([]);
  });

  it('logging intervals: open, close by seq and time, oldest first; a duplicate start is ignored', async () => {
    const store = await open();
    const a = arn('us-east-1', 'main');
    await store.write(async (tx) => {
      await tx.trails.startInterval(a, 1000, 3);
      await tx.trails.startInterval(a, 1000, 4);
      await tx.trails.stopInterval(a, 2000, 9);
      await tx.trails.startInterval(a, 3000);
    });
    expect(await store.read((tx) => tx.trails.intervals(a))).toEqual([
      { start: 1000, stop: 2000, startSeq: 3, stopSeq: 9 },
      { start: 3000, stop: undefined, startSeq: undefined, stopSeq: undefined },
    ]);
  });

  it('tags: upsert counts, removal by key or by matching value, listed by key', async () => {
    const store = await open();
    const a = arn('us-east-1', 'main');
    expect(
      await store.write((tx) =>
        tx.trails.putTags(a, [
          { key: 'b', value: '1' },
          { key: 'a', value: '' },
        ]),
      ),
    ).toBe(2);
    expect(await store.write((tx) => tx.trails.putTags(a, [{ key: 'b', value: '2' }]))).toBe(2);
    expect(await store.read((tx) => tx.trails.tags(a))).toEqual([
      { key: 'a', value: '' },
      { key: 'b', value: '2' },
    ]);
    await store.write((tx) => tx.trails.removeTags(a, [{ key: 'b', value: 'wrong' }, { key: 'a' }]));
    expect(await store.read((tx) => tx.trails.tags(a))).toEqual([{ key: 'b', value: '2' }]);
  });

  it('a failed write leaves no trail behind', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.trails.insert(trail('us-east-1', 'main'));
        await tx.trails.putTags(arn('us-east-1', 'main'), [{ key: 'k', value: 'v' }]);
        throw new Error('TagsLimitExceeded');
      }),
    ).rejects.toThrow('TagsLimitExceeded');
    expect(await store.read((tx) => tx.trails.all())).toEqual([]);
    expect(await store.read((tx) => tx.trails.tags(arn('us-east-1', 'main')))).toEqual([]);
  });
});
