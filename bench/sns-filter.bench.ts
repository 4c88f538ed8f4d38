/**
 * What SNS subscription filter policies cost. Publish round trips (SDK v3 against a spawned `hsmtrail serve`, one
 * call at a time) into topics with 10 SQS subscriptions each: no policy, an attributes policy every message
 * passes, a body policy every message passes (the same ten deliveries, so the difference is the filtering), and an
 * attributes policy every message fails (no deliveries). Then the matcher alone, in-process: microseconds to filter
 * one message for 10 subscriptions (compiled policies cached and the message's views built once, as at fan-out).
 */
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue } from '../src/protocol/generated/sns.js';
import { messageFilter } from '../src/services/sns/filter/match.js';
import type { RunningServer } from '../test/support/server.js';
import { startHsmtrail, type Bench, type BenchRow } from './harness.js';
import { snsQueuePolicy } from '../test/support/notifications.js';

const CALLS = Number(process.env.SNS_FILTER_BENCH_CALLS ?? 300);
const SUBSCRIPTIONS = 10;
const MESSAGES = 50_000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const attributes: Record<string, MessageAttributeValue> = {
  tenant: { DataType: 'String', StringValue: 'tenant-7' },
  price: { DataType: 'Number', StringValue: '120.5' },
  tags: { DataType: 'String.Array', StringValue: '["blue","web","eu"]' },
};
const body = JSON.stringify({
  order: { id: 'o-1', region: 'eu-west-1', total: 120.5, items: Array.from({ length: 10 }, (_, i) => ({ sku: `sku-${i}`, qty: i })) },
  note: 'x'.repeat(512),
});
const passesAttributes = { tenant: [{ prefix: 'tenant-' }], price: [{ numeric: ['>', 100, '<=', 1000] }], tags: ['web', 'mobile'] };
const failsAttributes = { tenant: ['tenant-8'], price: [{ numeric: ['>', 100] }] };
const passesBody = { order: { region: [{ prefix: 'eu-' }], items: { qty: [{ numeric: ['>=', 9] }] } } };

interface Setup {
  name: string;
  attributes?: Record<string, string>;
}

const SETUPS: Setup[] = [
  { name: 'no filter policy' },
  { name: 'attributes policy, passes', attributes: { FilterPolicy: JSON.stringify(passesAttributes) } },
  { name: 'body policy, passes', attributes: { FilterPolicy: JSON.stringify(passesBody), FilterPolicyScope: 'MessageBody' } },
  { name: 'attributes policy, fails (no delivery)', attributes: { FilterPolicy: JSON.stringify(failsAttributes) } },
];

async function topicWithQueues(server: RunningServer, sns: SNSClient, sqs: SQSClient, n: number, s: Setup): Promise<string> {
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `bench-filter-${n}` }))).TopicArn!;
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const name = `bench-filter-${n}-${i}`;
    const arn = `arn:aws:sqs:us-east-1:${server.accountId}:${name}`;
    const Policy = snsQueuePolicy(arn, TopicArn);
    await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { Policy } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn, Attributes: s.attributes }));
  }
  return TopicArn;
}

async function publishLatencies(server: RunningServer): Promise<BenchRow[]> {
  const config = {
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const topics = await Promise.all(SETUPS.map((s, n) => topicWithQueues(server, sns, sqs, n, s)));
  const samples: number[][] = SETUPS.map(() => []);
  // Interleaved, so the machine's load drifts across all four alike.
  for (let i = 0; i < CALLS; i++) {
    for (let n = 0; n < SETUPS.length; n++) {
      const t0 = performance.now();
      await sns.send(new PublishCommand({ TopicArn: topics[n], Message: body, MessageAttributes: attributes }));
      samples[n]!.push(performance.now() - t0);
    }
  }
  return SETUPS.flatMap((s, n) => [
    {
      benchmark: `Publish → ${SUBSCRIPTIONS} SQS subscriptions, ${s.name}`,
      subject: 'hsmtrail p50',
      value: percentile(samples[n]!, 50),
      unit: 'ms',
      note: `${CALLS} calls, one at a time`,
    },
    {
      benchmark: `Publish → ${SUBSCRIPTIONS} SQS subscriptions, ${s.name}`,
      subject: 'hsmtrail p99',
      value: percentile(samples[n]!, 99),
      unit: 'ms',
    },
  ]);
}

/** Filtering one message for 10 subscriptions with the same policy, as fan-out does (one messageFilter per message). */
function matcherCost(): BenchRow[] {
  return SETUPS.filter((s) => s.attributes).map((s) => {
    const subscription = s.attributes!;
    messageFilter(attributes)(subscription, body); // compiles into the cache
    const t0 = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      const accepts = messageFilter(attributes);
      for (let j = 0; j < SUBSCRIPTIONS; j++) accepts(subscription, body);
    }
    const us = ((performance.now() - t0) * 1000) / MESSAGES;
    return {
      benchmark: `filtering one message for ${SUBSCRIPTIONS} subscriptions, ${s.name}`,
      subject: 'hsmtrail',
      value: us,
      unit: 'µs/message',
      note: `${MESSAGES} messages, 1 KB body`,
    };
  });
}

export const snsFilterBench: Bench = {
  name: 'sns-filter',
  async run(): Promise<BenchRow[]> {
    const rows = matcherCost();
    const server = await startHsmtrail();
    try {
      return [...rows, ...(await publishLatencies(server))];
    } finally {
      await server.stop();
    }
  },
};
