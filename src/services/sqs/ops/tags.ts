/** Queue tags: TagQueue, UntagQueue, ListQueueTags. */
import type * as T from '../../../protocol/generated/sqs.js';
import { queueOf, type OpContext } from './context.js';

export async function tagQueue(ctx: OpContext, i: T.TagQueueRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  await ctx.call.tx.sqsQueues.setTags(queue.arn, { ...queue.tags, ...i.Tags });
}

export async function untagQueue(ctx: OpContext, i: T.UntagQueueRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  const tags = { ...queue.tags };
  for (const k of i.TagKeys) delete tags[k];
  await ctx.call.tx.sqsQueues.setTags(queue.arn, tags);
}

export async function listQueueTags(ctx: OpContext, i: T.ListQueueTagsRequest): Promise<T.ListQueueTagsResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  return Object.keys(queue.tags).length ? { Tags: queue.tags } : {};
}
