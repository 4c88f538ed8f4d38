/**
 * Subscriptions: Subscribe, Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic, Get/SetSubscriptionAttributes.
 * Only the `sqs` protocol is served; an SQS subscription is confirmed at once (SNS Developer Guide, "Fanout to
 * Amazon SQS queues": SNS confirms a same-account queue itself). hsmtrail also confirms cross-account queues at once.
 */
import { randomUUID } from 'node:crypto';
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsSubscription } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { isQueueArn } from '../arns.js';
import { checkSubscriptionAttribute, withAttribute } from '../attributes.js';
import { invalidParameter } from '../errors.js';
import { afterToken, nextToken, PAGE, subscriptionOf, topicOf } from '../context.js';

const UNSERVED_PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'application', 'lambda', 'firehose']);

export async function subscribe(call: CallContext, i: T.SubscribeInput): Promise<T.SubscribeResponse> {
  const topic = await topicOf(call, i.TopicArn);
  const protocol = i.Protocol.toLowerCase();
  if (UNSERVED_PROTOCOLS.has(protocol)) throw invalidParameter(`Protocol Reason: ${protocol} subscriptions are not supported by hsmtrail`);
  if (protocol !== 'sqs') throw invalidParameter(`Amazon SNS does not support this protocol string: ${i.Protocol}`);
  const endpoint = i.Endpoint ?? '';
  if (!isQueueArn(endpoint)) throw invalidParameter('SQS endpoint ARN');
  const attributes = subscriptionAttributes(i.Attributes ?? {});
  const existing = await call.tx.snsSubscriptions.find(topic.arn, protocol, endpoint);
  if (existing) {
    // Subscribing the same endpoint again answers the existing subscription, unless its attributes differ.
    if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) {
      throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
    }
    return { SubscriptionArn: existing.arn };
  }
  const subscription: SnsSubscription = {
    arn: `${topic.arn}:${randomUUID()}`,
    topicArn: topic.arn,
    accountId: call.accountId,
    region: topic.region,
    protocol,
    endpoint,
    attributes,
    confirmed: true,
    createdAt: call.now,
  };
  await call.tx.snsSubscriptions.create(subscription);
  return { SubscriptionArn: subscription.arn };
}

function subscriptionAttributes(given: Record<string, string>): Record<string, string> {
  let out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    checkSubscriptionAttribute(k, v);
    out = withAttribute(out, k, k === 'RawMessageDelivery' ? v.toLowerCase() : v);
  }
  return out;
}

export async function unsubscribe(call: CallContext, i: T.UnsubscribeInput): Promise<void> {
  const subscription = await subscriptionOf(call, i.SubscriptionArn);
  await call.tx.snsSubscriptions.delete(subscription.arn);
}

const listed = (s: SnsSubscription): T.Subscription => ({
  SubscriptionArn: s.arn,
  Owner: s.accountId,
  Protocol: s.protocol,
  Endpoint: s.endpoint,
  TopicArn: s.topicArn,
});

function page(items: SnsSubscription[]): { Subscriptions: T.Subscription[]; NextToken?: string } {
  const shown = items.slice(0, PAGE);
  return {
    Subscriptions: shown.map(listed),
    ...(items.length > PAGE ? { NextToken: nextToken(shown[shown.length - 1]!.arn) } : {}),
  };
}

export async function listSubscriptions(call: CallContext, i: T.ListSubscriptionsInput): Promise<T.ListSubscriptionsResponse> {
  const after = afterToken(i.NextToken);
  return page(await call.tx.snsSubscriptions.list({ accountId: call.accountId, region: call.region, after, limit: PAGE + 1 }));
}

export async function listSubscriptionsByTopic(
  call: CallContext,
  i: T.ListSubscriptionsByTopicInput,
): Promise<T.ListSubscriptionsByTopicResponse> {
  const topic = await topicOf(call, i.TopicArn);
  return page(await call.tx.snsSubscriptions.listByTopic(topic.arn, afterToken(i.NextToken), PAGE + 1));
}

export async function getSubscriptionAttributes(
  call: CallContext,
  i: T.GetSubscriptionAttributesInput,
): Promise<T.GetSubscriptionAttributesResponse> {
  const s = await subscriptionOf(call, i.SubscriptionArn);
  return {
    Attributes: {
      RawMessageDelivery: 'false',
      ...s.attributes,
      SubscriptionArn: s.arn,
      TopicArn: s.topicArn,
      Owner: s.accountId,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      PendingConfirmation: String(!s.confirmed),
      ConfirmationWasAuthenticated: 'true',
      SubscriptionPrincipal: `arn:aws:iam::${s.accountId}:root`,
    },
  };
}

export async function setSubscriptionAttributes(call: CallContext, i: T.SetSubscriptionAttributesInput): Promise<void> {
  const s = await subscriptionOf(call, i.SubscriptionArn);
  const value = i.AttributeValue ?? '';
  checkSubscriptionAttribute(i.AttributeName, value);
  const stored = i.AttributeName === 'RawMessageDelivery' ? value.toLowerCase() : value;
  await call.tx.snsSubscriptions.setAttributes(s.arn, withAttribute(s.attributes, i.AttributeName, stored));
}
