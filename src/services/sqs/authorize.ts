/**
 * SQS authorization: `sqs:<Operation>` on the queue's ARN (SQS Developer Guide, "Amazon SQS API permissions"),
 * with the queue's Policy attribute as its resource-based policy, so another principal (a service such as
 * sns.amazonaws.com, or another account) can be allowed to send. CreateQueue and GetQueueUrl name the queue by
 * QueueName; ListQueues has no queue (`*`).
 */
import type { AuthorizationRequest, CallContext } from '../service.js';
import { parseQueueUrl, queueRef, type QueueRef } from './queue-url.js';

function refOf(operation: string, input: Record<string, unknown>, call: CallContext): QueueRef | undefined {
  if (typeof input.QueueUrl === 'string') {
    try {
      return parseQueueUrl(input.QueueUrl, call.region);
    } catch {
      return undefined; // the operation answers QueueDoesNotExist
    }
  }
  if (typeof input.QueueName === 'string' && operation !== 'ListQueues') {
    const owner = typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : call.accountId;
    return queueRef(call.region, owner, input.QueueName);
  }
  return undefined;
}

export async function authorizeSqs(operation: string, input: Record<string, unknown>, call: CallContext): Promise<AuthorizationRequest[]> {
  const action = `sqs:${operation}`;
  const ref = refOf(operation, input, call);
  if (!ref) return [{ action, resource: '*' }];
  const queue = operation === 'CreateQueue' ? undefined : await call.tx.sqsQueues.get(ref.arn);
  return [
    {
      action,
      resource: ref.arn,
      resourceAccountId: ref.accountId,
      ...(queue?.attributes.Policy ? { resourcePolicy: queue.attributes.Policy } : {}),
    },
  ];
}
