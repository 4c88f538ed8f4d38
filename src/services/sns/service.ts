/**
 * Amazon SNS (API 2010-03-31, awsQuery) as the gateway hosts it: standard topics, `sqs` and http/https subscriptions, Publish
 * with signed notifications. Other protocols, FIFO topics, SMS and mobile push are refused.
 */
import { model } from '../../protocol/generated/sns.js';
import { QueryCodec } from '../../protocol/aws-query/codec.js';
import type { SecretBox } from '../../identity/store/secret-box.js';
import type { CallContext, ServiceDefinition } from '../service.js';
import type * as T from '../../protocol/generated/sns.js';
import { snsAudit } from './audit.js';
import { confirmSubscription } from './ops/confirmation.js';
import { authorizeSns } from './authorize.js';
import { prepareKey, publish, type PublishDeps } from './ops/publish.js';
import * as subs from './ops/subscriptions.js';
import * as tags from './ops/tags.js';
import * as topics from './ops/topics.js';
import { NotificationSigner } from './signing.js';
import { HttpDeliveryWorker } from './http-delivery.js';
import type { Store } from '../../storage/ports.js';
import { servicePublisher, type ServicePublisher } from './service-publisher.js';

export interface SnsDeps {
  box: SecretBox;
  /** The http/https outbox's worker reads and updates it here. */
  store: Store;
  onDelivered?: (queueArn: string) => void;
}

/** A message's SubscribeURL and UnsubscribeURL: plain GETs (no Version, no signature), the Token or the ARN their proof. */
const ANONYMOUS = ['ConfirmSubscription', 'Unsubscribe'];
const regionOfArn = (i: { TopicArn?: string; SubscriptionArn?: string }) => (i.TopicArn ?? i.SubscriptionArn)?.split(':')[3];

/** The ops take the call first (it reads as `ctx, input`); the gateway passes input first. */
const op =
  <I, O>(fn: (call: CallContext, input: I) => Promise<O>) =>
  (input: I, call: CallContext) =>
    fn(call, input);

/**
 * `publisher` is the port CloudTrail and S3 publish through (service-publisher.ts), `publishDeps` what EventBridge's
 * SNS targets fan out with (one signer, one outbox), `httpDelivery` the leader's outbox worker.
 */
export function snsService(
  deps: SnsDeps,
): ServiceDefinition & { publisher: ServicePublisher; publishDeps: PublishDeps; httpDelivery: HttpDeliveryWorker } {
  const httpDelivery = new HttpDeliveryWorker(deps.store);
  const publishDeps: PublishDeps = { signer: new NotificationSigner(deps.box), onDelivered: deps.onDelivered, wakeHttp: httpDelivery.wake };
  const operations: ServiceDefinition['operations'] = {
    CreateTopic: op(topics.createTopic),
    DeleteTopic: op(topics.deleteTopic),
    ListTopics: op(topics.listTopics),
    GetTopicAttributes: op(topics.getTopicAttributes),
    SetTopicAttributes: op(topics.setTopicAttributes),
    TagResource: op(tags.tagResource),
    UntagResource: op(tags.untagResource),
    ListTagsForResource: op(tags.listTagsForResource),
    Subscribe: {
      prepare: (i: T.SubscribeInput, call: CallContext) => subs.prepareSubscribe(publishDeps, call, i),
      execute: (i, call, candidate) => subs.subscribe(publishDeps, call, i, candidate),
    },
    ConfirmSubscription: op(confirmSubscription),
    Unsubscribe: op(subs.unsubscribe),
    ListSubscriptions: op(subs.listSubscriptions),
    ListSubscriptionsByTopic: op(subs.listSubscriptionsByTopic),
    GetSubscriptionAttributes: op(subs.getSubscriptionAttributes),
    SetSubscriptionAttributes: op(subs.setSubscriptionAttributes),
    Publish: {
      prepare: (_i: unknown, call: CallContext) => prepareKey(publishDeps, call),
      execute: (i, call, candidate) => publish(publishDeps, call, i, candidate),
    },
  };
  return {
    id: 'sns',
    protocol: 'query',
    eventSource: 'sns.amazonaws.com',
    actionPrefix: 'sns',
    model,
    operations,
    authorize: authorizeSns,
    codec: new QueryCodec(model, { unversioned: ANONYMOUS }),
    anonymous: { operations: ANONYMOUS, regionOf: regionOfArn },
    audit: snsAudit,
    publisher: servicePublisher(publishDeps),
    publishDeps,
    httpDelivery,
  };
}
