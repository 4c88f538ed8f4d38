/**
 * The port other AWS services send through (S3 event notifications): the queue's Policy must let the service
 * principal `sqs:SendMessage` with aws:SourceArn = the sending resource (S3 User Guide, "Walkthrough: Configuring a
 * bucket for notifications (SNS topic or SQS queue)"); the message is enqueued in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { evaluateResourcePolicyForService, parsePolicy } from '../../identity/policy/index.js';
import type { MessageAttributeValue } from '../../protocol/generated/sqs.js';
import type { Tx } from '../../storage/ports.js';
import type { SqsQueue } from '../../storage/ports/sqs.js';
import { numberAttr } from './attributes.js';
import { md5OfBody, md5OfMessageAttributes } from './md5.js';

export interface ServiceSend {
  queueArn: string;
  servicePrincipal: string;
  sourceArn: string;
  sourceAccount: string;
  /** The SenderId receivers see (the service's own principal id). */
  senderId: string;
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  now: Date;
}

/** As SQS would answer the service: no queue, a policy that does not allow it, a body over MaximumMessageSize. */
export type SendRefusal = 'NonExistentQueue' | 'AccessDenied' | 'InvalidParameterValue';

export interface ServiceSender {
  check(tx: Tx, s: Pick<ServiceSend, 'queueArn' | 'servicePrincipal' | 'sourceArn' | 'sourceAccount'>): Promise<SendRefusal | 'ok'>;
  send(tx: Tx, s: ServiceSend): Promise<{ messageId: string } | { refused: SendRefusal }>;
}

export function serviceSender(onDelivered?: (queueArn: string) => void): ServiceSender {
  return {
    async check(tx, s) {
      return refusal(await tx.sqsQueues.get(s.queueArn), s) ?? 'ok';
    },
    async send(tx, s) {
      const queue = await tx.sqsQueues.get(s.queueArn);
      const refused = refusal(queue, s);
      if (refused) return { refused };
      if (Buffer.byteLength(s.body) > numberAttr(queue!, 'MaximumMessageSize')) return { refused: 'InvalidParameterValue' };
      const messageId = randomUUID();
      const attributes = s.messageAttributes && Object.keys(s.messageAttributes).length ? s.messageAttributes : undefined;
      await tx.sqsMessages.enqueue({
        messageId,
        queueArn: queue!.arn,
        body: s.body,
        md5OfBody: md5OfBody(s.body),
        ...(attributes ? { messageAttributes: attributes, md5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
        senderId: s.senderId,
        sentAt: s.now,
        visibleAt: new Date(s.now.getTime() + numberAttr(queue!, 'DelaySeconds') * 1000),
        receiveCount: 0,
      });
      if (onDelivered) tx.afterCommit(() => onDelivered(queue!.arn));
      return { messageId };
    },
  };
}

function refusal(
  queue: SqsQueue | undefined,
  s: Pick<ServiceSend, 'servicePrincipal' | 'sourceArn' | 'sourceAccount'>,
): SendRefusal | undefined {
  if (!queue) return 'NonExistentQueue';
  const policy = queue.attributes.Policy;
  if (!policy) return 'AccessDenied';
  try {
    const context = { 'aws:SourceArn': s.sourceArn, 'aws:SourceAccount': s.sourceAccount };
    const decision = evaluateResourcePolicyForService(
      parsePolicy(policy, 'resource'),
      s.servicePrincipal,
      'sqs:SendMessage',
      queue.arn,
      context,
    );
    return decision.allowed ? undefined : 'AccessDenied';
  } catch {
    return 'AccessDenied';
  }
}
