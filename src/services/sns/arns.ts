/**
 * Topic ARNs `arn:aws:sns:<region>:<account>:<name>` and subscription ARNs `<topic ARN>:<uuid>` (SNS Developer
 * Guide, "Amazon SNS resource ARNs").
 */
import { invalidParameter } from './errors.js';

/** Standard topic names: 1 to 256 letters, digits, hyphens and underscores (CreateTopic). */
export const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const SUBSCRIPTION_ARN = /^(arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}):[0-9a-f-]{36}$/;
const QUEUE_ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/;

export interface TopicRef {
  arn: string;
  region: string;
  accountId: string;
  name: string;
}

export const topicArn = (region: string, accountId: string, name: string) => `arn:aws:sns:${region}:${accountId}:${name}`;

export function parseTopicArn(arn: string, param = 'TopicArn'): TopicRef {
  const m = TOPIC_ARN.exec(arn);
  if (!m) throw invalidParameter(param);
  return { arn, region: m[1]!, accountId: m[2]!, name: m[3]! };
}

/** The topic a subscription ARN belongs to, or undefined when it is not one. */
export function topicOfSubscription(arn: string): string | undefined {
  return SUBSCRIPTION_ARN.exec(arn)?.[1];
}

export const isQueueArn = (arn: string) => QUEUE_ARN.test(arn);
