/**
 * The trail notification on the external-destination path (the object store is not the built-in bucket): the file is
 * put first, then the notification is published in the transaction that records the delivery, so a crash between
 * the two sends nothing and the retry sends exactly one.
 */
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../identity/store/secret-box.js';
import { servicePublisher } from '../../services/sns/service-publisher.js';
import { NotificationSigner } from '../../services/sns/signing.js';
import { DeliveryWorker } from './delivery-worker.js';
import { ACCOUNT, harness, type Harness } from './test-support.js';

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:trail-files`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:trail-files`;

async function setUp(h: Harness, topicPolicy: boolean): Promise<string> {
  const { TrailARN } = await h.call<{ TrailARN: string }>('CreateTrail', { Name: 'main', S3BucketName: 'logs' });
  await h.call('StartLogging', { Name: 'main' });
  const allow = (service: string, action: string, resource: string, source: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: action,
          Resource: resource,
          Condition: { ArnEquals: { 'aws:SourceArn': source } },
        },
      ],
    });
  const now = h.clock.now();
  await h.storage.write(async (tx) => {
    const attributes: Record<string, string> = topicPolicy
      ? { Policy: allow('cloudtrail.amazonaws.com', 'SNS:Publish', TOPIC, TrailARN) }
      : {};
    await tx.snsTopics.create({
      arn: TOPIC,
      accountId: ACCOUNT,
      region: 'us-east-1',
      name: 'trail-files',
      attributes,
      tags: {},
      createdAt: now,
    });
    const Policy = allow('sns.amazonaws.com', 'sqs:SendMessage', QUEUE, TOPIC);
    await tx.sqsQueues.create({
      arn: QUEUE,
      accountId: ACCOUNT,
      region: 'us-east-1',
      name: 'trail-files',
      attributes: { Policy },
      tags: {},
      createdAt: now,
      lastModifiedAt: now,
    });
    await tx.snsSubscriptions.create({
      arn: `${TOPIC}:6f1c4f0e-0000-4000-8000-000000000001`,
      topicArn: TOPIC,
      accountId: ACCOUNT,
      region: 'us-east-1',
      protocol: 'sqs',
      endpoint: QUEUE,
      attributes: { RawMessageDelivery: 'true' },
      confirmed: true,
      createdAt: now,
    });
    const trail = (await tx.trails.get(TrailARN))!;
    await tx.trails.update({ ...trail, snsTopicName: 'trail-files' });
  });
  return TrailARN;
}

const messages = (h: Harness) => h.storage.read((tx) => tx.sqsMessages.visible(QUEUE, new Date(h.clock.ms + 60_000), 100));

function worker(h: Harness, afterPut?: () => void) {
  const topics = servicePublisher({ signer: new NotificationSigner(SecretBox.ephemeral()) });
  return new DeliveryWorker({ store: h.storage, objects: h.store, clock: h.clock.now, topics, afterPut });
}

describe('trail SNS notifications, external destination', () => {
  it('a crash after the put sends nothing; the retry sends one notification per file', async () => {
    const h = harness();
    const trailArn = await setUp(h, true);
    h.record({});
    let crash = true;
    const crashing = worker(h, () => {
      if (crash) throw new Error('crash before the record commits');
    });
    expect((await crashing.runOnce({ force: true })).failures).toHaveLength(1);
    expect(await messages(h)).toHaveLength(0);
    crash = false;
    const run = await crashing.runOnce({ force: true });
    expect(run.delivered).toHaveLength(1);
    const got = await messages(h);
    expect(got.map((m) => JSON.parse(m.body))).toEqual([{ s3Bucket: 'logs', s3ObjectKey: [run.delivered[0]] }]);
    const status = await h.storage.read((tx) => tx.delivery.status(trailArn));
    expect(status?.latestNotificationTime).toBe(h.clock.ms);
    expect(status?.latestNotificationError).toBeUndefined();
  });

  it('a topic whose policy does not let CloudTrail publish records AuthorizationError; delivery still succeeds', async () => {
    const h = harness();
    const trailArn = await setUp(h, false);
    h.record({});
    const run = await worker(h).runOnce({ force: true });
    expect(run.delivered).toHaveLength(1);
    expect(run.failures).toEqual([]);
    expect(await messages(h)).toHaveLength(0);
    const status = await h.storage.read((tx) => tx.delivery.status(trailArn));
    expect(status).toMatchObject({ latestNotificationError: 'AuthorizationError', latestNotificationAttemptTime: h.clock.ms });
  });
});
