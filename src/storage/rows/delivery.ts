import type { DeliveredFile, DeliveryStatus } from '../../audit/deliver/delivery-state.js';

/** The rows both engines keep for this aggregate, and how they map to domain values (engine-neutral). */
export const STATUS_COLUMNS: Record<keyof DeliveryStatus, string> = {
  latestDeliveryTime: 'latest_delivery_time',
  latestDeliveryError: 'latest_delivery_error',
  latestDeliveryAttemptTime: 'latest_delivery_attempt_time',
  latestDeliveryAttemptSucceeded: 'latest_delivery_attempt_succeeded',
  latestDigestDeliveryTime: 'latest_digest_delivery_time',
  latestDigestDeliveryError: 'latest_digest_delivery_error',
  latestNotificationTime: 'latest_notification_time',
  latestNotificationError: 'latest_notification_error',
  latestNotificationAttemptTime: 'latest_notification_attempt_time',
  latestNotificationAttemptSucceeded: 'latest_notification_attempt_succeeded',
  failures: 'failures',
  nextAttemptAt: 'next_attempt_at',
};

export interface PlannedRow {
  trail_arn: string;
  s3_key: string;
  region: string;
  s3_bucket: string;
  delivered_at: number;
  seqs: string;
  cursor_after: number;
}

export interface FileRow {
  trail_arn: string;
  s3_key: string;
  region: string;
  s3_bucket: string;
  sha256: string;
  oldest_event_time: string;
  newest_event_time: string;
  record_count: number;
  delivered_at: number;
}

export const fromFileRow = (r: FileRow): DeliveredFile => ({
  trailArn: r.trail_arn,
  s3Key: r.s3_key,
  region: r.region,
  s3Bucket: r.s3_bucket,
  sha256: r.sha256,
  oldestEventTime: r.oldest_event_time,
  newestEventTime: r.newest_event_time,
  recordCount: r.record_count,
  deliveredAt: r.delivered_at,
});
