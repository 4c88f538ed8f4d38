import { directTx } from '../../storage/testing/direct-tx.js';
import { describe, it, expect } from 'vitest';
import { openDatabase } from '../../storage/sqlite/database.js';
import { SqliteEventLog } from '../events/sqlite-event-log.js';
import { EventRecorder } from './recorder.js';
import { ACCOUNT, cloudhsm, iamUser, requestContext, root, s3 } from './test-fixtures.js';

function setup(wants = false) {
  const db = openDatabase(':memory:');
  const log = new SqliteEventLog(db);
  const asked: unknown[] = [];
  const recorder = new EventRecorder({
    log,
    accountId: ACCOUNT,
    defaultRegion: 'us-east-1',
    clock: () => new Date('2026-01-02T03:04:05.900Z'),
    dataEvents: { wants: (e) => (asked.push(e), wants) },
  });
  return { db, log, recorder, asked };
}

describe('EventRecorder', () => {
  it('appends management events with their lookup columns, in seq order', () => {
    const { db, log, recorder } = setup();
    recorder.record(
      requestContext({
        service: cloudhsm,
        principal: iamUser,
        operation: 'CreateHsm',
        input: { ClusterId: 'c', AvailabilityZone: 'a' },
        output: {},
      }),
      directTx(db).tx,
    );
    recorder.record(
      requestContext({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {}, output: {} }),
      directTx(db).tx,
    );
    const events = log.readAfter(0, 10);
    expect(events.map((e) => [e.seq, e.eventName, e.readOnly, e.eventCategory])).toEqual([
      [1, 'CreateHsm', false, 'Management'],
      [2, 'DescribeClusters', true, 'Management'],
    ]);
    expect(events[0]!.eventTime.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(JSON.parse(events[0]!.record).eventID).toBe(events[0]!.eventId);
    expect(log.lastSeq()).toBe(2);
    expect(log.readAfter(1, 10).map((e) => e.seq)).toEqual([2]);
    expect(db.prepare('SELECT username, access_key_id, source_ip FROM events WHERE seq = 1').get()).toEqual({
      username: 'alice',
      access_key_id: 'AKIAEXAMPLEALICE0000',
      source_ip: '205.251.233.179',
    });
  });

  it('skips internal calls', () => {
    const { db, log, recorder } = setup();
    recorder.record(
      { ...requestContext({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {} }), internal: true },
      directTx(db).tx,
    );
    expect(log.lastSeq()).toBe(0);
  });

  it('stores data events only when a trail wants them, with their resource ARN', () => {
    const putObject = () =>
      requestContext({ service: s3, principal: root, operation: 'PutObject', input: { Bucket: 'b', Key: 'k' }, output: {} });
    const none = setup(false);
    none.recorder.record(putObject(), directTx(none.db).tx);
    expect(none.log.lastSeq()).toBe(0);
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
    wanted.recorder.record(putObject(), directTx(wanted.db).tx);
    expect(wanted.log.readAfter(0, 1)[0]).toMatchObject({ eventCategory: 'Data', dataResourceArn: 'arn:aws:s3:::b/k' });
  });

  it('rolls back with the call: the event exists only if the transaction commits', () => {
    const { db, log, recorder } = setup();
    expect(() =>
      db.transaction(() => {
        recorder.record(
          requestContext({ service: cloudhsm, principal: root, operation: 'DeleteCluster', input: { ClusterId: 'c' }, output: {} }),
          directTx(db).tx,
        );
        throw new Error('state change failed');
      })(),
    ).toThrow('state change failed');
    expect(log.lastSeq()).toBe(0);
  });

  it('fails (so the gateway fails closed) when the event cannot be stored', () => {
    const { db, recorder } = setup();
    db.exec('DROP TABLE event_resources; DROP TABLE events');
    expect(() =>
      recorder.record(requestContext({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {} }), directTx(db).tx),
    ).toThrow();
  });
});
