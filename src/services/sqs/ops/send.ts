/** SendMessage and SendMessageBatch. */
import { randomUUID } from 'node:crypto';
import type * as T from '../../../protocol/generated/sqs.js';
import type { SqsQueue } from '../../../storage/ports/sqs.js';
import { numberAttr } from '../attributes.js';
import { batchTooLong, invalidMessageContents, invalidParameterValue, unsupportedOperation } from '../errors.js';
import { md5OfBody, md5OfMessageAttributes } from '../md5.js';
import { checkBatch, eachEntry } from './batch.js';
import { queueOf, type OpContext } from './context.js';

/** The characters SQS allows in a body (SendMessage: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF). */
const INVALID_BODY = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

interface Send {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, T.MessageAttributeValue>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

export async function sendMessage(ctx: OpContext, i: T.SendMessageRequest): Promise<T.SendMessageResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  const sent = await enqueue(ctx, queue, i);
  return sent;
}

export async function sendMessageBatch(ctx: OpContext, i: T.SendMessageBatchRequest): Promise<T.SendMessageBatchResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  checkBatch(i.Entries);
  const size = i.Entries.reduce((n, e) => n + messageSize(e), 0);
  if (size > numberAttr(queue, 'MaximumMessageSize')) throw batchTooLong(size);
  return eachEntry(i.Entries, async (e) => {
    const r = await enqueue(ctx, queue, e);
    return { Id: e.Id, MessageId: r.MessageId!, MD5OfMessageBody: r.MD5OfMessageBody!, MD5OfMessageAttributes: r.MD5OfMessageAttributes };
  });
}

async function enqueue(ctx: OpContext, queue: SqsQueue, m: Send): Promise<T.SendMessageResult> {
  check(queue, m);
  const { call, now } = ctx;
  const delay = m.DelaySeconds ?? numberAttr(queue, 'DelaySeconds');
  const attrs = m.MessageAttributes && Object.keys(m.MessageAttributes).length ? m.MessageAttributes : undefined;
  const message = {
    messageId: randomUUID(),
    queueArn: queue.arn,
    body: m.MessageBody,
    md5OfBody: md5OfBody(m.MessageBody),
    messageAttributes: attrs,
    md5OfMessageAttributes: attrs && md5OfMessageAttributes(attrs),
    senderId: call.principal.principalId,
    sentAt: now,
    visibleAt: new Date(now.getTime() + delay * 1000),
    receiveCount: 0,
  };
  await call.tx.sqsMessages.enqueue(message);
  call.afterCommit(() => ctx.wakeups.wake(queue.arn));
  return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody, MD5OfMessageAttributes: message.md5OfMessageAttributes };
}

function check(queue: SqsQueue, m: Send): void {
  if (m.MessageGroupId !== undefined || m.MessageDeduplicationId !== undefined) {
    throw unsupportedOperation('MessageGroupId and MessageDeduplicationId apply to FIFO queues, which hsmtrail does not support.');
  }
  if (m.MessageBody.length === 0) throw invalidParameterValue('The request must contain the parameter MessageBody.');
  if (INVALID_BODY.test(m.MessageBody)) throw invalidMessageContents();
  if (m.DelaySeconds !== undefined && (m.DelaySeconds < 0 || m.DelaySeconds > 900)) {
    throw invalidParameterValue(
      `Value ${m.DelaySeconds} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.`,
    );
  }
  for (const [name, v] of Object.entries(m.MessageAttributes ?? {})) checkAttribute(name, v);
  const max = numberAttr(queue, 'MaximumMessageSize');
  if (messageSize(m) > max) {
    throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
  }
}

function checkAttribute(name: string, v: T.MessageAttributeValue): void {
  const type = /^(String|Number|Binary)(\..+)?$/.exec(v.DataType)?.[1];
  if (!type)
    throw invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  const has = type === 'Binary' ? v.BinaryValue !== undefined : v.StringValue !== undefined;
  if (!has)
    throw invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
    );
}

/** Body plus attribute names, types and values count towards MaximumMessageSize (SQS Developer Guide, message attributes). */
function messageSize(m: Send): number {
  let n = Buffer.byteLength(m.MessageBody, 'utf8');
  for (const [name, v] of Object.entries(m.MessageAttributes ?? {})) {
    n += Buffer.byteLength(name) + Buffer.byteLength(v.DataType);
    n += v.BinaryValue ? v.BinaryValue.length : Buffer.byteLength(v.StringValue ?? '');
  }
  return n;
}
