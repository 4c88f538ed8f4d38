/**
 * SNS authorization: `sns:<Operation>` on the topic's ARN (Service Authorization Reference, "Actions defined by
 * Amazon SNS"), with the topic's Policy attribute as its resource-based policy. Subscription calls name the
 * subscription's topic; ListTopics and ListSubscriptions have no resource (`*`).
 */
import type { AuthorizationRequest, CallContext } from '../service.js';
import { topicArn, topicOfSubscription } from './arns.js';

function resourceOf(operation: string, input: Record<string, unknown>, call: CallContext): string | undefined {
  if (operation === 'CreateTopic' && typeof input.Name === 'string') return topicArn(call.region, call.accountId, input.Name);
  for (const member of ['TopicArn', 'TargetArn', 'ResourceArn']) {
    if (typeof input[member] === 'string') return input[member];
  }
  if (typeof input.SubscriptionArn === 'string') return topicOfSubscription(input.SubscriptionArn);
  return undefined;
}

export async function authorizeSns(operation: string, input: Record<string, unknown>, call: CallContext): Promise<AuthorizationRequest[]> {
  const action = `sns:${operation}`;
  const arn = resourceOf(operation, input, call);
  if (!arn?.startsWith('arn:aws:sns:')) return [{ action, resource: arn ?? '*' }];
  const topic = operation === 'CreateTopic' ? undefined : await call.tx.snsTopics.get(arn);
  return [
    {
      action,
      resource: arn,
      resourceAccountId: arn.split(':')[4],
      ...(topic?.attributes.Policy ? { resourcePolicy: topic.attributes.Policy } : {}),
    },
  ];
}
