/** DeleteMessage(Batch) and ChangeMessageVisibility(Batch). */
import type * as T from '../../../protocol/generated/sqs.js';
import type { SqsQueue } from '../../../storage/ports/sqs.js';
import { invalidParameterValue, messageNotInflight } from '../errors.js';
import { messageIdOf } from '../receipt.js';
import { checkBatch, eachEntry } from './batch.js';
import { queueOf, type OpContext } from './context.js';

export async function deleteMessage(ctx: OpContext, i: T.DeleteMessageRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  await remove(ctx, queue, i.ReceiptHandle);
}

export async function deleteMessageBatch(ctx: OpContext, i: T.DeleteMessageBatchRequest): Promise<T.DeleteMessageBatchResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  checkBatch(i.Entries);
  return eachEntry(i.Entries, async (e) => {
    await remove(ctx, queue, e.ReceiptHandle);
    return { Id: e.Id };
  });
}

/** A handle of an already-deleted message (or an older handle) still succeeds, as in SQS (at-least-once delivery). */
async function remove(ctx: OpContext, queue: SqsQueue, handle: string): Promise<void> {
  await ctx.call.tx.sqsMessages.delete(queue.arn, messageIdOf(handle));
}

export async function changeMessageVisibility(ctx: OpContext, i: T.ChangeMessageVisibilityRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  await changeVisibility(ctx, queue, i.ReceiptHandle, i.VisibilityTimeout);
}

export async function changeMessageVisibilityBatch(
  ctx: OpContext,
  i: T.ChangeMessageVisibilityBatchRequest,
): Promise<T.ChangeMessageVisibilityBatchResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  checkBatch(i.Entries);
  return eachEntry(i.Entries, async (e) => {
    await changeVisibility(ctx, queue, e.ReceiptHandle, e.VisibilityTimeout ?? 0);
    return { Id: e.Id };
  });
}

/** Only an in-flight message, named by its latest handle, changes visibility (else MessageNotInflight). */
async function changeVisibility(ctx: OpContext, queue: SqsQueue, handle: string, timeout: number): Promise<void> {
  if (timeout < 0 || timeout > 43_200) {
    throw invalidParameterValue(`Value ${timeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.`);
  }
  const now = new Date(Math.max(ctx.now.getTime(), Date.now()));
  const m = await ctx.call.tx.sqsMessages.get(queue.arn, messageIdOf(handle));
  if (!m || m.receiptHandle !== handle || m.visibleAt <= now) throw messageNotInflight();
  await ctx.call.tx.sqsMessages.setVisibleAt(m.messageId, new Date(now.getTime() + timeout * 1000));
  if (timeout === 0) ctx.call.afterCommit(() => ctx.wakeups.wake(queue.arn));
}
