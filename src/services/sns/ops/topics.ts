/** Topics: CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes (SNS API Reference). */
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsTopic } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { TOPIC_NAME, parseTopicArn, topicArn } from '../arns.js';
import { DEFAULT_EFFECTIVE_DELIVERY_POLICY, checkTopicAttribute, defaultTopicPolicy, withAttribute } from '../attributes.js';
import { invalidParameter } from '../errors.js';
import { afterToken, nextToken, PAGE, topicOf } from '../context.js';
import { checkTags, tagMap } from './tags.js';

export async function createTopic(call: CallContext, i: T.CreateTopicInput): Promise<T.CreateTopicResponse> {
  if (i.Name.endsWith('.fifo')) throw invalidParameter('Attributes Reason: FIFO topics are not supported by hsmtrail');
  if (!TOPIC_NAME.test(i.Name)) throw invalidParameter('Topic Name');
  const given = i.Attributes ?? {};
  for (const [k, v] of Object.entries(given)) checkTopicAttribute(k, v);
  checkTags(i.Tags ?? []);
  const arn = topicArn(call.region, call.accountId, i.Name);
  const existing = await call.tx.snsTopics.get(arn);
  if (existing) {
    // CreateTopic is idempotent: the same name answers the existing topic unless an attribute differs.
    if (Object.entries(given).some(([k, v]) => existing.attributes[k] !== v)) {
      throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
    }
    return { TopicArn: arn };
  }
  let attributes: Record<string, string> = { Policy: defaultTopicPolicy(arn, call.accountId) };
  for (const [k, v] of Object.entries(given)) attributes = withAttribute(attributes, k, v);
  const topic: SnsTopic = {
    arn,
    accountId: call.accountId,
    region: call.region,
    name: i.Name,
    attributes,
    tags: tagMap(i.Tags ?? []),
    createdAt: call.now,
  };
  await call.tx.snsTopics.create(topic);
  return { TopicArn: arn };
}

/** Deleting a topic that does not exist succeeds (DeleteTopic is idempotent). */
export async function deleteTopic(call: CallContext, i: T.DeleteTopicInput): Promise<void> {
  parseTopicArn(i.TopicArn);
  const topic = await call.tx.snsTopics.get(i.TopicArn);
  if (topic) await call.tx.snsTopics.delete(topic.arn);
}

export async function listTopics(call: CallContext, i: T.ListTopicsInput): Promise<T.ListTopicsResponse> {
  const page = await call.tx.snsTopics.list({
    accountId: call.accountId,
    region: call.region,
    after: afterToken(i.NextToken),
    limit: PAGE + 1,
  });
  const shown = page.slice(0, PAGE);
  return {
    Topics: shown.map((t) => ({ TopicArn: t.arn })),
    ...(page.length > PAGE ? { NextToken: nextToken(shown[shown.length - 1]!.arn) } : {}),
  };
}

export async function getTopicAttributes(call: CallContext, i: T.GetTopicAttributesInput): Promise<T.GetTopicAttributesResponse> {
  const topic = await topicOf(call, i.TopicArn);
  const counts = await call.tx.snsSubscriptions.counts(topic.arn);
  return {
    Attributes: {
      DisplayName: '',
      EffectiveDeliveryPolicy: topic.attributes.DeliveryPolicy ?? DEFAULT_EFFECTIVE_DELIVERY_POLICY,
      ...topic.attributes,
      TopicArn: topic.arn,
      Owner: topic.accountId,
      SubscriptionsConfirmed: String(counts.confirmed),
      SubscriptionsPending: String(counts.pending),
      // Deleted subscriptions are not kept, so none is ever counted as recently deleted.
      SubscriptionsDeleted: '0',
    },
  };
}

export async function setTopicAttributes(call: CallContext, i: T.SetTopicAttributesInput): Promise<void> {
  const topic = await topicOf(call, i.TopicArn);
  const value = i.AttributeValue ?? '';
  checkTopicAttribute(i.AttributeName, value);
  if (i.AttributeName === 'FifoTopic') throw invalidParameter('AttributeName');
  await call.tx.snsTopics.setAttributes(topic.arn, withAttribute(topic.attributes, i.AttributeName, value));
}
