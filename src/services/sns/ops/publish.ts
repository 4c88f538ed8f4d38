/**
 * Publish: validates the message, then delivers it to each confirmed `sqs` subscription by enqueueing into the
 * queue in the Publish's own transaction, so a published message is durable once Publish answers. A queue
 * receives only if its Policy lets the service principal sns.amazonaws.com send with aws:SourceArn = the topic
 * (SNS Developer Guide, "Fanout to Amazon SQS queues"); otherwise, or if the queue is gone, that delivery is
 * dropped and Publish still succeeds, as on AWS. A subscription whose FilterPolicy does not accept the message
 * (filter/match.ts) is skipped: nothing is delivered to it and nothing counts as a failure, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsSigningKey, SnsSubscription, SnsTopic } from '../../../storage/ports/sns.js';
import { evaluateResourcePolicyForService, parsePolicy } from '../../../identity/policy/index.js';
import { md5OfBody, md5OfMessageAttributes } from '../../sqs/md5.js';
import type { CallContext } from '../../service.js';
import { topicOf } from '../context.js';
import { envelopeAttributes, stringToSign, type Notification } from '../envelope.js';
import { invalidParameter } from '../errors.js';
import { messageFilter } from '../filter/match.js';
import { enqueueHttp, retryPolicyOf } from '../http-delivery.js';
import { certificatePath, type NotificationSigner } from '../signing.js';

/** 256 KiB, the SNS message size limit (Publish). */
const MAX_MESSAGE_BYTES = 262_144;
/**
 * The SenderId SQS shows for messages SNS delivered: SNS's own principal id, a fixed value on AWS.
 * hsmtrail uses one value for every region.
 */
const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

export interface PublishDeps {
  signer: NotificationSigner;
  /** Told after commit which queues received (wakes their long polls). */
  onDelivered?: (queueArn: string) => void;
  /** Told after commit that http/https deliveries were added to the outbox (wakes the delivery worker). */
  wakeHttp?: () => void;
}

/** What a fan-out needs of its transaction: the call's, or a worker's (EventBridge's SNS targets). */
export type FanOutContext = Pick<CallContext, 'tx' | 'region' | 'now' | 'endpoint' | 'afterCommit'>;

/** A message to fan out into a topic's subscriptions. */
export interface FanOutMessage {
  message: string;
  subject?: string;
  attributes?: Record<string, T.MessageAttributeValue>;
  /** MessageStructure=json: per-protocol messages. */
  structured?: Record<string, string>;
}

interface Delivery {
  topic: SnsTopic;
  messageId: string;
  message: string;
  subject?: string;
  attributes?: Record<string, T.MessageAttributeValue>;
  key: SnsSigningKey;
}

/** Runs before the transaction: a region's first signed message generates its key here, not under the write lock. */
export async function prepareKey(deps: PublishDeps, call: CallContext): Promise<SnsSigningKey | undefined> {
  const key = await call.read((tx) => tx.snsSigningKeys.get(call.region));
  return key ? undefined : deps.signer.candidate(call.region, call.now);
}

export async function publish(
  deps: PublishDeps,
  call: CallContext,
  i: T.PublishInput,
  candidate?: SnsSigningKey,
): Promise<T.PublishResponse> {
  if (i.PhoneNumber !== undefined) throw invalidParameter('PhoneNumber Reason: SMS is not supported by hsmtrail');
  if (i.MessageGroupId !== undefined || i.MessageDeduplicationId !== undefined) {
    throw invalidParameter('MessageGroupId Reason: FIFO topics are not supported by hsmtrail');
  }
  const arn = i.TopicArn ?? i.TargetArn;
  if (arn === undefined) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  const topic = await topicOf(call, arn, i.TopicArn ? 'TopicArn' : 'TargetArn');
  checkMessage(i);
  const structured = i.MessageStructure === 'json' ? structuredMessage(i.Message) : undefined;
  const message = { message: i.Message, subject: i.Subject, attributes: i.MessageAttributes, structured };
  return { MessageId: await fanOut(deps, call, topic, message, candidate) };
}

/**
 * Delivers one message to each confirmed subscription of `topic` whose filter policy accepts it, in `ctx`'s
 * transaction (sqs: enqueued now; http/https: POSTed after commit); answers the MessageId. Publish, EventBridge's
 * SNS targets and other services' publications (service-publisher.ts) all fan out here.
 */
export async function fanOut(
  deps: PublishDeps,
  ctx: FanOutContext,
  topic: SnsTopic,
  m: FanOutMessage,
  candidate?: SnsSigningKey,
): Promise<string> {
  const key = await signingKey(ctx, candidate);
  const delivery: Delivery = { topic, messageId: randomUUID(), message: m.message, subject: m.subject, attributes: m.attributes, key };
  const accepts = messageFilter(m.attributes);
  for (let after: string | undefined, page: SnsSubscription[]; ; after = page[page.length - 1]!.arn) {
    page = await ctx.tx.snsSubscriptions.listByTopic(topic.arn, after, 100);
    for (const s of page) {
      if (!s.confirmed) continue;
      const message = m.structured ? (m.structured[s.protocol] ?? m.structured.default!) : m.message;
      if (!accepts(s.attributes, message)) continue;
      if (s.protocol === 'sqs') await deliverToQueue(deps, ctx, s, { ...delivery, message });
      else await deliverToHttp(deps, ctx, s, { ...delivery, message });
    }
    if (page.length < 100) break;
  }
  return delivery.messageId;
}

/** Thrown when a region has no signing key yet and none was prepared: prepare one outside the transaction, retry. */
export class SigningKeyNeeded extends Error {
  constructor(readonly region: string) {
    super(`no SNS signing key for ${region}`);
  }
}

/** The region's key: the stored one, else the prepared candidate, stored now. */
export async function signingKey(ctx: FanOutContext, candidate: SnsSigningKey | undefined): Promise<SnsSigningKey> {
  const stored = await ctx.tx.snsSigningKeys.get(ctx.region);
  if (stored) return stored;
  if (!candidate) throw new SigningKeyNeeded(ctx.region);
  return ctx.tx.snsSigningKeys.install(candidate);
}

function checkMessage(i: T.PublishInput): void {
  if (i.Message === '') throw invalidParameter('Message Reason: Empty message');
  if (Buffer.byteLength(i.Message, 'utf8') > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  if (i.Subject !== undefined && (i.Subject.length === 0 || i.Subject.length > 100 || /[\r\n]/.test(i.Subject))) {
    throw invalidParameter('Subject');
  }
  if (i.MessageStructure !== undefined && i.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
  for (const [name, v] of Object.entries(i.MessageAttributes ?? {})) {
    const type = /^(String|Number|Binary)(\..+)?$/.exec(v.DataType)?.[1];
    if (!type)
      throw invalidParameter(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    const has = type === 'Binary' ? v.BinaryValue !== undefined : v.StringValue !== undefined;
    if (!has)
      throw invalidParameter(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
  }
}

/** MessageStructure=json: a JSON object with a `default` message and optional per-protocol ones (Publish). */
function structuredMessage(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const o = parsed as Record<string, unknown>;
  if (!o || typeof o !== 'object' || typeof o.default !== 'string') {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return o as Record<string, string>;
}

/** The queue's Policy decides, for sns.amazonaws.com with the topic as aws:SourceArn; no Policy, no delivery. */
function queueAllows(policy: string | undefined, queueArn: string, topic: SnsTopic): boolean {
  if (!policy) return false;
  try {
    const context = { 'aws:SourceArn': topic.arn, 'aws:SourceAccount': topic.accountId };
    return evaluateResourcePolicyForService(parsePolicy(policy, 'resource'), 'sns.amazonaws.com', 'sqs:SendMessage', queueArn, context)
      .allowed;
  } catch {
    return false;
  }
}

async function deliverToQueue(deps: PublishDeps, call: FanOutContext, s: SnsSubscription, d: Delivery): Promise<void> {
  const queue = await call.tx.sqsQueues.get(s.endpoint);
  if (!queue || !queueAllows(queue.attributes.Policy, queue.arn, d.topic)) return;
  const raw = s.attributes.RawMessageDelivery === 'true';
  const body = raw ? d.message : JSON.stringify(notification(deps, call, s, d));
  const attrs = raw && d.attributes && Object.keys(d.attributes).length ? d.attributes : undefined;
  await call.tx.sqsMessages.enqueue({
    messageId: randomUUID(),
    queueArn: queue.arn,
    body,
    md5OfBody: md5OfBody(body),
    messageAttributes: attrs,
    md5OfMessageAttributes: attrs && md5OfMessageAttributes(attrs),
    senderId: SNS_SENDER_ID,
    sentAt: call.now,
    visibleAt: new Date(call.now.getTime() + Number(queue.attributes.DelaySeconds ?? 0) * 1000),
    receiveCount: 0,
  });
  if (deps.onDelivered) call.afterCommit(() => deps.onDelivered!(queue.arn));
}

/** Into the outbox: the notification (or, raw, the message), POSTed after commit and retried by the DeliveryPolicy. */
async function deliverToHttp(deps: PublishDeps, call: FanOutContext, s: SnsSubscription, d: Delivery): Promise<void> {
  const raw = s.attributes.RawMessageDelivery === 'true';
  const body = raw ? d.message : JSON.stringify(notification(deps, call, s, d));
  const headers = {
    'content-type': 'text/plain; charset=UTF-8',
    'x-amz-sns-message-type': 'Notification',
    'x-amz-sns-message-id': d.messageId,
    'x-amz-sns-topic-arn': d.topic.arn,
    'x-amz-sns-subscription-arn': s.arn,
    ...(raw ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
  };
  const retry = retryPolicyOf(s.attributes.DeliveryPolicy ?? d.topic.attributes.DeliveryPolicy);
  await enqueueHttp(call.tx, { subscriptionArn: s.arn, endpoint: s.endpoint, headers, body, retry, now: call.now }, deps.wakeHttp);
}

function notification(deps: PublishDeps, call: FanOutContext, s: SnsSubscription, d: Delivery): Notification {
  const endpoint = call.endpoint ?? 'http://localhost:4599';
  const version = d.topic.attributes.SignatureVersion === '2' ? '2' : '1';
  const signed = {
    Type: 'Notification' as const,
    MessageId: d.messageId,
    TopicArn: d.topic.arn,
    ...(d.subject !== undefined ? { Subject: d.subject } : {}),
    Message: d.message,
    Timestamp: call.now.toISOString(),
  };
  const attributes = envelopeAttributes(d.attributes);
  return {
    ...signed,
    SignatureVersion: version,
    Signature: deps.signer.sign(d.key, version, stringToSign(signed)),
    SigningCertURL: `${endpoint}${certificatePath(d.key.id)}`,
    UnsubscribeURL: `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(s.arn)}`,
    ...(attributes ? { MessageAttributes: attributes } : {}),
  };
}
