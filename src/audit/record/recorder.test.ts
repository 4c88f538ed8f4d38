import { afterEach, describe, it, expect } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { EventRecorder } from './recorder.js';
import { ACCOUNT, callRecord, cloudhsm, iamUser, root, s3 } from './test-fixtures.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup(wants = false) {
  const store = new SqliteStore(':memory:');
  stores.push(store);
  const asked: unknown[] = [];
  const recorder = new EventRecorder({
    accountId: ACCOUNT,
    defaultRegion: 'us-east-1',
    clock: () => new Date('2026-01-02T03:04:05.900Z'),
    dataEvents: { wants: async (e) => (asked.push(e), wants) },
  });
  const events = {
    readAfter: (seq: number, limit: number) => store.read((tx) => tx.events.readAfter(seq, limit)),
    lastSeq: () => store.read((tx) => tx.events.lastSeq()),
  };
  return { store, db: store.db, events, recorder, asked };
}

describe('EventRecorder', () => {
  it('appends management events with their lookup columns, in seq order', async () => {
    const { store, db, events, recorder } = setup();
    await store.write((tx) =>
      recorder.record(
        callRecord({
          service: cloudhsm,
          principal: iamUser,
          operation: 'CreateHsm',
          input: { ClusterId: 'c', AvailabilityZone: 'a' },
          output: {},
        }),
        tx,
      ),
    );
    await store.write((tx) =>
      recorder.record(callRecord({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {}, output: {} }), tx),
    );
    const all = await events.readAfter(0, 10);
    expect(all.map((e) => [e.seq, e.eventName, e.readOnly, e.eventCategory])).toEqual([
      [1, 'CreateHsm', false, 'Management'],
      [2, 'DescribeClusters', true, 'Management'],
    ]);
    expect(all[0]!.eventTime.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(JSON.parse(all[0]!.record).eventID).toBe(all[0]!.eventId);
    expect(await events.lastSeq()).toBe(2);
    expect((await events.readAfter(1, 10)).map((e) => e.seq)).toEqual([2]);
    expect(db.prepare('SELECT username, access_key_id, source_ip FROM events WHERE seq = 1').get()).toEqual({
      username: 'alice',
      access_key_id: 'AKIAEXAMPLEALICE0000',
      source_ip: '205.251.233.179',
    });
  });

  it('skips internal calls', async () => {
    const { store, events, recorder } = setup();
    await store.write((tx) =>
      recorder.record(
        { ...callRecord({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {} }), internal: true },
        tx,
      ),
    );
    await store.write((tx) =>
      recorder.record(
        callRecord({ service: cloudhsm, principal: { ...root, internal: true }, operation: 'DescribeClusters', input: {} }),
        tx,
      ),
    );
    expect(await events.lastSeq()).toBe(0);
  });

  it('stores data events only when a trail wants them, with their resource ARN', async () => {
    const putObject = () =>
      callRecord({ service: s3, principal: root, operation: 'PutObject', input: { Bucket: 'b', Key: 'k' }, output: {} });
    const none = setup(false);
    await none.store.write((tx) => none.recorder.record(putObject(), tx));
    expect(await none.events.lastSeq()).toBe(0);
    expect(none.asked).toEqual([
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObject',
        readOnly: false,
        region: 'us-east-1',
        resourceArn: 'arn:aws:s3:::b/k',
        resourceType: 'AWS::S3::Object',
      },
    ]);
    const wanted = setup(true);
    await wanted.store.write((tx) => wanted.recorder.record(putObject(), tx));
    expect((await wanted.events.readAfter(0, 1))[0]).toMatchObject({ eventCategory: 'Data', dataResourceArn: 'arn:aws:s3:::b/k' });
  });

  it('rolls back with the call: the event exists only if the transaction commits', async () => {
    const { store, events, recorder } = setup();
    await expect(
      store.write(async (tx) => {
        await recorder.record(
          callRecord({ service: cloudhsm, principal: root, operation: 'DeleteCluster', input: { ClusterId: 'c' }, output: {} }),
          tx,
        );
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await events.lastSeq()).toBe(0);
  });

  it('fails (so the gateway fails closed) when the event cannot be stored', async () => {
    const { store, db, recorder } = setup();
    db.exec('DROP TABLE event_resources; DROP TABLE events');
    await expect(
      store.write((tx) =>
        recorder.record(callRecord({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {} }), tx),
      ),
    ).rejects.toThrow();
  });
});
