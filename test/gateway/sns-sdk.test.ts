/**
 * SNS through @aws-sdk/client-sns (awsQuery), in-process: topics, attributes, tags, sqs subscriptions, Publish
 * delivered into SQS queues (read back with @aws-sdk/client-sqs), signed envelopes verified with node:crypto
 * against the served certificate, and what CloudTrail records.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { snsCertificateRoute } from '../../src/app/sns-certificate.js';
import { bodyBuffer } from '../../src/gateway/in-process.js';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { snsQueuePolicy } from '../support/notifications.js';

let h: GatewayHarness;
let sns: SNSClient;
let sqs: SQSClient;

beforeAll(async () => {
  h = await gatewayHarness();
  await h.app.start(); // the leader's workers: http/https deliveries go through the outbox worker
  sns = new SNSClient(h.clientConfig());
  sqs = new SQSClient(h.clientConfig());
});
afterAll(() => h?.close());

const topic = async (Name: string, Attributes?: Record<string, string>) =>
  (await sns.send(new CreateTopicCommand({ Name, Attributes }))).TopicArn!;
const topicAttrs = async (TopicArn: string) => (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;

/** A queue whose Policy lets this topic's notifications in, as the SNS Developer Guide's fanout example writes it. */
async function queueFor(name: string, topicArn: string, policy = true): Promise<{ url: string; arn: string }> {
  const arn = `arn:aws:sqs:${h.region}:${h.accountId}:${name}`;
  const Policy = snsQueuePolicy(arn, topicArn);
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: policy ? { Policy } : {} }))).QueueUrl!;
  return { url, arn };
}

const receive = async (QueueUrl: string) =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? [];

async function certificate(url: string): Promise<{ status: number; body: string }> {
  const path = new URL(url).pathname;
  const res = await snsCertificateRoute(h.app.store)({ method: 'GET', url: path } as http.IncomingMessage)!;
  return { status: res.status, body: (await bodyBuffer(res.body)).toString('utf8') };
}

describe('topics', () => {
  it('creates idempotently, lists, reads computed attributes, sets attributes, deletes', async () => {
    const arn = await topic('orders', { DisplayName: 'Orders' });
    expect(arn).toBe(`arn:aws:sns:${h.region}:${h.accountId}:orders`);
    expect(await topic('orders', { DisplayName: 'Orders' })).toBe(arn);
    await expect(topic('orders', { DisplayName: 'Other' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(topic('bad name!')).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const attrs = await topicAttrs(arn);
    expect(attrs).toMatchObject({
      TopicArn: arn,
      Owner: h.accountId,
      DisplayName: 'Orders',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(attrs.Policy!).Statement[0].Resource).toBe(arn);

    const delivery = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5 } } });
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: delivery }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'Renamed' }));
    expect(await topicAttrs(arn)).toMatchObject({ DeliveryPolicy: delivery, DisplayName: 'Renamed' });
    await expect(
      sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'NoSuchThing', AttributeValue: 'x' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'SignatureVersion', AttributeValue: '3' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const listed = (await sns.send(new ListTopicsCommand({}))).Topics!.map((t) => t.TopicArn);
    expect(listed).toContain(arn);
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await expect(topicAttrs(arn)).rejects.toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
    await sns.send(new DeleteTopicCommand({ TopicArn: arn })); // idempotent
    await expect(sns.send(new DeleteTopicCommand({ TopicArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('pages ListTopics by 100 with NextToken', async () => {
    const made = new Set<string>();
    for (let n = 0; n < 105; n++) made.add(await topic(`page-${String(n).padStart(3, '0')}`));
    const first = await sns.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    const all = [...first.Topics!, ...second.Topics!].map((t) => t.TopicArn!);
    expect(second.NextToken).toBeUndefined();
    for (const arn of made) expect(all).toContain(arn);
    expect(new Set(all).size).toBe(all.length);
  });

  it('tags: create with tags, tag, untag, list; unknown topic is ResourceNotFound', async () => {
    const arn = (await sns.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'a' }] }))).TopicArn!;
    await sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    await expect(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:sns:${h.region}:${h.accountId}:nope` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('subscriptions and Publish into SQS', () => {
  it('subscribes a queue (confirmed at once), lists, reads and sets attributes, unsubscribes', async () => {
    const arn = await topic('subs');
    const q = await queueFor('subs-q', arn);
    const sub = (await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }))).SubscriptionArn!;
    expect(sub).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    expect((await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }))).SubscriptionArn).toBe(sub);
    expect(await topicAttrs(arn)).toMatchObject({ SubscriptionsConfirmed: '1', SubscriptionsPending: '0' });
    const byTopic = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions!;
    expect(byTopic).toEqual([{ SubscriptionArn: sub, Owner: h.accountId, Protocol: 'sqs', Endpoint: q.arn, TopicArn: arn }]);
    expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions!.map((s) => s.SubscriptionArn)).toContain(sub);

    await sns.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }),
    );
    const filter = JSON.stringify({ kind: ['a'] });
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: filter }));
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))).Attributes).toMatchObject({
      SubscriptionArn: sub,
      TopicArn: arn,
      Protocol: 'sqs',
      Endpoint: q.arn,
      PendingConfirmation: 'false',
      RawMessageDelivery: 'true',
      FilterPolicy: filter,
    });
    await expect(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'a@example.com' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: 'not-an-arn' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });

    await sns.send(new UnsubscribeCommand({ SubscriptionArn: sub }));
    expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions).toEqual([]);
    await expect(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('delivers signed envelopes (SignatureVersion 1 and 2) that verify against the served certificate', async () => {
    for (const version of ['1', '2']) {
      const arn = await topic(`signed-v${version}`, { SignatureVersion: version });
      const q = await queueFor(`signed-v${version}-q`, arn);
      await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }));
      const published = await sns.send(
        new PublishCommand({
          TopicArn: arn,
          Message: 'hello {"json": true}',
          Subject: 'greeting',
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: 'test' },
            raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
          },
        }),
      );
      const [m, ...more] = await receive(q.url);
      expect(more).toEqual([]);
      const env = JSON.parse(m!.Body!);
      expect(env).toMatchObject({
        Type: 'Notification',
        MessageId: published.MessageId,
        TopicArn: arn,
        Subject: 'greeting',
        Message: 'hello {"json": true}',
        SignatureVersion: version,
        MessageAttributes: { kind: { Type: 'String', Value: 'test' }, raw: { Type: 'Binary', Value: 'AQI=' } },
      });
      expect(env.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(env.SigningCertURL).toMatch(/^http:\/\/127\.0\.0\.1:4599\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
      expect(env.UnsubscribeURL).toContain(encodeURIComponent(arn));

      const cert = await certificate(env.SigningCertURL);
      expect(cert.status).toBe(200);
      const x509 = new X509Certificate(cert.body);
      const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${env[k]}\n`).join('');
      const verify = (text: string) =>
        createVerify(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
          .update(text, 'utf8')
          .verify(x509.publicKey, env.Signature, 'base64');
      expect(verify(canonical)).toBe(true);
      expect(verify(canonical.replace('hello', 'jello'))).toBe(false);
    }
    expect((await certificate('http://x/SimpleNotificationService-00000000000000000000000000000000.pem')).status).toBe(404);
  });

  it('raw delivery sends the message itself, with its attributes as SQS message attributes', async () => {
    const arn = await topic('raw');
    const q = await queueFor('raw-q', arn);
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'raw body', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }),
    );
    const [m] = await receive(q.url);
    expect(m!.Body).toBe('raw body');
    expect(m!.MessageAttributes).toEqual({ k: { DataType: 'String', StringValue: 'v' } });
  });

  it("honours the queue's Policy: a queue without one, or allowing another topic, receives nothing", async () => {
    const arn = await topic('guarded');
    const other = await topic('other');
    const open = await queueFor('guarded-open', arn);
    const closed = await queueFor('guarded-closed', arn, false);
    const wrong = await queueFor('guarded-wrong', other);
    for (const q of [open, closed, wrong]) await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }));
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'm' }));
    expect(await receive(open.url)).toHaveLength(1);
    expect(await receive(closed.url)).toEqual([]);
    expect(await receive(wrong.url)).toEqual([]);
  });

  it('MessageStructure json picks the sqs entry, else default; Publish to a missing topic is NotFound', async () => {
    const arn = await topic('structured');
    const q = await queueFor('structured-q', arn);
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn: arn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', sqs: 's' }) }));
    await sns.send(new PublishCommand({ TopicArn: arn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd' }) }));
    expect((await receive(q.url)).map((m) => m.Body).sort()).toEqual(['d', 's']);
    await expect(sns.send(new PublishCommand({ TopicArn: arn, MessageStructure: 'json', Message: '{}' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${h.region}:${h.accountId}:missing`, Message: 'm' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});

describe('http/https subscriptions', () => {
  interface Received {
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  async function endpoint(): Promise<{
    url: string;
    got: Received[];
    next: () => Promise<Received>;
    failNext: (n: number) => void;
    close: () => void;
  }> {
    const got: Received[] = [];
    let failures = 0;
    const waiters: Array<() => void> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.statusCode = failures-- > 0 ? 500 : 200;
        res.end();
        waiters.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    let taken = 0;
    const next = async (): Promise<Received> => {
      while (got.length <= taken) await new Promise<void>((r) => waiters.push(r));
      return got[taken++]!;
    };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    return { url, got, next, failNext: (n) => (failures = n), close: () => server.close() };
  }

  async function verifies(env: Record<string, string>, keys: string[]): Promise<boolean> {
    const cert = new X509Certificate((await certificate(env.SigningCertURL!)).body);
    const text = keys
      .filter((k) => env[k] !== undefined)
      .map((k) => `${k}\n${env[k]}\n`)
      .join('');
    return createVerify(env.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(text)
      .verify(cert.publicKey, env.Signature!, 'base64');
  }

  it('sends a signed SubscriptionConfirmation; ConfirmSubscription(Token) confirms; Publish POSTs signed notifications', async () => {
    const hook = await endpoint();
    try {
      const arn = await topic('http-topic', { SignatureVersion: '2' });
      const answer = await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: hook.url }));
      expect(answer.SubscriptionArn).toBe('pending confirmation');
      expect(await topicAttrs(arn)).toMatchObject({ SubscriptionsConfirmed: '0', SubscriptionsPending: '1' });
      const confirmation = await hook.next();
      expect(confirmation.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
      const c = JSON.parse(confirmation.body);
      expect(c).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: arn, SignatureVersion: '2' });
      expect(await verifies(c, ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'])).toBe(true);
      await expect(sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: 'wrong' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: c.Token }));
      expect(confirmed.SubscriptionArn).toMatch(new RegExp(`^${arn}:`));
      expect(await topicAttrs(arn)).toMatchObject({ SubscriptionsConfirmed: '1', SubscriptionsPending: '0' });

      const published = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'over http', Subject: 's' }));
      const n = await hook.next();
      expect(n.headers).toMatchObject({
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-subscription-arn': confirmed.SubscriptionArn,
      });
      const env = JSON.parse(n.body);
      expect(env).toMatchObject({ Type: 'Notification', MessageId: published.MessageId, Message: 'over http', Subject: 's' });
      expect(await verifies(env, ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'])).toBe(true);
    } finally {
      hook.close();
    }
  });

  it("retries a failing endpoint as the topic's DeliveryPolicy says", async () => {
    const hook = await endpoint();
    try {
      const policy = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 } } });
      const arn = await topic('http-retry', { DeliveryPolicy: policy });
      await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: hook.url }));
      const token = JSON.parse((await hook.next()).body).Token;
      await sns.send(new ConfirmSubscriptionCommand({ TopicArn: arn, Token: token }));
      hook.failNext(2); // two 500s: the third try (the second retry, 1 s apart) is answered 200
      await sns.send(new PublishCommand({ TopicArn: arn, Message: 'retried' }));
      const tries = [await hook.next(), await hook.next(), await hook.next()];
      expect(tries.map((t) => JSON.parse(t.body).Message)).toEqual(['retried', 'retried', 'retried']);
      await new Promise((r) => setTimeout(r, 1500));
      expect(hook.got).toHaveLength(4); // the confirmation and three tries, no more after the 200
    } finally {
      hook.close();
    }
  }, 20_000);

  it('refuses an http endpoint that is not an http URL', async () => {
    const arn = await topic('http-bad');
    await expect(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'https', Endpoint: 'http://x/' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: 'not a url' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('IAM', () => {
  it('needs sns:<Op> on the topic ARN; the default topic policy grants nothing by itself', async () => {
    const arn = await topic('guarded-by-iam');
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'publisher' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'publisher' }))).AccessKey!;
    const publisher = new SNSClient(h.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    await expect(publisher.send(new PublishCommand({ TopicArn: arn, Message: 'm' }))).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
      Code: 'AuthorizationError',
      $metadata: { httpStatusCode: 403 },
    });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'publisher',
        PolicyName: 'publish',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: arn }] }),
      }),
    );
    expect((await publisher.send(new PublishCommand({ TopicArn: arn, Message: 'm' }))).MessageId).toBeDefined();
    await expect(publisher.send(new CreateTopicCommand({ Name: 'not-mine' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(publisher.send(new DeleteTopicCommand({ TopicArn: arn }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('CloudTrail', () => {
  it('records topic calls as management events, and Publish as a data event only once selected, message hidden', async () => {
    const arn = await topic('audited');
    const create = h.records().filter((r) => r.eventName === 'CreateTopic' && r.requestParameters?.name === 'audited');
    expect(create[0]).toMatchObject({ eventSource: 'sns.amazonaws.com', managementEvent: true, readOnly: false });
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'before selection' }));
    expect(h.records().filter((r) => r.eventName === 'Publish')).toEqual([]);

    const s3 = new S3Client(h.clientConfig());
    const ct = new CloudTrailClient(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'sns-trail-logs' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'sns-trail-logs', Policy: cloudTrailBucketPolicy('sns-trail-logs', h.accountId) }));
    await ct.send(new CreateTrailCommand({ Name: 'sns-data', S3BucketName: 'sns-trail-logs' }));
    await ct.send(new StartLoggingCommand({ Name: 'sns-data' }));
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'sns-data',
        AdvancedEventSelectors: [
          {
            Name: 'sns publish',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::SNS::Topic'] },
            ],
          },
        ],
      }),
    );
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'top secret message', Subject: 'secret subject' }));
    const data = h.records().filter((r) => r.eventName === 'Publish');
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      eventCategory: 'Data',
      managementEvent: false,
      resources: [{ type: 'AWS::SNS::Topic', ARN: arn, accountId: h.accountId }],
      requestParameters: { topicArn: arn, message: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    });
    expect(JSON.stringify(h.records())).not.toMatch(/top secret message|before selection|secret subject/);
  });
});
