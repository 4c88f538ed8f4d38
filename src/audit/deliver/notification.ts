/**
 * CloudTrail's SNS notification of a delivered log file: one per file, Message
 * `{"s3Bucket":"<bucket>","s3ObjectKey":["<key>"]}` (CloudTrail User Guide, "Configuring Amazon SNS
 * notifications for CloudTrail"), published in the transaction that records the delivery, so it is sent
 * exactly once per file. The outcome feeds GetTrailStatus's LatestNotification* members; a refusal (the topic
 * was deleted, or its policy no longer lets CloudTrail publish) never fails the delivery itself.
 */
import type { Tx } from '../../storage/ports.js';
import { trailTopicArn } from '../trails/topic.js';
import type { TrailRecord } from '../trails/trail.js';

/** The part of SNS's service-publisher port (services/sns/service-publisher.ts) delivery uses. */
export interface TopicPublisher {
  prepare(read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, topicArn: string, now: Date): Promise<unknown>;
  publish(
    tx: Tx,
    p: { topicArn: string; servicePrincipal: string; sourceArn: string; sourceAccount: string; message: string; now: Date },
    prepared?: unknown,
  ): Promise<{ messageId: string } | { refused: string }>;
}

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

export class TrailNotifier {
  constructor(private readonly publisher: TopicPublisher | undefined) {}

  /** Outside any transaction: what publishing will need (SNS's signing key for the topic's region). */
  async prepare(read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, trail: TrailRecord, now: Date): Promise<unknown> {
    const topicArn = trailTopicArn(trail);
    return topicArn && this.publisher ? this.publisher.prepare(read, topicArn, now) : undefined;
  }

  /** In the delivery's transaction: publishes the file's notification and records the attempt. */
  async notify(tx: Tx, trail: TrailRecord, file: { s3Bucket: string; s3Key: string }, now: Date, prepared: unknown): Promise<void> {
    const topicArn = trailTopicArn(trail);
    if (!topicArn || !this.publisher) return;
    const message = JSON.stringify({ s3Bucket: file.s3Bucket, s3ObjectKey: [file.s3Key] });
    const result = await this.publisher.publish(
      tx,
      { topicArn, servicePrincipal: CLOUDTRAIL_PRINCIPAL, sourceArn: trail.arn, sourceAccount: trail.accountId, message, now },
      prepared,
    );
    const at = now.getTime();
    await tx.delivery.updateStatus(
      trail.arn,
      'refused' in result
        ? { latestNotificationAttemptTime: at, latestNotificationError: result.refused }
        : {
            latestNotificationAttemptTime: at,
            latestNotificationAttemptSucceeded: at,
            latestNotificationTime: at,
            latestNotificationError: null,
          },
    );
  }
}
