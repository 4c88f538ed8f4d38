/**
 * Subscription filter policies with @aws-sdk/client-sns, in-process: one topic, two SQS subscriptions (one
 * filtering on message attributes, one on the message body), Publish, and ReceiveMessage shows each queue exactly
 * the messages its policy accepts; an http subscription and EventBridge's SNS targets are filtered on the same
 * fan-out path; invalid policies get AWS's InvalidParameter 400 and leave the subscription as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { eventBridgeTopicPolicy, httpEndpoint, snsQueuePolicy } from '../support/notifications.js';

let h: GatewayHarness;
let sns: SNSClient;
let sqs: SQSClient;

beforeAll(async () => {
  h = await gatewayHarness({ flags: { autoActivate: true } });
  await h.app.start(); // the leader's workers: the http outbox and the EventBridge bus
  sns = new SNSClient(h.clientConfig());
  sqs = new SQSClient(h.clientConfig());
}, 60_000);
afterAll(() => h?.close());

const topic = async (Name: string) => (await sns.send(new CreateTopicCommand({ Name }))).TopicArn!;

/** A queue whose Policy lets `topicArn` send (SNS Developer Guide, "Fanout to Amazon SQS queues"). */
async function queueFor(name: string, topicArn: string): Promise<{ url: string; arn: string }> {
  const arn = `arn:aws:sqs:${h.region}:${h.accountId}:${name}`;
  const Policy = snsQueuePolicy(arn, topicArn);
  return { url: (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { Policy } }))).QueueUrl!, arn };
}

/** Every message in the queue now (Publish enqueues in its own transaction: nothing is still on its way). */
async function drain(QueueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if (!r.Messages?.length) return bodies;
    bodies.push(...r.Messages.map((m) => m.Body!));
  }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => ({ name: e.name, code: e.Code, status: e.$metadata?.httpStatusCode, message: e.message }),
  );

const str = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });
const num = (n: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(n) });

describe('filter policies at fan-out', () => {
  it('delivers to each SQS subscription exactly the messages its policy accepts, by attributes and by body', async () => {
    const arn = await topic('filtered-orders');
    const byAttrs = await queueFor('filtered-by-attrs', arn);
    const byBody = await queueFor('filtered-by-body', arn);
    const attrsPolicy = {
      store: ['example_corp'],
      price_usd: [{ numeric: ['>=', 100] }],
      interests: ['rugby', { prefix: 'foot' }],
    };
    const bodyPolicy = { order: { status: [{ 'anything-but': 'cancelled' }], region: [{ prefix: 'eu-' }] } };
    const attrSub = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: byAttrs.arn,
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(attrsPolicy) },
      }),
    );
    const bodySub = (
      await sns.send(
        new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: byBody.arn, Attributes: { RawMessageDelivery: 'true' } }),
      )
    ).SubscriptionArn!;
    for (const [AttributeName, AttributeValue] of [
      ['FilterPolicyScope', 'MessageBody'],
      ['FilterPolicy', JSON.stringify(bodyPolicy)],
    ]) {
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: bodySub, AttributeName, AttributeValue }));
    }
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: attrSub.SubscriptionArn }))).Attributes).toMatchObject({
      FilterPolicy: JSON.stringify(attrsPolicy),
      FilterPolicyScope: 'MessageAttributes',
    });
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: bodySub }))).Attributes).toMatchObject({
      FilterPolicyScope: 'MessageBody',
    });

    const order = (name: string, status: string, region: string) => JSON.stringify({ name, order: { status, region } });
    const interests = (list: string[]): MessageAttributeValue => ({ DataType: 'String.Array', StringValue: JSON.stringify(list) });
    const publishes: Array<[string, Record<string, MessageAttributeValue>]> = [
      [order('both', 'placed', 'eu-west-1'), { store: str('example_corp'), price_usd: num(150), interests: interests(['rugby']) }],
      [
        order('attrs-only', 'cancelled', 'eu-west-1'),
        { store: str('example_corp'), price_usd: num(100), interests: interests(['football']) },
      ],
      [
        order('body-only', 'shipped', 'eu-central-1'),
        { store: str('example_corp'), price_usd: num(99.99), interests: interests(['rugby']) },
      ],
      [order('neither', 'placed', 'us-east-1'), { store: str('other_corp'), price_usd: num(500), interests: interests(['rugby']) }],
      [
        order('binary-is-not-matched', 'cancelled', 'eu-west-1'),
        { store: { DataType: 'Binary', BinaryValue: Buffer.from('example_corp') }, price_usd: num(150), interests: interests(['rugby']) },
      ],
      [
        'not json: no body policy matches it',
        { store: str('example_corp'), price_usd: num(1e3), interests: interests(['chess', 'football']) },
      ],
    ];
    for (const [Message, MessageAttributes] of publishes) await sns.send(new PublishCommand({ TopicArn: arn, Message, MessageAttributes }));

    const names = (bodies: string[]) => bodies.map((b) => (b.startsWith('{') ? JSON.parse(b).name : b)).sort();
    expect(names(await drain(byAttrs.url))).toEqual(['attrs-only', 'both', 'not json: no body policy matches it']);
    expect(names(await drain(byBody.url))).toEqual(['body-only', 'both']);

    // Removing the policy (an empty value) lets every message through again.
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: bodySub, AttributeName: 'FilterPolicy', AttributeValue: '' }));
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'unfiltered' }));
    expect(await drain(byBody.url)).toEqual(['unfiltered']);
    expect(await drain(byAttrs.url)).toEqual([]);
  });

  it('filters http subscriptions on the same path: a message the policy refuses is never POSTed', async () => {
    const endpoint = await httpEndpoint();
    const next = async () => JSON.parse(await endpoint.next()) as Record<string, string>;
    try {
      const arn = await topic('filtered-http');
      const Attributes = { FilterPolicy: JSON.stringify({ kind: ['wanted'] }) };
      await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: endpoint.url, Attributes }));
      await sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: (await next()).Token }));
      await sns.send(new PublishCommand({ TopicArn: arn, Message: 'refused', MessageAttributes: { kind: str('unwanted') } }));
      await sns.send(new PublishCommand({ TopicArn: arn, Message: 'accepted', MessageAttributes: { kind: str('wanted') } }));
      // The outbox posts in order: had the refused message been queued, it would arrive first.
      expect((await next()).Message).toBe('accepted');
      expect(endpoint.bodies).toHaveLength(2);
    } finally {
      endpoint.close();
    }
  });

  it("filters EventBridge's SNS targets: the event is the message body", async () => {
    const eb = new EventBridgeClient(h.clientConfig());
    const arn = await topic('filtered-events');
    const rule = `arn:aws:events:${h.region}:${h.accountId}:rule/to-filtered-topic`;
    const Policy = eventBridgeTopicPolicy(arn, rule);
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'Policy', AttributeValue: Policy }));
    const q = await queueFor('filtered-events-q', arn);
    const Attributes = {
      RawMessageDelivery: 'true',
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({ detail: { size: [{ numeric: ['>', 10] }] } }),
    };
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes }));
    await eb.send(new PutRuleCommand({ Name: 'to-filtered-topic', EventPattern: '{"source":["com.example.filter"]}' }));
    await eb.send(new PutTargetsCommand({ Rule: 'to-filtered-topic', Targets: [{ Id: 'topic', Arn: arn }] }));
    for (const size of [5, 50]) {
      await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'com.example.filter', DetailType: 'T', Detail: JSON.stringify({ size }) }] }),
      );
    }
    // The bus worker handles events in order: once the second has arrived, the first was filtered, not late.
    const bodies: string[] = [];
    while (bodies.length === 0) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      bodies.push(...(r.Messages ?? []).map((m) => m.Body!));
    }
    expect(bodies.map((b) => JSON.parse(b).detail)).toEqual([{ size: 50 }]);
    expect(await drain(q.url)).toEqual([]);
  });
});

describe('invalid filter policies', () => {
  it.each([
    [{ key: [{ numeric: ['>', 3, '<', 1] }] }, 'Invalid parameter: FilterPolicy: Bottom must be less than top'],
    [{ key: [{ wildcard: 'a*' }] }, 'Invalid parameter: FilterPolicy: Unrecognized match type wildcard'],
    [{ key: [{ 'anything-but': { suffix: 'x' } }] }, 'Invalid parameter: FilterPolicy: Unsupported anything-but pattern: suffix'],
    [
      { a: ['1'], b: ['2'], c: ['3'], d: ['4'], e: ['5'], f: ['6'] },
      'Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys',
    ],
    [{ a: Array.from({ length: 151 }, (_, i) => i) }, 'Invalid parameter: FilterPolicy: Filter policy is too complex'],
    [{ object: { key: ['x'] } }, 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy'],
  ])('SetSubscriptionAttributes %j → 400 %s', async (policy, message) => {
    const arn = await topic('invalid-policies');
    const q = await queueFor('invalid-policies-q', arn);
    const sub = (await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }))).SubscriptionArn!;
    const set = new SetSubscriptionAttributesCommand({
      SubscriptionArn: sub,
      AttributeName: 'FilterPolicy',
      AttributeValue: JSON.stringify(policy),
    });
    expect(await failure(sns.send(set))).toEqual({ name: 'InvalidParameterException', code: 'InvalidParameter', status: 400, message });
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))).Attributes!.FilterPolicy).toBeUndefined();
  });

  it('Subscribe says "Attributes Reason:"; a scope the stored policy does not fit, or an unknown scope, is refused', async () => {
    const arn = await topic('invalid-subscribe');
    const q = await queueFor('invalid-subscribe-q', arn);
    const subscribe = (Attributes: Record<string, string>) =>
      failure(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes })));
    expect(await subscribe({ FilterPolicy: '{"key":[{"suffix":100}]}' })).toMatchObject({
      status: 400,
      message: 'Invalid parameter: Attributes Reason: FilterPolicy: suffix match pattern must be a string',
    });
    expect(await subscribe({ FilterPolicy: '{"key":[{"exists":"no"}]}', FilterPolicyScope: 'MessageBody' })).toMatchObject({
      message: 'Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.',
    });
    const sub = (
      await sns.send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: 'sqs',
          Endpoint: q.arn,
          Attributes: { FilterPolicyScope: 'MessageBody', FilterPolicy: '{"order":{"id":["o-1"]}}' },
        }),
      )
    ).SubscriptionArn!;
    const setScope = (AttributeValue: string) =>
      failure(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicyScope', AttributeValue })));
    expect(await setScope('MessageAttributes')).toMatchObject({
      status: 400,
      message: 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    });
    expect(await setScope('RandomValue')).toMatchObject({
      status: 400,
      message: 'Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes',
    });
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))).Attributes!.FilterPolicyScope).toBe(
      'MessageBody',
    );
  });

  it('refuses a 201st filter policy on a topic with FilterPolicyLimitExceeded; subscriptions without one still work', async () => {
    const arn = await topic('filter-quota');
    const endpoint = (i: number) => `arn:aws:sqs:${h.region}:${h.accountId}:filter-quota-${i}`;
    const FilterPolicy = JSON.stringify({ kind: ['a'] });
    let first = '';
    for (let i = 0; i < 200; i++) {
      const sub = await sns.send(
        new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: endpoint(i), Attributes: { FilterPolicy } }),
      );
      first ||= sub.SubscriptionArn!;
    }
    const subscribe = new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: endpoint(200), Attributes: { FilterPolicy } });
    expect(await failure(sns.send(subscribe))).toMatchObject({
      name: 'FilterPolicyLimitExceededException',
      code: 'FilterPolicyLimitExceeded',
      status: 403,
    });
    const plain = (await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: endpoint(200) }))).SubscriptionArn!;
    const set = (SubscriptionArn: string) =>
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"kind":["b"]}' }));
    expect(await failure(set(plain))).toMatchObject({ code: 'FilterPolicyLimitExceeded', status: 403 });
    await set(first); // replacing a policy adds none
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: first }))).Attributes!.FilterPolicy).toBe(
      '{"kind":["b"]}',
    );
  }, 120_000);

  it('answers every fuzzed policy with a 200 or the AWS-shaped 400, never a 500', async () => {
    const arn = await topic('fuzzed-policies');
    const q = await queueFor('fuzzed-policies-q', arn);
    const sub = (await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }))).SubscriptionArn!;
    const fuzz = [
      '[]',
      '"text"',
      'null',
      '{"a":[]}',
      '{"a":{}}',
      '{"$or":[]}',
      '{"$or":[{"a":["x"]},"y"]}',
      '{"a":[{"numeric":[">",1e400]}]}',
      '{"a":[{"cidr":"300.1.1.1/8"}]}',
      '{"a":[{"prefix":{"equals-ignore-case":"x"}}]}',
      '{"__proto__":["x"]}',
      '{"a":[{"anything-but":[]}]}',
      `{"a":${'['.repeat(50)}${']'.repeat(50)}}`,
      '{"a":["\\ud800"]}',
    ];
    for (const AttributeValue of fuzz) {
      const got = await failure(
        sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue })),
      );
      if (got)
        expect(got, AttributeValue).toMatchObject({
          code: 'InvalidParameter',
          status: 400,
          message: expect.stringMatching(/^Invalid parameter: FilterPolicy: /),
        });
    }
  });
});
