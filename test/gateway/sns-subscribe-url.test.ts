/**
 * An SNS message's SubscribeURL and UnsubscribeURL work as a plain, unsigned GET, as on AWS: the Token (or the
 * subscription's ARN) is the proof, no IAM policy applies, and the call is recorded with CloudTrail's anonymous
 * identity. Every other unsigned request is still refused, and a subscription confirmed with
 * AuthenticateOnUnsubscribe can only be unsubscribed by a signed call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { httpEndpoint, type HttpEndpoint } from '../support/notifications.js';

let h: GatewayHarness;
let sns: SNSClient;
let endpoint: HttpEndpoint;

beforeAll(async () => {
  endpoint = await httpEndpoint();
  h = await gatewayHarness();
  await h.app.start();
  sns = new SNSClient(h.clientConfig());
}, 60_000);

afterAll(async () => {
  endpoint?.close();
  await h?.close();
});

const nextMessage = async () => JSON.parse(await endpoint.next()) as Record<string, string>;

/** What a subscriber does with a message's URL: GET it, no credentials. */
function visit(url: string) {
  const u = new URL(url);
  return h.send({ method: 'GET', path: u.pathname, query: u.search.slice(1), headers: { host: u.host } }, { sourceIp: '192.0.2.7' });
}

async function pendingSubscription(topic: string): Promise<{ TopicArn: string; confirmation: Record<string, string> }> {
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: topic }))).TopicArn!;
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url }));
  const confirmation = await nextMessage();
  expect(confirmation.Type).toBe('SubscriptionConfirmation');
  return { TopicArn, confirmation };
}

const subscriptionsOf = async (TopicArn: string) =>
  (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!.map((s) => s.SubscriptionArn);

describe('SNS SubscribeURL and UnsubscribeURL', () => {
  it('a plain GET of the SubscribeURL confirms, a GET of the UnsubscribeURL unsubscribes, both recorded as anonymous', async () => {
    const { TopicArn, confirmation } = await pendingSubscription('subscribe-url');
    expect(confirmation.SubscribeURL).toMatch(/\?Action=ConfirmSubscription&TopicArn=.+&Token=[0-9a-f]{128}$/);
    const confirmed = await visit(confirmation.SubscribeURL!);
    expect(confirmed.status, confirmed.body).toBe(200);
    const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(confirmed.body)![1]!;
    expect(subscriptionArn.startsWith(`${TopicArn}:`)).toBe(true);
    expect(await subscriptionsOf(TopicArn)).toEqual([subscriptionArn]);
    const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes!;
    expect(attributes).toMatchObject({ PendingConfirmation: 'false', ConfirmationWasAuthenticated: 'false' });

    const [record] = h.recordsFor(confirmed.headers['x-amzn-requestid']!);
    expect(record).toMatchObject({
      eventSource: 'sns.amazonaws.com',
      eventName: 'ConfirmSubscription',
      userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'anonymous' },
      sourceIPAddress: '192.0.2.7',
      awsRegion: TopicArn.split(':')[3],
      requestParameters: { topicArn: TopicArn },
      responseElements: { subscriptionArn },
    });
    expect(record!.errorCode).toBeUndefined();

    await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
    const notification = await nextMessage();
    expect(notification).toMatchObject({ Type: 'Notification', Message: 'hello' });
    const unsubscribed = await visit(notification.UnsubscribeURL!);
    expect(unsubscribed.status, unsubscribed.body).toBe(200);
    expect(await subscriptionsOf(TopicArn)).toEqual([]);
    expect(h.recordsFor(unsubscribed.headers['x-amzn-requestid']!)[0]).toMatchObject({
      eventName: 'Unsubscribe',
      userIdentity: { type: 'AWSAccount', accountId: 'anonymous' },
      requestParameters: { subscriptionArn },
    });
  }, 60_000);

  it('a wrong Token is refused and recorded; every other unsigned request still needs a signature', async () => {
    const { confirmation } = await pendingSubscription('wrong-token');
    const wrong = await visit(confirmation.SubscribeURL!.replace(/Token=[0-9a-f]{8}/, 'Token=00000000'));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('<Code>InvalidParameter</Code>');
    expect(h.recordsFor(wrong.headers['x-amzn-requestid']!)[0]).toMatchObject({
      eventName: 'ConfirmSubscription',
      userIdentity: { type: 'AWSAccount', accountId: 'anonymous' },
      errorCode: 'InvalidParameter',
    });

    // Unsigned SNS actions other than these two route as any unsigned request does (to S3) and are refused there.
    const url = new URL(confirmation.SubscribeURL!);
    for (const query of ['Action=ListTopics', `Action=Publish&TopicArn=${encodeURIComponent(confirmation.TopicArn!)}&Message=x`]) {
      const refused = await h.send({ method: 'GET', path: '/', query, headers: { host: url.host } });
      expect(refused.status, query).toBe(403);
      expect(refused.body, query).toContain('<Code>AccessDenied</Code>');
    }
  }, 60_000);

  it('after a signed confirmation with AuthenticateOnUnsubscribe, only a signed Unsubscribe works', async () => {
    const { TopicArn, confirmation } = await pendingSubscription('authenticated-unsubscribe');
    const { SubscriptionArn } = await sns.send(
      new ConfirmSubscriptionCommand({ TopicArn, Token: confirmation.Token, AuthenticateOnUnsubscribe: 'true' }),
    );
    const attributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    expect(attributes.ConfirmationWasAuthenticated).toBe('true');

    const query = `Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(SubscriptionArn!)}`;
    const refused = await h.send({ method: 'GET', path: '/', query, headers: { host: new URL(confirmation.SubscribeURL!).host } });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>AuthorizationError</Code>');
    expect(await subscriptionsOf(TopicArn)).toEqual([SubscriptionArn]);

    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    expect(await subscriptionsOf(TopicArn)).toEqual([]);
  }, 60_000);
});
