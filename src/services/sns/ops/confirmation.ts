/**
 * http/https subscriptions: Subscribe leaves them pending and, after commit, POSTs a signed SubscriptionConfirmation
 * carrying a Token to the endpoint; ConfirmSubscription with that Token confirms (SNS Developer Guide, "Fanout to
 * HTTP/S endpoints"). The SubscribeURL is this server's ConfirmSubscription as a plain GET: like AWS's, it needs no
 * signature, the Token is the proof (SNS API Reference, ConfirmSubscription: "This call requires an AWS signature
 * only when the AuthenticateOnUnsubscribe flag is set to true").
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsSigningKey, SnsSubscription, SnsTopic } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { stringToSign } from '../envelope.js';
import { invalidParameter } from '../errors.js';
import { enqueueHttp, retryPolicyOf } from '../http-delivery.js';
import { certificatePath } from '../signing.js';
import { topicOf } from '../context.js';
import type { PublishDeps } from './publish.js';

export function checkHttpEndpoint(protocol: string, endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalidParameter('Endpoint Reason: not a URL');
  }
  if (url.protocol !== `${protocol}:`) throw invalidParameter(`Endpoint Reason: ${protocol} endpoint must start with ${protocol}://`);
}

export const newToken = () => randomBytes(64).toString('hex');

/** Into the outbox (POSTed after commit): the SubscriptionConfirmation for a new pending subscription. */
export async function sendConfirmation(
  deps: PublishDeps,
  call: CallContext,
  topic: SnsTopic,
  s: SnsSubscription,
  key: SnsSigningKey,
): Promise<void> {
  const endpoint = call.endpoint ?? 'http://localhost:4599';
  const version = topic.attributes.SignatureVersion === '2' ? '2' : '1';
  const token = s.confirmationToken!;
  const signed = {
    Type: 'SubscriptionConfirmation',
    MessageId: randomUUID(),
    Token: token,
    TopicArn: topic.arn,
    Message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `${endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic.arn)}&Token=${token}`,
    Timestamp: call.now.toISOString(),
  };
  const body = JSON.stringify({
    ...signed,
    SignatureVersion: version,
    Signature: deps.signer.sign(key, version, stringToSign(signed)),
    SigningCertURL: `${endpoint}${certificatePath(key.id)}`,
  });
  const headers = {
    'content-type': 'text/plain; charset=UTF-8',
    'x-amz-sns-message-type': 'SubscriptionConfirmation',
    'x-amz-sns-message-id': signed.MessageId,
    'x-amz-sns-topic-arn': topic.arn,
  };
  const retry = retryPolicyOf(s.attributes.DeliveryPolicy ?? topic.attributes.DeliveryPolicy);
  await enqueueHttp(call.tx, { subscriptionArn: s.arn, endpoint: s.endpoint, headers, body, retry, now: call.now }, deps.wakeHttp);
}

/**
 * Confirms the subscription the Token was sent for. A signed call with AuthenticateOnUnsubscribe `true` makes the
 * subscription's Unsubscribe need a signature too (ConfirmationWasAuthenticated); an unsigned one cannot.
 */
export async function confirmSubscription(call: CallContext, i: T.ConfirmSubscriptionInput): Promise<T.ConfirmSubscriptionResponse> {
  const topic = await topicOf(call, i.TopicArn);
  const s = await call.tx.snsSubscriptions.byToken(topic.arn, i.Token);
  if (!s) throw invalidParameter('Token');
  await call.tx.snsSubscriptions.confirm(s.arn);
  if (call.principal.type !== 'Anonymous' && i.AuthenticateOnUnsubscribe?.toLowerCase() === 'true') {
    await call.tx.snsSubscriptions.setAttributes(s.arn, { ...s.attributes, [AUTHENTICATED]: 'true' });
  }
  return { SubscriptionArn: s.arn };
}

/** Stored with a subscription's attributes once its Unsubscribe needs a signature. */
const AUTHENTICATED = 'ConfirmationWasAuthenticated';

/** Whether Unsubscribe must be signed: queues are subscribed by a signed Subscribe; http/https as confirmed. */
export const unsubscribeNeedsSignature = (s: SnsSubscription) => s.protocol === 'sqs' || s.attributes[AUTHENTICATED] === 'true';
