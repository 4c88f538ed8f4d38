import type { SqsQueue } from '../../../storage/ports/sqs.js';
import type { CallContext } from '../../service.js';
import { queueDoesNotExist } from '../errors.js';
import { parseQueueUrl, queueUrl } from '../queue-url.js';
import type { QueueWakeups } from '../wakeups.js';

export interface OpContext {
  call: CallContext;
  now: Date;
  /** `http(s)://host` the request was sent to: queue URLs name it. */
  endpoint?: string;
  wakeups: QueueWakeups;
}

export function opContext(call: CallContext, wakeups: QueueWakeups): OpContext {
  return { call, now: call.now, endpoint: call.endpoint, wakeups };
}

/** The queue a QueueUrl names, or QueueDoesNotExist. */
export async function queueOf(ctx: OpContext, url: string): Promise<SqsQueue> {
  const ref = parseQueueUrl(url, ctx.call.region);
  const queue = await ctx.call.tx.sqsQueues.get(ref.arn);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

export const urlOf = (ctx: OpContext, q: SqsQueue) => queueUrl(ctx.endpoint, q.accountId, q.name);
