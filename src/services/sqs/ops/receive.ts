/**
 * ReceiveMessage. Long polling (WaitTimeSeconds, or the queue's ReceiveMessageWaitTimeSeconds) waits in
 * `prepare`, outside any transaction: it re-reads the queue in short read snapshots and sleeps until a send in
 * this process wakes it, the next message becomes visible, or a second passes. `execute` then receives in the
 * call's write transaction (which also records the event).
 */
import type * as T from '../../../protocol/generated/sqs.js';
import type { SqsMessage } from '../../../storage/ports/sqs.js';
import { numberAttr, redrivePolicyOf } from '../attributes.js';
import { invalidParameterValue } from '../errors.js';
import { parseQueueUrl } from '../queue-url.js';
import { newReceiptHandle } from '../receipt.js';
import { queueOf, type OpContext } from './context.js';

const RECHECK_MS = 1000;

export async function waitForMessages(ctx: OpContext, i: T.ReceiveMessageRequest): Promise<void> {
  const { arn } = parseQueueUrl(i.QueueUrl, ctx.call.region);
  const queue = await ctx.call.read((tx) => tx.sqsQueues.get(arn));
  if (!queue) return; // execute answers QueueDoesNotExist
  const waitSeconds = i.WaitTimeSeconds ?? numberAttr(queue, 'ReceiveMessageWaitTimeSeconds');
  const deadline = Date.now() + Math.min(Math.max(waitSeconds, 0), 20) * 1000;
  while (Date.now() < deadline) {
    const next = await ctx.call.read((tx) => tx.sqsMessages.nextVisibleAt(arn));
    const now = Date.now();
    if (next && next.getTime() <= now) return;
    const until = Math.min(deadline, now + RECHECK_MS, next ? next.getTime() : Infinity);
    await ctx.wakeups.wait(arn, until - now);
  }
}

export async function receiveMessage(ctx: OpContext, i: T.ReceiveMessageRequest): Promise<T.ReceiveMessageResult> {
  checkRanges(i);
  const queue = await queueOf(ctx, i.QueueUrl);
  // The call's clock was read before any long poll: receive at the current time.
  const now = new Date(Math.max(ctx.now.getTime(), Date.now()));
  const messages = ctx.call.tx.sqsMessages;
  await messages.expire(queue.arn, new Date(now.getTime() - numberAttr(queue, 'MessageRetentionPeriod') * 1000));
  const max = i.MaxNumberOfMessages ?? 1;
  const visibility = i.VisibilityTimeout ?? numberAttr(queue, 'VisibilityTimeout');
  const redrive = redrivePolicyOf(queue.attributes.RedrivePolicy);
  const dlq = redrive && (await ctx.call.tx.sqsQueues.get(redrive.deadLetterTargetArn));
  const out: T.Message[] = [];
  for (const m of await messages.visible(queue.arn, now, max + 10)) {
    if (out.length >= max) break;
    // A message received maxReceiveCount times moves to the dead-letter queue instead (SQS Developer Guide, dead-letter queues).
    if (redrive && dlq && m.receiveCount >= redrive.maxReceiveCount) {
      await messages.moveTo(m.messageId, dlq.arn, queue.arn, now);
      ctx.call.afterCommit(() => ctx.wakeups.wake(dlq.arn));
      continue;
    }
    const receipt = {
      receiptHandle: newReceiptHandle(m.messageId),
      visibleAt: new Date(now.getTime() + visibility * 1000),
      receiveCount: m.receiveCount + 1,
      firstReceivedAt: m.firstReceivedAt ?? now,
    };
    await messages.markReceived(m.messageId, receipt);
    out.push(render({ ...m, ...receipt }, i));
  }
  return out.length ? { Messages: out } : {};
}

function checkRanges(i: T.ReceiveMessageRequest): void {
  const range = (name: string, v: number | undefined, min: number, max: number) => {
    if (v !== undefined && (v < min || v > max)) {
      throw invalidParameterValue(`Value ${v} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
    }
  };
  range('MaxNumberOfMessages', i.MaxNumberOfMessages, 1, 10);
  range('WaitTimeSeconds', i.WaitTimeSeconds, 0, 20);
  range('VisibilityTimeout', i.VisibilityTimeout, 0, 43_200);
}

function render(m: SqsMessage, i: T.ReceiveMessageRequest): T.Message {
  const attributes = systemAttributes(m, [...(i.AttributeNames ?? []), ...(i.MessageSystemAttributeNames ?? [])]);
  const userAttributes = selectAttributes(m.messageAttributes, i.MessageAttributeNames ?? []);
  return {
    MessageId: m.messageId,
    ReceiptHandle: m.receiptHandle,
    MD5OfBody: m.md5OfBody,
    Body: m.body,
    ...(Object.keys(attributes).length ? { Attributes: attributes } : {}),
    ...(userAttributes ? { MessageAttributes: userAttributes, MD5OfMessageAttributes: m.md5OfMessageAttributes } : {}),
  };
}

function systemAttributes(m: SqsMessage, names: string[]): Record<string, string> {
  const all: Record<string, string | undefined> = {
    SenderId: m.senderId,
    SentTimestamp: String(m.sentAt.getTime()),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: m.firstReceivedAt && String(m.firstReceivedAt.getTime()),
    DeadLetterQueueSourceArn: m.deadLetterSourceArn,
  };
  const wanted = names.includes('All') ? Object.keys(all) : names;
  return Object.fromEntries(wanted.filter((n) => all[n] !== undefined).map((n) => [n, all[n]!]));
}

/** `All` or `.*` selects every attribute, `prefix.*` those starting with `prefix.`, other names themselves. */
function selectAttributes(
  attrs: Record<string, T.MessageAttributeValue> | undefined,
  names: string[],
): Record<string, T.MessageAttributeValue> | undefined {
  if (!attrs || names.length === 0) return undefined;
  const picks = (n: string) =>
    names.some((w) => w === 'All' || w === '.*' || w === n || (w.endsWith('.*') && n.startsWith(w.slice(0, -1))));
  const out = Object.fromEntries(Object.entries(attrs).filter(([n]) => picks(n)));
  return Object.keys(out).length ? out : undefined;
}
