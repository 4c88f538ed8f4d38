import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutEventSelectorsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startServer, type RunningServer } from '../support/server.js';
import { createDeliveryBucket, createLoggingTrail, deliveredRecords, flush, s3Client, trailClient } from './trail-helpers.js';

/**
 * S3 object-level calls are data events: recorded only when a logging trail's selectors ask for them,
 * never in event history (management events only), and the server's own deliveries are never recorded.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('S3 data events', () => {
  it('are recorded and delivered only for the buckets a trail selects; deliveries themselves never are', async () => {
    const s3 = s3Client(server);
    await createDeliveryBucket(s3, 'trail-logs', server.accountId);
    await s3.send(new CreateBucketCommand({ Bucket: 'watched' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'ignored' }));
    await s3.send(new PutObjectCommand({ Bucket: 'watched', Key: 'before-selectors.txt', Body: 'x' }));
    await createLoggingTrail(server, 'data-trail', 'trail-logs');
    await trailClient(server).send(
      new PutEventSelectorsCommand({
        TrailName: 'data-trail',
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::watched/'] }],
          },
        ],
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'watched', Key: 'a.txt', Body: 'hello' }));
    await (await s3.send(new GetObjectCommand({ Bucket: 'watched', Key: 'a.txt' }))).Body!.transformToString();
    await s3.send(new PutObjectCommand({ Bucket: 'ignored', Key: 'b.txt', Body: 'hello' }));

    expect((await flush(server.awsEnv(), 'data-trail')).status).toBe(0);
    expect((await flush(server.awsEnv(), 'data-trail')).status).toBe(0); // a second delivery: the first's puts must not appear
    const records = (await deliveredRecords(s3, 'trail-logs')).map((d) => d.record);
    const data = records.filter((r: any) => r.eventCategory === 'Data');
    expect(data.map((r: any) => `${r.eventName} ${r.requestParameters.bucketName}/${r.requestParameters.key}`)).toEqual([
      'PutObject watched/a.txt',
      'GetObject watched/a.txt',
    ]);
    for (const r of data) {
      expect(r).toMatchObject({
        eventSource: 's3.amazonaws.com',
        managementEvent: false,
        eventType: 'AwsApiCall',
        recipientAccountId: server.accountId,
      });
      expect(r.resources).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::watched/a.txt' })]),
      );
    }
    // hsmtrail's own deliveries into trail-logs never became events
    expect(records.filter((r: any) => r.requestParameters?.bucketName === 'trail-logs' && r.eventName === 'PutObject')).toEqual([]);
  });

  it('never appear in event history (LookupEvents returns management events only)', async () => {
    const out = await trailClient(server).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 's3.amazonaws.com' }] }),
    );
    const names = (out.Events ?? []).map((e) => e.EventName);
    expect(names).toContain('CreateBucket');
    expect(names).not.toContain('PutObject');
    expect(names).not.toContain('GetObject');
  });
});
