/**
 * EventBridge delivery latency against a spawned `hsmtrail serve`: from sending a CloudHSM DeleteCluster call to
 * its "AWS API Call via CloudTrail" event arriving in a rule's SQS queue (the bus worker's path: event store →
 * consumer cursor → the logging trail's selectors → rule match → enqueue), one call at a time, and PutEvents → SQS
 * (delivered in PutEvents' own transaction) for comparison. The DeleteCluster calls name clusters that do not exist: each is refused, and its
 * event, with its errorCode, is delivered like any write call's, as on AWS.
 */
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudHSMV2Client, DeleteClusterCommand } from '@aws-sdk/client-cloudhsm-v2';
import type { RunningServer } from '../test/support/server.js';
import { createDeliveryBucket, createLoggingTrail, s3Client } from '../test/conformance/trail-helpers.js';
import { startHsmtrail, type Bench, type BenchRow } from './harness.js';
import { queuePolicyFor } from '../test/support/notifications.js';

const CALLS = Number(process.env.EVENTBRIDGE_BENCH_CALLS ?? 200);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function clients(server: RunningServer) {
  const config = {
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  };
  return { eb: new EventBridgeClient(config), sqs: new SQSClient(config), hsm: new CloudHSMV2Client(config) };
}

/** A queue the rule may send to. */
async function queueFor(sqs: SQSClient, server: RunningServer, name: string, ruleArn: string): Promise<string> {
  const arn = `arn:aws:sqs:us-east-1:${server.accountId}:${name}`;
  const Policy = queuePolicyFor(arn, ruleArn, 'events.amazonaws.com');
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { Policy } }))).QueueUrl!;
}

/** Sends `call`, then long-polls `url` until one message arrived: milliseconds from send to receipt. */
async function timed(sqs: SQSClient, url: string, call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call().catch(() => undefined);
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }));
    if (r.Messages?.length) {
      const ms = performance.now() - t0;
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      return ms;
    }
  }
}

export const eventBridgeBench: Bench = {
  name: 'eventbridge',
  async run(): Promise<BenchRow[]> {
    const server = await startHsmtrail();
    try {
      const { eb, sqs, hsm } = clients(server);
      // API calls reach the bus only when a logging trail records them, as on AWS.
      await createDeliveryBucket(s3Client(server), 'bench-eb-logs', server.accountId);
      await createLoggingTrail(server, 'bench-eb', 'bench-eb-logs');
      const rule = (name: string) => `arn:aws:events:us-east-1:${server.accountId}:rule/${name}`;
      const pattern = {
        source: ['aws.cloudhsm'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventName: ['DeleteCluster', 'DeleteBackup'] },
      };
      await eb.send(new PutRuleCommand({ Name: 'bench-hsm', EventPattern: JSON.stringify(pattern) }));
      const hsmQueue = await queueFor(sqs, server, 'bench-hsm', rule('bench-hsm'));
      await eb.send(
        new PutTargetsCommand({
          Rule: 'bench-hsm',
          Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${server.accountId}:bench-hsm` }],
        }),
      );
      await eb.send(new PutRuleCommand({ Name: 'bench-custom', EventPattern: JSON.stringify({ source: ['com.example.bench'] }) }));
      const customQueue = await queueFor(sqs, server, 'bench-custom', rule('bench-custom'));
      await eb.send(
        new PutTargetsCommand({
          Rule: 'bench-custom',
          Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${server.accountId}:bench-custom` }],
        }),
      );

      const viaTrail: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const id = `cluster-${(i + 1).toString(16).padStart(11, '0')}`;
        viaTrail.push(await timed(sqs, hsmQueue, () => hsm.send(new DeleteClusterCommand({ ClusterId: id }))));
        const entry = { Source: 'com.example.bench', DetailType: 'Bench', Detail: JSON.stringify({ i }) };
        direct.push(await timed(sqs, customQueue, () => eb.send(new PutEventsCommand({ Entries: [entry] }))));
      }
      const rows = (name: string, xs: number[]): BenchRow[] => [
        { benchmark: name, subject: 'hsmtrail p50', value: percentile(xs, 50), unit: 'ms', note: `${xs.length} calls, one at a time` },
        { benchmark: name, subject: 'hsmtrail p99', value: percentile(xs, 99), unit: 'ms' },
      ];
      return [...rows('DeleteCluster → CloudTrail bus → SQS target', viaTrail), ...rows('PutEvents → SQS target', direct)];
    } finally {
      await server.stop();
    }
  },
};
