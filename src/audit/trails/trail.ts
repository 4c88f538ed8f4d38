import type { AdvancedEventSelector, EventSelector } from '../../protocol/generated/cloudtrail.js';

/** A trail's event selectors: exactly one kind is configured at a time. */
export type StoredSelectors = { kind: 'basic'; selectors: EventSelector[] } | { kind: 'advanced'; selectors: AdvancedEventSelector[] };

/** The trail model, shared by the CloudTrail API (services/cloudtrail) and delivery and digests (audit/). */
export interface TrailRecord {
  arn: string;
  accountId: string;
  name: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  isOrganizationTrail: boolean;
  /** null = the default: all management events, read and write. */
  selectors: StoredSelectors | null;
  isLogging: boolean;
  startLoggingTime?: number;
  stopLoggingTime?: number;
  /** Event-log position when the trail was created: delivery never reads older events. */
  originSeq: number;
  createdAt: number;
}

/** A [start, stop] window in which the trail was logging (stop undefined while it still is), by time and by seq. */
export interface LoggingInterval {
  start: number;
  stop?: number;
  startSeq?: number;
  stopSeq?: number;
}

/** A tag on a trail (CloudTrail's `Tag`: the value may be empty). */
export interface TrailTag {
  key: string;
  value: string;
}
