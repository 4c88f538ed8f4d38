/**
 * Subscriptions: Subscribe, Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic, Get/SetSubscriptionAttributes.
 * The `sqs` protocol and http/https (ops/confirmation.ts) are served; an SQS subscription is confirmed at once (SNS Developer Guide, "Fanout to
 * Amazon SQS queues": SNS confirms a same-account queue itself). hsmtrail also confirms cross-account queues at once.
 */
import { randomUUID } from 'node:crypto';
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsSigningKey, SnsSubscription } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { isQueueArn } from '../arns.js';
import { checkFilterPolicy, checkSubscriptionAttribute, withAttribute } from '../attributes.js';
import { authorizationError, invalidParameter } from '../errors.js';
import { afterToken, nextToken, PAGE, subscriptionOf, topicOf } from '../context.js';
import { checkFilterPolicyQuota } from './filter-quota.js';
import { checkHttpEndpoint, newToken, sendConfirmation, unsubscribeNeedsSignature } from './confirmation.js';
import { prepareKey, signingKey, type PublishDeps } from './publish.js';

const UNSERVED_PROTOCOLS = new Set(['email', 'email-json', 'sms', 'application', 'lambda', 'firehose']);

const isHttp = (protocol: string) => protocol === 'http' || protocol === 'https';

export async function subscribe(
  deps: PublishDeps,
  call: CallContext,
  i: T.SubscribeInput,
  candidate?: SnsSigningKey,
): Promise<T.SubscribeResponse> {
  const topic = await topicOf(call, i.TopicArn);
  const protocol = i.Protocol.toLowerCase();
  if (UNSERVED_PROTOCOLS.has(protocol)) throw invalidParameter(`Protocol Reason: ${protocol} subscriptions are not supported by hsmtrail`);
  const endpoint = i.Endpoint ?? '';
  if (isHttp(protocol)) checkHttpEndpoint(protocol, endpoint);
  else if (protocol !== 'sqs') throw invalidParameter(`Amazon SNS does not support this protocol string: ${i.Protocol}`);
  else if (!isQueueArn(endpoint)) throw invalidParameter('SQS endpoint ARN');
  const attributes = subscriptionAttributes(i.Attributes ?? {});
  checkFilterPolicy(attributes, 'Attributes Reason: ');
  const existing = await call.tx.snsSubscriptions.find(topic.arn, protocol, endpoint);
  if (existing) {
    // Subscribing the same endpoint again answers the existing subscription, unless its attributes differ.
    if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) {
      throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
    }
    return { SubscriptionArn: shownArn(existing, i.ReturnSubscriptionArn) };
  }
  await checkFilterPolicyQuota(call, topic.arn, attributes.FilterPolicy !== undefined);
  const subscription: SnsSubscription = {
    arn: `${topic.arn}:${randomUUID()}`,
    topicArn: topic.arn,
    accountId: call.accountId,
    region: topic.region,
    protocol,
    endpoint,
    attributes,
    confirmed: !isHttp(protocol),
    ...(isHttp(protocol) ? { confirmationToken: newToken() } : {}),
    createdAt: call.now,
  };
  await call.tx.snsSubscriptions.create(subscription);
  if (isHttp(protocol)) await sendConfirmation(deps, call, topic, subscription, await signingKey(call, candidate));
  return { SubscriptionArn: shownArn(subscription, i.ReturnSubscriptionArn) };
}

/** A pending subscription's ARN is withheld ("pending confirmation") unless ReturnSubscriptionArn (Subscribe). */
const shownArn = (s: SnsSubscription, returnArn?: boolean) => (s.confirmed || returnArn ? s.arn : 'pending confirmation');

/** Runs outside the transaction: an http/https Subscribe signs its confirmation, so the key may need generating. */
export const prepareSubscribe = (deps: PublishDeps, call: CallContext, i: T.SubscribeInput) =>
  isHttp(i.Protocol.toLowerCase()) ? prepareKey(deps, call) : Promise.resolve(undefined);

function subscriptionAttributes(given: Record<string, string>): Record<string, string> {
  let out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    checkSubscriptionAttribute(k, v);
    out = withAttribute(out, k, k === 'RawMessageDelivery' ? v.toLowerCase() : v);
  }
  return out;
}

/**
 * Unsubscribe, signed or (a notification's UnsubscribeURL) unsigned: an unsigned one is refused for a subscription
 * confirmed with AuthenticateOnUnsubscribe (SNS API Reference, Unsubscribe and ConfirmSubscription).
 */
export async function unsubscribe(call: CallContext, i: T.UnsubscribeInput): Promise<void> {
  const subscription = await subscriptionOf(call, i.SubscriptionArn);
  if (call.principal.type === 'Anonymous' && unsubscribeNeedsSignature(subscription)) {
    throw authorizationError(
      'Unsubscribe of this subscription requires an AWS signature (it was confirmed with AuthenticateOnUnsubscribe)',
    );
  }
  await call.tx.snsSubscriptions.delete(subscription.arn);
}

const listed = (s: SnsSubscription): T.Subscription => ({
  SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation',
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
  const { FilterPolicyScope: scope, ...attributes } = s.attributes;
  return {
    Attributes: {
      RawMessageDelivery: 'false',
      ...attributes,
      // AWS shows the scope (MessageAttributes unless set) only beside a FilterPolicy.
      ...(attributes.FilterPolicy !== undefined ? { FilterPolicyScope: scope ?? 'MessageAttributes' } : {}),
      ConfirmationWasAuthenticated: String(unsubscribeNeedsSignature(s)),
      SubscriptionArn: s.arn,
      TopicArn: s.topicArn,
      Owner: s.accountId,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      PendingConfirmation: String(!s.confirmed),
      SubscriptionPrincipal: `arn:aws:iam::${s.accountId}:root`,
    },
  };
}

export async function setSubscriptionAttributes(call: CallContext, i: T.SetSubscriptionAttributesInput): Promise<void> {
  const s = await subscriptionOf(call, i.SubscriptionArn);
  const value = i.AttributeValue ?? '';
  checkSubscriptionAttribute(i.AttributeName, value);
  const stored = i.AttributeName === 'RawMessageDelivery' ? value.toLowerCase() : value;
  const next = withAttribute(s.attributes, i.AttributeName, stored);
  // A new scope re-checks the stored policy: a nested one cannot move to MessageAttributes.
  if (i.AttributeName === 'FilterPolicy' || i.AttributeName === 'FilterPolicyScope') checkFilterPolicy(next);
  await checkFilterPolicyQuota(call, s.topicArn, s.attributes.FilterPolicy === undefined && next.FilterPolicy !== undefined);
  await call.tx.snsSubscriptions.setAttributes(s.arn, next);
}
