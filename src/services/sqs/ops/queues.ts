/** Queue control plane: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue, Get/SetQueueAttributes. */
import { model } from '../../../protocol/generated/sqs.js';
import type * as T from '../../../protocol/generated/sqs.js';
import type { SqsQueue } from '../../../storage/ports/sqs.js';
import { READ_ONLY, checkAttributes, defaultAttributes, mergeAttributes, numberAttr, redrivePolicyOf } from '../attributes.js';
import {
  invalidAttributeName,
  invalidAttributeValue,
  invalidParameterValue,
  queueDoesNotExist,
  queueNameExists,
  unsupportedOperation,
} from '../errors.js';
import { queueRef } from '../queue-url.js';
import { queueOf, urlOf, type OpContext } from './context.js';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Every name GetQueueAttributes knows: the model's QueueAttributeName enum. */
const QUEUE_ATTRIBUTE_NAMES = new Set(model.shapes.QueueAttributeName!.enum);

export async function createQueue(ctx: OpContext, i: T.CreateQueueRequest): Promise<T.CreateQueueResult> {
  if (i.QueueName.endsWith('.fifo')) throw unsupportedOperation('FIFO queues are not supported by hsmtrail.');
  if (!QUEUE_NAME.test(i.QueueName)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  const given = i.Attributes ?? {};
  checkAttributes(given);
  await checkDeadLetterTarget(ctx, given.RedrivePolicy);
  const { call, now } = ctx;
  const ref = queueRef(call.region, call.accountId, i.QueueName);
  const existing = await call.tx.sqsQueues.get(ref.arn);
  if (existing) {
    // CreateQueue is idempotent for the same attributes; a different value is QueueNameExists (SQS API Reference).
    const attrs = mergeAttributes(defaultAttributes(), given);
    if (Object.entries(attrs).some(([k, v]) => existing.attributes[k] !== v)) throw queueNameExists(i.QueueName);
    return { QueueUrl: urlOf(ctx, existing) };
  }
  const queue: SqsQueue = {
    ...ref,
    attributes: mergeAttributes(defaultAttributes(), given),
    tags: i.tags ?? {},
    createdAt: now,
    lastModifiedAt: now,
  };
  await call.tx.sqsQueues.create(queue);
  return { QueueUrl: urlOf(ctx, queue) };
}

async function checkDeadLetterTarget(ctx: OpContext, redrive: string | undefined): Promise<void> {
  const policy = redrivePolicyOf(redrive);
  if (policy && !(await ctx.call.tx.sqsQueues.get(policy.deadLetterTargetArn))) {
    throw invalidParameterValue('Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.');
  }
}

export async function getQueueUrl(ctx: OpContext, i: T.GetQueueUrlRequest): Promise<T.GetQueueUrlResult> {
  const ref = queueRef(ctx.call.region, i.QueueOwnerAWSAccountId ?? ctx.call.accountId, i.QueueName);
  const queue = await ctx.call.tx.sqsQueues.get(ref.arn);
  if (!queue) throw queueDoesNotExist();
  return { QueueUrl: urlOf(ctx, queue) };
}

/** Up to 1000 queues; NextToken only when MaxResults was given (SQS API Reference, ListQueues). */
export async function listQueues(ctx: OpContext, i: T.ListQueuesRequest): Promise<T.ListQueuesResult> {
  const max = i.MaxResults ?? 1000;
  if (max < 1 || max > 1000) throw invalidParameterValue('Value for parameter MaxResults is invalid. Reason: must be between 1 and 1000.');
  const after = i.NextToken ? decodeToken(i.NextToken) : undefined;
  const { call } = ctx;
  const page = await call.tx.sqsQueues.list({
    accountId: call.accountId,
    region: call.region,
    prefix: i.QueueNamePrefix,
    after,
    limit: max + 1,
  });
  const shown = page.slice(0, max);
  const more = i.MaxResults !== undefined && page.length > max;
  return {
    QueueUrls: shown.map((q) => urlOf(ctx, q)),
    ...(more ? { NextToken: Buffer.from(shown[shown.length - 1]!.name).toString('base64url') } : {}),
  };
}

function decodeToken(token: string): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(name)) throw invalidParameterValue('Invalid NextToken value.');
  return name;
}

export async function deleteQueue(ctx: OpContext, i: T.DeleteQueueRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  await ctx.call.tx.sqsQueues.delete(queue.arn);
}

export async function purgeQueue(ctx: OpContext, i: T.PurgeQueueRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  await ctx.call.tx.sqsMessages.purge(queue.arn);
}

export async function getQueueAttributes(ctx: OpContext, i: T.GetQueueAttributesRequest): Promise<T.GetQueueAttributesResult> {
  const queue = await queueOf(ctx, i.QueueUrl);
  const all = await allAttributes(ctx, queue);
  const names = i.AttributeNames ?? [];
  const unknown = names.find((n) => !QUEUE_ATTRIBUTE_NAMES.has(n));
  if (unknown !== undefined) throw invalidAttributeName(unknown);
  const wanted = names.includes('All') ? Object.keys(all) : names;
  const Attributes = Object.fromEntries(wanted.filter((n) => all[n] !== undefined).map((n) => [n, all[n]!]));
  return Object.keys(Attributes).length ? { Attributes } : {};
}

async function allAttributes(ctx: OpContext, q: SqsQueue): Promise<Record<string, string>> {
  const retentionMs = numberAttr(q, 'MessageRetentionPeriod') * 1000;
  const counts = await ctx.call.tx.sqsMessages.counts(q.arn, ctx.now, new Date(ctx.now.getTime() - retentionMs));
  const derived: Record<string, string> = {
    QueueArn: q.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    // Epoch seconds, as SQS answers them.
    CreatedTimestamp: String(Math.floor(q.createdAt.getTime() / 1000)),
    LastModifiedTimestamp: String(Math.floor(q.lastModifiedAt.getTime() / 1000)),
  };
  return { ...q.attributes, ...derived };
}

export async function setQueueAttributes(ctx: OpContext, i: T.SetQueueAttributesRequest): Promise<void> {
  const queue = await queueOf(ctx, i.QueueUrl);
  for (const name of Object.keys(i.Attributes)) {
    if (READ_ONLY.includes(name)) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  }
  checkAttributes(i.Attributes);
  await checkDeadLetterTarget(ctx, i.Attributes.RedrivePolicy);
  await ctx.call.tx.sqsQueues.setAttributes(queue.arn, mergeAttributes(queue.attributes, i.Attributes), ctx.now);
}

/** Queues whose RedrivePolicy names this one as their dead-letter queue. */
export async function listDeadLetterSourceQueues(
  ctx: OpContext,
  i: T.ListDeadLetterSourceQueuesRequest,
): Promise<T.ListDeadLetterSourceQueuesResult> {
  const dlq = await queueOf(ctx, i.QueueUrl);
  const { call } = ctx;
  const all = await call.tx.sqsQueues.list({ accountId: call.accountId, region: call.region, limit: 1000 });
  const sources = all.filter((q) => redrivePolicyOf(q.attributes.RedrivePolicy)?.deadLetterTargetArn === dlq.arn);
  return { queueUrls: sources.map((q) => urlOf(ctx, q)) };
}
