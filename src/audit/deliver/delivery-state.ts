/** A log file decided on (key, events, cursor move) before its put, so a retry writes the very same object. */
export interface PlannedFile {
  trailArn: string;
  s3Key: string;
  region: string;
  s3Bucket: string;
  deliveredAt: number;
  seqs: number[];
  /** The region cursor once this file is delivered. */
  cursorAfter: number;
}

export interface DeliveredFile {
  trailArn: string;
  s3Key: string;
  region: string;
  s3Bucket: string;
  sha256: string;
  oldestEventTime: string;
  newestEventTime: string;
  recordCount: number;
  deliveredAt: number;
}

/** What GetTrailStatus reports and the retry backoff reads (the scan position is a consumer cursor). */
export interface DeliveryStatus {
  latestDeliveryTime?: number;
  latestDeliveryError?: string;
  latestDeliveryAttemptTime?: number;
  latestDeliveryAttemptSucceeded?: number;
  latestDigestDeliveryTime?: number;
  latestDigestDeliveryError?: string;
  /** The trail's SNS notifications of delivered files (one per file). */
  latestNotificationTime?: number;
  latestNotificationError?: string;
  latestNotificationAttemptTime?: number;
  latestNotificationAttemptSucceeded?: number;
  failures: number;
  nextAttemptAt: number;
}

/** A status update: `null` clears a member, an absent one stays. */
export type DeliveryStatusChanges = { [K in keyof DeliveryStatus]?: DeliveryStatus[K] | null };
