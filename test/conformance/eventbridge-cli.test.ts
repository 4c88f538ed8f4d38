/**
 * EventBridge from the AWS CLI against a spawned `hsmtrail serve`: put-rule, put-targets, put-events, then
 * sqs receive-message. Then kill -9 between an AWS API call a logging trail records and its delivery to the rule's
 * queue (the bus worker is held back by a long poll interval): after the restart the call's event arrives exactly once, and a further
 * restart does not deliver it again (deliveries and the cursor commit together). Then put-targets with RetryPolicy
 * and DeadLetterConfig in the CLI's shorthand round-trips through list-targets-by-rule, and an event its queue
 * refuses reaches the dead-letter queue with AWS's attributes. Last, the rule (CloudHSM DeleteCluster and
 * DeleteBackup via CloudTrail) gets exactly those two calls of `aws cloudhsmv2`, none of the others.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliJson, hasTool, type ToolResult } from '../support/tools.js';
import { createDeliveryBucket, createLoggingTrail, s3Client } from './trail-helpers.js';
import { queuePolicyFor } from '../support/notifications.js';

const enabled = hasTool('aws');
const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-eb-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) if (s.process.exitCode === null && s.process.signalCode === null) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const PATTERN = JSON.stringify({
  $or: [
    { source: ['com.example.cli'] },
    { source: ['aws.sqs'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['TagQueue'] } },
  ],
});

/** Receives until `want` messages arrived or the deadline passed, deleting each. */
async function drain(server: RunningServer, url: string, want: number, deadlineMs: number): Promise<any[]> {
  const got: any[] = [];
  const end = Date.now() + deadlineMs;
  const sqs = (...args: string[]) => ['sqs', ...args, '--endpoint-url', server.endpoint];
  while (got.length < want && Date.now() < end) {
    const [r] = await awsBatch(server.awsEnv(), [
      sqs('receive-message', '--queue-url', url, '--max-number-of-messages', '10', '--wait-time-seconds', '2'),
    ]);
    const messages = (cliJson(r!, 'receive-message').Messages ?? []) as Array<{ Body: string; ReceiptHandle: string }>;
    if (messages.length) {
      await awsBatch(
        server.awsEnv(),
        messages.map((m) => sqs('delete-message', '--queue-url', url, '--receipt-handle', m.ReceiptHandle)),
      );
    }
    got.push(...messages.map((m) => JSON.parse(m.Body)));
  }
  return got;
}

const ok = (r: ToolResult | undefined, what: string) => cliJson(r!, what);

describe.runIf(enabled)('EventBridge with the AWS CLI, and kill -9 before delivery', () => {
  it('put-rule, put-targets, put-events, receive; a CloudTrail event held at kill -9 arrives exactly once after restart', async () => {
    // The bus worker polls once at start, then not for ten minutes: the TagQueue event waits in the event store.
    const held = { HSMTRAIL_EVENTBRIDGE_POLL_MS: '600000' };
    const first = await startServer({ dataDir, env: held });
    servers.push(first);
    const ruleArn = `arn:aws:events:us-east-1:${first.accountId}:rule/cli-rule`;
    const queueArn = `arn:aws:sqs:us-east-1:${first.accountId}:eb-cli`;
    const policy = queuePolicyFor(queueArn, ruleArn, 'events.amazonaws.com');
    const attrs = join(dataDir, 'attrs.json');
    writeFileSync(attrs, JSON.stringify({ Policy: policy }));
    const sqs = (s: RunningServer, ...args: string[]) => ['sqs', ...args, '--endpoint-url', s.endpoint];
    const [created, rule, targets, put] = await awsBatch(first.awsEnv(), [
      sqs(first, 'create-queue', '--queue-name', 'eb-cli', '--attributes', `file://${attrs}`),
      ['events', 'put-rule', '--name', 'cli-rule', '--event-pattern', PATTERN],
      ['events', 'put-targets', '--rule', 'cli-rule', '--targets', `Id=q,Arn=${queueArn}`],
      ['events', 'put-events', '--entries', JSON.stringify([{ Source: 'com.example.cli', DetailType: 'Order', Detail: '{"n":1}' }])],
    ]);
    const url = ok(created, 'create-queue').QueueUrl as string;
    expect(ok(rule, 'put-rule').RuleArn).toBe(ruleArn);
    expect(ok(targets, 'put-targets').FailedEntryCount).toBe(0);
    const putOut = ok(put, 'put-events');
    expect(putOut.FailedEntryCount).toBe(0);

    // AWS API calls reach the bus only when a trail logs them ("a CloudTrail trail with logging enabled is required").
    await createDeliveryBucket(s3Client(first), 'eb-cli-logs', first.accountId);
    await createLoggingTrail(first, 'eb-cli', 'eb-cli-logs');

    const custom = await drain(first, url, 1, 30_000);
    expect(custom).toEqual([expect.objectContaining({ id: putOut.Entries[0].EventId, source: 'com.example.cli', detail: { n: 1 } })]);

    const [tagged] = await awsBatch(first.awsEnv(), [sqs(first, 'tag-queue', '--queue-url', url, '--tags', 'k=v')]);
    expect(tagged!.status).toBe(0);
    await first.stop('SIGKILL');

    const second = await startServer({ dataDir });
    servers.push(second);
    const secondUrl = `${second.endpoint}/${second.accountId}/eb-cli`;
    const delivered = await drain(second, secondUrl, 1, 60_000);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      source: 'aws.sqs',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventName: 'TagQueue' },
    });
    expect(await drain(second, secondUrl, 1, 3_000)).toEqual([]);
    await second.stop('SIGKILL');

    const third = await startServer({ dataDir });
    servers.push(third);
    expect(await drain(third, `${third.endpoint}/${third.accountId}/eb-cli`, 1, 4_000)).toEqual([]);
  }, 240_000);
});

describe.runIf(enabled)('EventBridge RetryPolicy and DeadLetterConfig with the AWS CLI', () => {
  it('put-targets --targets ...RetryPolicy={...},DeadLetterConfig={...} round-trips; a refused event reaches the DLQ', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-eb-dlq-'));
    const server = await startServer({ dataDir: dir });
    servers.push(server);
    try {
      const ruleArn = `arn:aws:events:us-east-1:${server.accountId}:rule/dlq-rule`;
      const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${server.accountId}:${name}`;
      const policy = queuePolicyFor(queueArn('eb-dlq'), ruleArn, 'events.amazonaws.com');
      const attrs = join(dir, 'dlq-attrs.json');
      writeFileSync(attrs, JSON.stringify({ Policy: policy }));
      const sqs = (...args: string[]) => ['sqs', ...args, '--endpoint-url', server.endpoint];
      const shorthand =
        `Id=q,Arn=${queueArn('eb-refusing')},RetryPolicy={MaximumRetryAttempts=3,MaximumEventAgeInSeconds=600},` +
        `DeadLetterConfig={Arn=${queueArn('eb-dlq')}}`;
      const [, dlq, rule, put, listed, events] = await awsBatch(server.awsEnv(), [
        sqs('create-queue', '--queue-name', 'eb-refusing'),
        sqs('create-queue', '--queue-name', 'eb-dlq', '--attributes', `file://${attrs}`),
        ['events', 'put-rule', '--name', 'dlq-rule', '--event-pattern', JSON.stringify({ source: ['com.example.dlq'] })],
        ['events', 'put-targets', '--rule', 'dlq-rule', '--targets', shorthand],
        ['events', 'list-targets-by-rule', '--rule', 'dlq-rule'],
        ['events', 'put-events', '--entries', JSON.stringify([{ Source: 'com.example.dlq', DetailType: 'Order', Detail: '{"n":1}' }])],
      ]);
      expect(ok(rule, 'put-rule').RuleArn).toBe(ruleArn);
      expect(ok(put, 'put-targets').FailedEntryCount).toBe(0);
      expect(ok(listed, 'list-targets-by-rule').Targets).toEqual([
        {
          Id: 'q',
          Arn: queueArn('eb-refusing'),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
          DeadLetterConfig: { Arn: queueArn('eb-dlq') },
        },
      ]);
      const eventId = ok(events, 'put-events').Entries[0].EventId as string;
      const dlqUrl = ok(dlq, 'create-queue').QueueUrl as string;
      const [received] = await awsBatch(server.awsEnv(), [
        sqs('receive-message', '--queue-url', dlqUrl, '--wait-time-seconds', '5', '--message-attribute-names', 'All'),
      ]);
      const [m] = ok(received, 'receive-message').Messages as Array<{ Body: string; MessageAttributes: Record<string, any> }>;
      expect(JSON.parse(m!.Body).id).toBe(eventId);
      expect(m!.MessageAttributes).toMatchObject({
        RULE_ARN: { StringValue: ruleArn, DataType: 'String' },
        TARGET_ARN: { StringValue: queueArn('eb-refusing') },
        ERROR_CODE: { StringValue: 'NO_PERMISSIONS' },
        RETRY_ATTEMPTS: { StringValue: '0' },
      });
      const health = (await (await fetch(`${server.endpoint}/health`)).json()) as { eventBridge: Record<string, number> };
      expect(health.eventBridge).toMatchObject({ deadLettered: 1, pendingRetries: 0 });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(enabled)("EventBridge with the AWS CLI: the issue's CloudHSM rule", () => {
  it('delivers exactly the DeleteCluster and DeleteBackup calls of a logging trail, not the other CloudHSM calls', async () => {
    const server = await startServer();
    servers.push(server);
    const ruleArn = `arn:aws:events:us-east-1:${server.accountId}:rule/hsm-deletes`;
    const queueArn = `arn:aws:sqs:us-east-1:${server.accountId}:hsm-deletes`;
    const policy = queuePolicyFor(queueArn, ruleArn, 'events.amazonaws.com');
    const attrs = join(dataDir, 'hsm-attrs.json');
    writeFileSync(attrs, JSON.stringify({ Policy: policy }));
    await createDeliveryBucket(s3Client(server), 'hsm-deletes-logs', server.accountId);
    await createLoggingTrail(server, 'hsm-deletes', 'hsm-deletes-logs');
    const pattern = {
      source: ['aws.cloudhsm'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventName: ['DeleteCluster', 'DeleteBackup'] },
    };
    const sqs = (...args: string[]) => ['sqs', ...args, '--endpoint-url', server.endpoint];
    const [created, rule, targets] = await awsBatch(server.awsEnv(), [
      sqs('create-queue', '--queue-name', 'hsm-deletes', '--attributes', `file://${attrs}`),
      ['events', 'put-rule', '--name', 'hsm-deletes', '--event-pattern', JSON.stringify(pattern)],
      ['events', 'put-targets', '--rule', 'hsm-deletes', '--targets', `Id=q,Arn=${queueArn}`],
    ]);
    expect(ok(rule, 'put-rule').RuleArn).toBe(ruleArn);
    expect(ok(targets, 'put-targets').FailedEntryCount).toBe(0);
    // Both deletes name resources that do not exist: refused, and recorded with their errorCode like any call.
    const calls = await awsBatch(server.awsEnv(), [
      ['cloudhsmv2', 'describe-clusters'],
      ['cloudhsmv2', 'delete-cluster', '--cluster-id', 'cluster-234567abcde'],
      ['cloudhsmv2', 'describe-backups'],
      ['cloudhsmv2', 'delete-backup', '--backup-id', 'backup-234567abcde'],
      ['cloudhsmv2', 'tag-resource', '--resource-id', 'cluster-234567abcde', '--tag-list', 'Key=k,Value=v'],
    ]);
    expect(calls.map((c) => c.status)).toEqual([0, 255, 0, 255, 255]);

    const delivered = await drain(server, ok(created, 'create-queue').QueueUrl as string, 2, 30_000);
    expect(delivered.map((e) => [e.source, e['detail-type'], e.detail.eventName]).sort()).toEqual([
      ['aws.cloudhsm', 'AWS API Call via CloudTrail', 'DeleteBackup'],
      ['aws.cloudhsm', 'AWS API Call via CloudTrail', 'DeleteCluster'],
    ]);
    expect(await drain(server, ok(created, 'create-queue').QueueUrl as string, 1, 3_000)).toEqual([]);
  }, 120_000);
});
