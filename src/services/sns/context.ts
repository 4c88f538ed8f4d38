/** What each SNS operation sees: the call, and the topic or subscription its input names. */
import type { SnsSubscription, SnsTopic } from '../../storage/ports/sns.js';
import type { CallContext } from '../service.js';
import { parseTopicArn, topicOfSubscription } from './arns.js';
import { invalidParameter, subscriptionNotFound, topicNotFound } from './errors.js';

export async function topicOf(call: CallContext, arn: string, param = 'TopicArn'): Promise<SnsTopic> {
  parseTopicArn(arn, param);
  const topic = await call.tx.snsTopics.get(arn);
  if (!topic) throw topicNotFound();
  return topic;
}

export async function subscriptionOf(call: CallContext, arn: string): Promise<SnsSubscription> {
  if (!topicOfSubscription(arn)) throw invalidParameter('SubscriptionArn');
  const subscription = await call.tx.snsSubscriptions.get(arn);
  if (!subscription) throw subscriptionNotFound();
  return subscription;
}

/** NextToken: the last ARN of the previous page, opaque to clients. */
export const nextToken = (arn: string) => Buffer.from(arn).toString('base64url');

export function afterToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const arn = Buffer.from(token, 'base64url').toString('utf8');
  if (!arn.startsWith('arn:aws:sns:')) throw invalidParameter('NextToken');
  return arn;
}

/** SNS lists 100 topics or subscriptions per page (ListTopics, ListSubscriptions). */
export const PAGE = 100;
