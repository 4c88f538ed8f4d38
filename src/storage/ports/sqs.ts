/** SQS queues and their messages. Queues are keyed by their ARN (names are case-sensitive, as in SQS). */
import type { MessageAttributeValue } from '../../protocol/generated/sqs.js';

export interface SqsQueue {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  /** The settable attributes as SQS spells them (VisibilityTimeout, Policy, RedrivePolicy...), values as strings. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: Date;
  lastModifiedAt: Date;
}

export interface QueueListing {
  accountId: string;
  region: string;
  prefix?: string;
  /** Names strictly after this one (pagination). */
  after?: string;
  limit: number;
}

export interface SqsQueueRepository {
  get(arn: string): Promise<SqsQueue | undefined>;
  /** Inserts a new queue; the caller has checked that none with this ARN exists. */
  create(queue: SqsQueue): Promise<void>;
  /** Queues ordered by name. */
  list(listing: QueueListing): Promise<SqsQueue[]>;
  setAttributes(arn: string, attributes: Record<string, string>, at: Date): Promise<void>;
  setTags(arn: string, tags: Record<string, string>): Promise<void>;
  /** Removes the queue and all its messages. */
  delete(arn: string): Promise<void>;
}

export interface SqsMessage {
  messageId: string;
  queueArn: string;
  body: string;
  md5OfBody: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  senderId: string;
  sentAt: Date;
  /** Not delivered before this instant (DelaySeconds, visibility timeout). */
  visibleAt: Date;
  receiveCount: number;
  firstReceivedAt?: Date;
  /** The receipt handle of the latest receive. */
  receiptHandle?: string;
  /** The queue a dead-letter queue received this message from. */
  deadLetterSourceArn?: string;
}

export interface MessageCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

export interface SqsMessageRepository {
  enqueue(message: SqsMessage): Promise<void>;
  /** Up to `limit` messages visible at `now`, oldest first. */
  visible(queueArn: string, now: Date, limit: number): Promise<SqsMessage[]>;
  get(queueArn: string, messageId: string): Promise<SqsMessage | undefined>;
  /** Records a delivery: the new handle, visibility and receive count. */
  markReceived(
    messageId: string,
    receipt: { receiptHandle: string; visibleAt: Date; receiveCount: number; firstReceivedAt: Date },
  ): Promise<void>;
  setVisibleAt(messageId: string, visibleAt: Date): Promise<void>;
  /** Moves a message to another queue (redrive), visible at once and with its receive count reset. */
  moveTo(messageId: string, queueArn: string, sourceArn: string, at: Date): Promise<void>;
  /** True when the message existed. */
  delete(queueArn: string, messageId: string): Promise<boolean>;
  purge(queueArn: string): Promise<number>;
  /** Deletes messages sent before `sentBefore` (retention expiry). */
  expire(queueArn: string, sentBefore: Date): Promise<number>;
  counts(queueArn: string, now: Date, sentAfter: Date): Promise<MessageCounts>;
  /** When the next message becomes visible (undefined: the queue is empty). */
  nextVisibleAt(queueArn: string): Promise<Date | undefined>;
}
