import type { Repositories } from '../../storage/ports.js';

/**
 * The event store is both the spool trails deliver from and the query store event history reads.
 * An event is "recorded" once its row commits (in the same transaction as the call's state change);
 * `seq` is assigned in commit order (SQLite's single writer), so a delivery cursor never skips one.
 */
export interface StoredEvent {
  seq: number;
  eventId: string;
  eventTime: Date;
  /** The record's awsRegion (IAM and global STS calls: us-east-1). */
  region: string;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  /** 'Management' or 'Data' (S3 object-level calls). */
  eventCategory: 'Management' | 'Data';
  /** The CloudTrail record exactly as delivered, as JSON text. */
  record: string;
  /** For data events: the ARN of the object or bucket (arn:aws:s3:::bucket/key), for selector matching. */
  dataResourceArn?: string;
  /** Lookup columns for event history, copied from the record so queries never parse JSON. */
  lookup?: EventLookupFields;
}

/** An event as it is appended: everything but the `seq` the store assigns. */
export type NewEvent = Omit<StoredEvent, 'seq'>;

/** The record's facts event history filters on (LookupEvents attributes and `hsmtrail events`). */
export interface EventLookupFields {
  /** LookupEvents' Username: IAM user name, role session name, or `root`. */
  username?: string;
  accessKeyId?: string;
  errorCode?: string;
  sourceIp?: string;
  /** LookupEvents' Resources: the ResourceType/ResourceName pairs of the record's `resources`. */
  resources: { resourceType?: string; resourceName: string }[];
}

/**
 * Asked by the recorder before it stores a data event: does any logging trail select it?
 * (Data events are recorded only when a trail's selectors ask for them.) Implemented by the
 * CloudTrail service from its trails' event selectors, read through the call's transaction (async);
 * test doubles may answer synchronously.
 */
export interface DataEventInterest {
  wants(
    event: {
      eventSource: string;
      eventName: string;
      readOnly: boolean;
      region: string;
      resourceArn?: string;
      resourceType: string;
    },
    tx: Repositories,
  ): boolean | Promise<boolean>;
}
