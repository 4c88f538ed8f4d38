/**
 * EventBridge targets' RetryPolicy and DeadLetterConfig, in-process through the SDK: PutTargets validates and
 * ListTargetsByRule returns them; a target whose queue policy refuses, or whose queue is gone, is not retried (as
 * AWS documents) and its event goes to the dead-letter queue with AWS's attributes; a throttled invocation is
 * retried with backoff until MaximumRetryAttempts, then dead-lettered; owed retries survive a stopped worker and
 * nothing is delivered twice after it restarts; a throttled SNS target is retried through its topic; MaximumEventAgeInSeconds
 * ends the retries of an event that would be (or is) older than it, both at the first failure and in the retry worker.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { eventBridgeTopicPolicy } from '../support/notifications.js';

interface Clients {
  h: GatewayHarness;
  eb: EventBridgeClient;
  sqs: SQSClient;
}

async function clients(env: Record<string, string> = {}): Promise<Clients> {
  const h = await gatewayHarness({ env });
  return { h, eb: new EventBridgeClient(h.clientConfig()), sqs: new SQSClient(h.clientConfig()) };
}

const ruleArn = (c: Clients, name: string) => `arn:aws:events:${c.h.region}:${c.h.accountId}:rule/${name}`;
const queueArn = (c: Clients, name: string) => `arn:aws:sqs:${c.h.region}:${c.h.accountId}:${name}`;

/** A queue whose Policy lets `rules` send (none: no Policy, so EventBridge may not send). */
async function queue(c: Clients, name: string, rules: string[], service = 'events.amazonaws.com'): Promise<string> {
  const arn = queueArn(c, name);
  const Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: arn,
        Condition: { ArnEquals: { 'aws:SourceArn': rules } },
      },
    ],
  });
  return (await c.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: rules.length ? { Policy } : {} }))).QueueUrl!;
}

async function receive(c: Clients, url: string, want: number, deadlineMs = 30_000): Promise<Message[]> {
  const got: Message[] = [];
  const end = Date.now() + deadlineMs;
  while (got.length < want && Date.now() < end) {
    const r = await c.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    got.push(...(r.Messages ?? []));
  }
  return got;
}

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const attrs = (m: Message) => Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
const entries = (n: number, source = 'com.example.retry') =>
  Array.from({ length: n }, (_, i) => ({ Source: source, DetailType: 'Order', Detail: JSON.stringify({ n: i }) }));
const eventBridgeHealth = (c: Clients) => c.h.app.health().eventBridge as Record<string, number>;
const owed = (c: Clients) => c.h.app.store.read((tx) => tx.eventTargetRetries.count());

describe('EventBridge RetryPolicy and DeadLetterConfig (in-process)', () => {
  let c: Clients;
  beforeAll(async () => {
    c = await clients();
    await c.h.app.start();
  }, 60_000);
  afterAll(() => c?.h.close());

  it('PutTargets keeps RetryPolicy and DeadLetterConfig, and refuses what AWS refuses', async () => {
    await c.eb.send(new PutRuleCommand({ Name: 'keep', EventPattern: JSON.stringify({ source: ['com.example.keep'] }) }));
    const target = {
      Id: 'q',
      Arn: queueArn(c, 'keep-target'),
      RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 120 },
      DeadLetterConfig: { Arn: queueArn(c, 'keep-dlq') },
    };
    const bad = [
      { Id: 'topic-dlq', Arn: queueArn(c, 'x'), DeadLetterConfig: { Arn: `arn:aws:sns:${c.h.region}:${c.h.accountId}:t` } },
      { Id: 'other-region', Arn: queueArn(c, 'x'), DeadLetterConfig: { Arn: `arn:aws:sqs:eu-west-3:${c.h.accountId}:d` } },
      { Id: 'other-account', Arn: queueArn(c, 'x'), DeadLetterConfig: { Arn: `arn:aws:sqs:${c.h.region}:999999999999:d` } },
    ];
    const put = await c.eb.send(new PutTargetsCommand({ Rule: 'keep', Targets: [target, ...bad] }));
    expect(put.FailedEntryCount).toBe(3);
    expect(put.FailedEntries!.map((f) => [f.TargetId, f.ErrorCode])).toEqual(bad.map((b) => [b.Id, 'ValidationException']));
    expect((await c.eb.send(new ListTargetsByRuleCommand({ Rule: 'keep' }))).Targets).toEqual([target]);

    const outOfRange = c.eb.send(
      new PutTargetsCommand({ Rule: 'keep', Targets: [{ ...target, RetryPolicy: { MaximumRetryAttempts: 186 } }] }),
    );
    await expect(outOfRange).rejects.toMatchObject({ name: 'ValidationException' });
    const tooYoung = c.eb.send(
      new PutTargetsCommand({ Rule: 'keep', Targets: [{ ...target, RetryPolicy: { MaximumEventAgeInSeconds: 59 } }] }),
    );
    await expect(tooYoung).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('sends an event the queue policy refuses straight to the dead-letter queue, with the attributes', async () => {
    const rule = ruleArn(c, 'denied');
    await c.eb.send(new PutRuleCommand({ Name: 'denied', EventPattern: JSON.stringify({ source: ['com.example.denied'] }) }));
    await queue(c, 'denied-target', []); // no Policy: events.amazonaws.com may not send
    const dlq = await queue(c, 'denied-dlq', [rule]);
    const target = { Id: 'q', Arn: queueArn(c, 'denied-target'), DeadLetterConfig: { Arn: queueArn(c, 'denied-dlq') } };
    await c.eb.send(new PutTargetsCommand({ Rule: 'denied', Targets: [target] }));
    const before = eventBridgeHealth(c).deadLettered;
    const put = await c.eb.send(new PutEventsCommand({ Entries: entries(1, 'com.example.denied') }));

    const [m] = await receive(c, dlq, 1);
    expect(JSON.parse(m!.Body!)).toMatchObject({ id: put.Entries![0]!.EventId, source: 'com.example.denied', detail: { n: 0 } });
    expect(attrs(m!)).toEqual({
      RULE_ARN: rule,
      TARGET_ARN: target.Arn,
      ERROR_CODE: 'NO_PERMISSIONS',
      ERROR_MESSAGE: 'The queue policy does not allow events.amazonaws.com to send to the queue.',
      RETRY_ATTEMPTS: '0',
    });
    expect(eventBridgeHealth(c).deadLettered).toBe(before + 1);
    expect(await owed(c)).toBe(0);
  });

  it('does not retry a deleted queue (AWS: no retry for a target that no longer exists); the recreated queue gets later events only', async () => {
    const rule = ruleArn(c, 'gone');
    await c.eb.send(new PutRuleCommand({ Name: 'gone', EventPattern: JSON.stringify({ source: ['com.example.gone'] }) }));
    const url = await queue(c, 'gone-target', [rule]);
    const dlq = await queue(c, 'gone-dlq', [rule]);
    const target = { Id: 'q', Arn: queueArn(c, 'gone-target'), DeadLetterConfig: { Arn: queueArn(c, 'gone-dlq') } };
    await c.eb.send(new PutTargetsCommand({ Rule: 'gone', Targets: [target] }));
    await c.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const lost = await c.eb.send(new PutEventsCommand({ Entries: entries(1, 'com.example.gone') }));
    const [m] = await receive(c, dlq, 1);
    expect(JSON.parse(m!.Body!).id).toBe(lost.Entries![0]!.EventId);
    expect(attrs(m!)).toMatchObject({ ERROR_CODE: 'NO_RESOURCE', RETRY_ATTEMPTS: '0' });
    expect(await owed(c)).toBe(0);

    const again = await queue(c, 'gone-target', [rule]);
    const later = await c.eb.send(new PutEventsCommand({ Entries: entries(1, 'com.example.gone') }));
    const got = await receive(c, again, 1);
    expect(got.map((g) => JSON.parse(g.Body!).id)).toEqual([later.Entries![0]!.EventId]);
    expect(await receive(c, again, 1, 1500)).toEqual([]);
  });

  it('drops (and counts) without a dead-letter queue, and loses the event when the dead-letter queue refuses too', async () => {
    await c.eb.send(new PutRuleCommand({ Name: 'nodlq', EventPattern: JSON.stringify({ source: ['com.example.nodlq'] }) }));
    await queue(c, 'nodlq-target', []);
    const refusing = await queue(c, 'nodlq-refusing-dlq', []);
    await c.eb.send(
      new PutTargetsCommand({
        Rule: 'nodlq',
        Targets: [
          { Id: 'plain', Arn: queueArn(c, 'nodlq-target') },
          { Id: 'refusing', Arn: queueArn(c, 'nodlq-target'), DeadLetterConfig: { Arn: queueArn(c, 'nodlq-refusing-dlq') } },
        ],
      }),
    );
    const before = eventBridgeHealth(c);
    await c.eb.send(new PutEventsCommand({ Entries: entries(1, 'com.example.nodlq') }));
    const after = eventBridgeHealth(c);
    expect(after.dropped - before.dropped).toBe(1);
    expect(after.deadLetterFailed - before.deadLetterFailed).toBe(1);
    expect(await receive(c, refusing, 1, 1500)).toEqual([]);
  });
});

describe('EventBridge retries of throttled invocations (1 invocation per second, fast backoff)', () => {
  let c: Clients;
  beforeAll(async () => {
    c = await clients({
      HSMTRAIL_EVENTBRIDGE_INVOCATIONS_PER_SECOND: '1',
      HSMTRAIL_EVENTBRIDGE_RETRY_BASE_MS: '5',
      HSMTRAIL_EVENTBRIDGE_RETRY_MAX_MS: '20',
    });
  }, 60_000);
  afterAll(() => c?.h.close());

  it('keeps owed retries while the worker is stopped, delivers each once when it runs, and not again after a restart', async () => {
    const rule = ruleArn(c, 'owed');
    await c.eb.send(new PutRuleCommand({ Name: 'owed', EventPattern: JSON.stringify({ source: ['com.example.owed'] }) }));
    const url = await queue(c, 'owed-target', [rule]);
    await c.eb.send(new PutTargetsCommand({ Rule: 'owed', Targets: [{ Id: 'q', Arn: queueArn(c, 'owed-target') }] }));
    const put = await c.eb.send(new PutEventsCommand({ Entries: entries(3, 'com.example.owed') }));
    const ids = put.Entries!.map((e) => e.EventId);
    // The workers are not running: one invocation went through, two are owed.
    expect(await owed(c)).toBe(2);

    await c.h.app.start();
    await until(
      'the owed retries to be delivered',
      () => owed(c),
      (n) => n === 0,
    );
    const got = await receive(c, url, 3);
    expect(got.map((m) => JSON.parse(m.Body!).id).sort()).toEqual([...ids].sort());

    await c.h.app.leader.stop();
    await c.h.app.leader.start();
    expect(await owed(c)).toBe(0);
    expect(await receive(c, url, 1, 1500)).toEqual([]);
    expect(eventBridgeHealth(c)).toMatchObject({ pendingRetries: 0 });
  }, 60_000);

  it('stops retrying at MaximumRetryAttempts and dead-letters the event with EXHAUSTED_RETRY_CONDITION', async () => {
    const rule = ruleArn(c, 'limited');
    await c.eb.send(new PutRuleCommand({ Name: 'limited', EventPattern: JSON.stringify({ source: ['com.example.limited'] }) }));
    const url = await queue(c, 'limited-target', [rule]);
    const dlq = await queue(c, 'limited-dlq', [rule]);
    const target = {
      Id: 'q',
      Arn: queueArn(c, 'limited-target'),
      RetryPolicy: { MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: queueArn(c, 'limited-dlq') },
    };
    await c.eb.send(new PutTargetsCommand({ Rule: 'limited', Targets: [target] }));
    const put = await c.eb.send(new PutEventsCommand({ Entries: entries(10, 'com.example.limited') }));
    const ids = put.Entries!.map((e) => e.EventId!);
    await until(
      'every retry to settle',
      () => owed(c),
      (n) => n === 0,
    );

    const delivered = (await receive(c, url, 10, 3000)).map((m) => JSON.parse(m.Body!).id as string);
    const dead = await receive(c, dlq, 10 - delivered.length);
    // Each event exactly once: delivered, or dead-lettered after its two retries were throttled too.
    expect([...delivered, ...dead.map((m) => JSON.parse(m.Body!).id as string)].sort()).toEqual([...ids].sort());
    expect(dead.length).toBeGreaterThan(0);
    for (const m of dead) {
      expect(attrs(m)).toEqual({
        RULE_ARN: rule,
        TARGET_ARN: target.Arn,
        ERROR_CODE: 'THROTTLING',
        ERROR_MESSAGE: 'The invocations throttle limit of the region was exceeded.',
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        RETRY_ATTEMPTS: '2',
      });
    }
  }, 60_000);

  it("retries a throttled SNS target through the topic, making the region's first signing key outside the retry's transaction", async () => {
    const sns = new SNSClient(c.h.clientConfig());
    const rule = ruleArn(c, 'via-topic');
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'retry-topic' }))).TopicArn!;
    const Policy = eventBridgeTopicPolicy(topicArn, rule);
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: Policy }));
    const url = await queue(c, 'from-topic', [topicArn], 'sns.amazonaws.com');
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn(c, 'from-topic'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await c.eb.send(new PutRuleCommand({ Name: 'first', EventPattern: JSON.stringify({ source: ['com.example.first'] }) }));
    await queue(c, 'first-target', [ruleArn(c, 'first')]);
    await c.eb.send(new PutTargetsCommand({ Rule: 'first', Targets: [{ Id: 'q', Arn: queueArn(c, 'first-target') }] }));
    await c.eb.send(new PutRuleCommand({ Name: 'via-topic', EventPattern: JSON.stringify({ source: ['com.example.topic'] }) }));
    await c.eb.send(new PutTargetsCommand({ Rule: 'via-topic', Targets: [{ Id: 'topic', Arn: topicArn }] }));
    // One PutEvents, one instant: the first entry takes the second's token, so the topic's delivery is owed.
    const put = await c.eb.send(
      new PutEventsCommand({ Entries: [...entries(1, 'com.example.first'), ...entries(1, 'com.example.topic')] }),
    );
    const [m] = await receive(c, url, 1);
    expect(JSON.parse(m!.Body!)).toMatchObject({ id: put.Entries![1]!.EventId, source: 'com.example.topic' });
    await until(
      'the retry to settle',
      () => owed(c),
      (n) => n === 0,
    );
  }, 60_000);
});

/** The DLQ messages of a queue, without long polls (their wait is measured on the clock the tests below move). */
async function receiveNow(c: Clients, url: string, want: number, tries = 600): Promise<Message[]> {
  const got: Message[] = [];
  for (let i = 0; i < tries && got.length < want; i++) {
    const r = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    got.push(...(r.Messages ?? []));
    if (got.length < want) await new Promise((r) => setTimeout(r, 50));
  }
  return got;
}

/** A rule whose one queue target has a 60 s MaximumEventAgeInSeconds and a dead-letter queue; its target and DLQ URLs. */
async function agedRule(c: Clients, name: string): Promise<{ target: string; dlq: string }> {
  const rule = ruleArn(c, name);
  await c.eb.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: [`com.example.${name}`] }) }));
  const target = await queue(c, `${name}-target`, [rule]);
  const dlq = await queue(c, `${name}-dlq`, [rule]);
  await c.eb.send(
    new PutTargetsCommand({
      Rule: name,
      Targets: [
        {
          Id: 'q',
          Arn: queueArn(c, `${name}-target`),
          RetryPolicy: { MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: queueArn(c, `${name}-dlq`) },
        },
      ],
    }),
  );
  return { target, dlq };
}

describe('EventBridge MaximumEventAgeInSeconds with a throttled target (1 invocation per second)', () => {
  it('dead-letters at once when the first retry would come after the maximum age (backoff of 100-200 s)', async () => {
    const c = await clients({
      HSMTRAIL_EVENTBRIDGE_INVOCATIONS_PER_SECOND: '1',
      HSMTRAIL_EVENTBRIDGE_RETRY_BASE_MS: '200000',
      HSMTRAIL_EVENTBRIDGE_RETRY_MAX_MS: '200000',
    });
    try {
      await c.h.app.start();
      const { target, dlq } = await agedRule(c, 'aged-now');
      // One PutEvents, one instant: the first entry takes the region's one token, the second is throttled.
      const put = await c.eb.send(new PutEventsCommand({ Entries: entries(2, 'com.example.aged-now') }));
      const [delivered] = await receive(c, target, 1);
      expect(JSON.parse(delivered!.Body!).id).toBe(put.Entries![0]!.EventId);
      const [dead] = await receive(c, dlq, 1);
      expect(JSON.parse(dead!.Body!).id).toBe(put.Entries![1]!.EventId);
      expect(attrs(dead!)).toMatchObject({
        ERROR_CODE: 'THROTTLING',
        EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
        RETRY_ATTEMPTS: '0',
      });
      expect(await owed(c)).toBe(0);
    } finally {
      await c.h.close();
    }
  }, 60_000);

  it('retries while the event is young; a retry still throttled past 60 s dead-letters it with RETRY_ATTEMPTS 1', async () => {
    // Only Date is faked (timers run for real): time stands still, so the one-per-second bucket refills only when the
    // test moves the clock, and the event ages by exactly the 61 s the test adds.
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await clients({
      HSMTRAIL_EVENTBRIDGE_INVOCATIONS_PER_SECOND: '1',
      HSMTRAIL_EVENTBRIDGE_RETRY_BASE_MS: '5',
      HSMTRAIL_EVENTBRIDGE_RETRY_MAX_MS: '20',
    });
    try {
      const { target, dlq } = await agedRule(c, 'aging');
      const drain = await agedRule(c, 'aging-drain');
      // The workers are not running yet: the first entry is delivered, the second's retry is owed.
      const put = await c.eb.send(new PutEventsCommand({ Entries: entries(2, 'com.example.aging') }));
      const [first, ...more] = await receiveNow(c, target, 1);
      expect([JSON.parse(first!.Body!).id, more]).toEqual([put.Entries![0]!.EventId, []]);
      // Deleted, or the 61 s below would end its visibility timeout and show it again.
      await c.sqs.send(new DeleteMessageCommand({ QueueUrl: target, ReceiptHandle: first!.ReceiptHandle! }));
      expect(await owed(c)).toBe(1);

      vi.setSystemTime(Date.now() + 61_000);
      // The bucket refilled with the clock: another rule's event takes its token before the retry runs.
      await c.eb.send(new PutEventsCommand({ Entries: entries(1, 'com.example.aging-drain') }));
      expect(await receiveNow(c, drain.target, 1)).toHaveLength(1);

      await c.h.app.start();
      const [dead] = await receiveNow(c, dlq, 1);
      expect(JSON.parse(dead!.Body!).id).toBe(put.Entries![1]!.EventId);
      expect(attrs(dead!)).toMatchObject({
        ERROR_CODE: 'THROTTLING',
        EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
        RETRY_ATTEMPTS: '1',
      });
      expect(await owed(c)).toBe(0);
      expect(await receiveNow(c, target, 1, 20)).toEqual([]);
    } finally {
      await c.h.close();
      vi.useRealTimers();
    }
  }, 60_000);
});
