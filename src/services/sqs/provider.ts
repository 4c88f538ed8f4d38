/** Amazon SQS (API 2012-11-05, JSON 1.0): standard queues. FIFO queues, permissions labels and message move tasks are refused. */
import type * as T from '../../protocol/generated/sqs.js';
import type { CallContext } from '../service.js';
import { unsupportedOperation } from './errors.js';
import { opContext, type OpContext } from './ops/context.js';
import * as messages from './ops/messages.js';
import * as queues from './ops/queues.js';
import * as receive from './ops/receive.js';
import * as send from './ops/send.js';
import * as tags from './ops/tags.js';
import { QueueWakeups } from './wakeups.js';

const unsupported = (op: string) => () => {
  throw unsupportedOperation(`${op} is not supported by hsmtrail.`);
};

export class SqsProvider implements T.SQSApi<CallContext> {
  readonly wakeups = new QueueWakeups();

  private ctx(call: CallContext): OpContext {
    return opContext(call, this.wakeups);
  }

  CreateQueue = (i: T.CreateQueueRequest, c: CallContext) => queues.createQueue(this.ctx(c), i);
  GetQueueUrl = (i: T.GetQueueUrlRequest, c: CallContext) => queues.getQueueUrl(this.ctx(c), i);
  ListQueues = (i: T.ListQueuesRequest, c: CallContext) => queues.listQueues(this.ctx(c), i);
  DeleteQueue = (i: T.DeleteQueueRequest, c: CallContext) => queues.deleteQueue(this.ctx(c), i);
  PurgeQueue = (i: T.PurgeQueueRequest, c: CallContext) => queues.purgeQueue(this.ctx(c), i);
  GetQueueAttributes = (i: T.GetQueueAttributesRequest, c: CallContext) => queues.getQueueAttributes(this.ctx(c), i);
  SetQueueAttributes = (i: T.SetQueueAttributesRequest, c: CallContext) => queues.setQueueAttributes(this.ctx(c), i);
  ListDeadLetterSourceQueues = (i: T.ListDeadLetterSourceQueuesRequest, c: CallContext) =>
    queues.listDeadLetterSourceQueues(this.ctx(c), i);
  SendMessage = (i: T.SendMessageRequest, c: CallContext) => send.sendMessage(this.ctx(c), i);
  SendMessageBatch = (i: T.SendMessageBatchRequest, c: CallContext) => send.sendMessageBatch(this.ctx(c), i);
  DeleteMessage = (i: T.DeleteMessageRequest, c: CallContext) => messages.deleteMessage(this.ctx(c), i);
  DeleteMessageBatch = (i: T.DeleteMessageBatchRequest, c: CallContext) => messages.deleteMessageBatch(this.ctx(c), i);
  ChangeMessageVisibility = (i: T.ChangeMessageVisibilityRequest, c: CallContext) => messages.changeMessageVisibility(this.ctx(c), i);
  ChangeMessageVisibilityBatch = (i: T.ChangeMessageVisibilityBatchRequest, c: CallContext) =>
    messages.changeMessageVisibilityBatch(this.ctx(c), i);
  TagQueue = (i: T.TagQueueRequest, c: CallContext) => tags.tagQueue(this.ctx(c), i);
  UntagQueue = (i: T.UntagQueueRequest, c: CallContext) => tags.untagQueue(this.ctx(c), i);
  ListQueueTags = (i: T.ListQueueTagsRequest, c: CallContext) => tags.listQueueTags(this.ctx(c), i);

  /** Long polling waits here, outside any transaction; the receive itself runs in the call's write transaction. */
  async ReceiveMessage(i: T.ReceiveMessageRequest, c: CallContext): Promise<T.ReceiveMessageResult> {
    await this.waitForMessages(i, c);
    return this.receiveNow(i, c);
  }

  waitForMessages = (i: T.ReceiveMessageRequest, c: CallContext) => receive.waitForMessages(this.ctx(c), i);
  receiveNow = (i: T.ReceiveMessageRequest, c: CallContext) => receive.receiveMessage(this.ctx(c), i);

  AddPermission = unsupported('AddPermission');
  RemovePermission = unsupported('RemovePermission');
  StartMessageMoveTask = unsupported('StartMessageMoveTask');
  CancelMessageMoveTask = unsupported('CancelMessageMoveTask');
  ListMessageMoveTasks = unsupported('ListMessageMoveTasks');
}
