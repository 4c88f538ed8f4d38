/**
 * EventBridge through @aws-sdk/client-eventbridge (JSON 1.1), in-process: the default bus, rules and targets,
 * PutEvents delivered into SQS (and through SNS into SQS) in its own transaction, Input/InputPath, queue policy
 * refusal, TestEventPattern and every pattern operator, tags, IAM, and AWS API calls reaching a rule's queue via the
 * bus worker: only those a logging trail logged (its data events included), read-only ones only to opted-in rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, TagQueueCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CloudHSMV2Client,
  CreateClusterCommand,
  DeleteBackupCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { XMLParser } from 'fast-xml-parser';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { eventBridgeTopicPolicy } from '../support/notifications.js';

let h: GatewayHarness;
let eb: EventBridgeClient;
let sqs: SQSClient;
let sns: SNSClient;

beforeAll(async () => {
  h = await gatewayHarness({ flags: { autoActivate: true } });
  await h.app.start(); // the leader runs the CloudTrail bus worker, as in `serve`
  eb = new EventBridgeClient(h.clientConfig());
  sqs = new SQSClient(h.clientConfig());
  sns = new SNSClient(h.clientConfig());
}, 60_000);
afterAll(() => h?.close());

const ruleArn = (name: string) => `arn:aws:events:${h.region}:${h.accountId}:rule/${name}`;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => ({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }),
  );

/** A queue whose Policy lets these rules (or this topic) send, as EventBridge's guide writes it. */
async function queue(name: string, sources: string[], service = 'events.amazonaws.com'): Promise<{ url: string; arn: string }> {
  const arn = `arn:aws:sqs:${h.region}:${h.accountId}:${name}`;
  const Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: arn,
        Condition: { ArnEquals: { 'aws:SourceArn': sources } },
      },
    ],
  });
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: sources.length ? { Policy } : {} }))).QueueUrl!;
  return { url, arn };
}

async function receiveAll(url: string, want: number, deadlineMs = 30_000): Promise<string[]> {
  const bodies: string[] = [];
  const end = Date.now() + deadlineMs;
  while (bodies.length < want && Date.now() < end) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of r.Messages ?? []) bodies.push(m.Body!);
  }
  return bodies;
}

/** A logging trail with its own bucket (management events only, unless `selectors` says otherwise); its client. */
async function loggingTrail(
  name: string,
  selectors?: PutEventSelectorsCommand['input']['AdvancedEventSelectors'],
): Promise<CloudTrailClient> {
  const s3 = new S3Client(h.clientConfig());
  const ct = new CloudTrailClient(h.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: `${name}-logs` }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: `${name}-logs`, Policy: cloudTrailBucketPolicy(`${name}-logs`, h.accountId) }));
  await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs` }));
  if (selectors) await ct.send(new PutEventSelectorsCommand({ TrailName: name, AdvancedEventSelectors: selectors }));
  await ct.send(new StartLoggingCommand({ Name: name }));
  return ct;
}

const entry = (detail: object, over: object = {}) => ({
  Source: 'com.example.orders',
  DetailType: 'OrderPlaced',
  Detail: JSON.stringify(detail),
  ...over,
});

describe('SDK v3 in-process: EventBridge', () => {
  it('shows the default bus', async () => {
    const bus = await eb.send(new DescribeEventBusCommand({}));
    expect(bus).toMatchObject({ Name: 'default', Arn: `arn:aws:events:${h.region}:${h.accountId}:event-bus/default` });
    expect((await eb.send(new ListEventBusesCommand({}))).EventBuses!.map((b) => b.Name)).toEqual(['default']);
    expect(await failure(eb.send(new DescribeEventBusCommand({ Name: 'custom' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus custom does not exist.',
    });
  });

  it('puts, describes, lists, disables, enables and deletes rules', async () => {
    const pattern = JSON.stringify({ source: ['com.example'] });
    const put = await eb.send(
      new PutRuleCommand({ Name: 'r-a', EventPattern: pattern, Description: 'first', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    expect(put.RuleArn).toBe(ruleArn('r-a'));
    await eb.send(new PutRuleCommand({ Name: 'r-b', EventPattern: pattern, State: 'DISABLED' }));
    await eb.send(new PutRuleCommand({ Name: 'x-c', EventPattern: pattern }));
    expect(await eb.send(new DescribeRuleCommand({ Name: 'r-a' }))).toMatchObject({
      Name: 'r-a',
      Arn: ruleArn('r-a'),
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'first',
      EventBusName: 'default',
      CreatedBy: h.accountId,
    });
    const first = await eb.send(new ListRulesCommand({ NamePrefix: 'r-', Limit: 1 }));
    expect(first.Rules!.map((r) => r.Name)).toEqual(['r-a']);
    const second = await eb.send(new ListRulesCommand({ NamePrefix: 'r-', Limit: 1, NextToken: first.NextToken }));
    expect(second.Rules!.map((r) => [r.Name, r.State])).toEqual([['r-b', 'DISABLED']]);
    expect(second.NextToken).toBeUndefined();
    await eb.send(new EnableRuleCommand({ Name: 'r-b' }));
    await eb.send(new DisableRuleCommand({ Name: 'r-a' }));
    expect((await eb.send(new DescribeRuleCommand({ Name: 'r-b' }))).State).toBe('ENABLED');
    expect((await eb.send(new DescribeRuleCommand({ Name: 'r-a' }))).State).toBe('DISABLED');
    expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: ruleArn('r-a') }))).Tags).toEqual([{ Key: 'team', Value: 'a' }]);
    await eb.send(new TagResourceCommand({ ResourceARN: ruleArn('r-a'), Tags: [{ Key: 'env', Value: 'dev' }] }));
    await eb.send(new UntagResourceCommand({ ResourceARN: ruleArn('r-a'), TagKeys: ['team'] }));
    expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: ruleArn('r-a') }))).Tags).toEqual([{ Key: 'env', Value: 'dev' }]);

    expect(await failure(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })))).toMatchObject({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: "source" must be an object or an array',
    });
    expect(await failure(eb.send(new PutRuleCommand({ Name: 'sched', ScheduleExpression: 'rate(5 minutes)' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await failure(eb.send(new DescribeRuleCommand({ Name: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus default.',
    });

    const q = await queue('eb-rules', []);
    await eb.send(new PutTargetsCommand({ Rule: 'r-a', Targets: [{ Id: 't1', Arn: q.arn }] }));
    expect(await failure(eb.send(new DeleteRuleCommand({ Name: 'r-a' })))).toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    expect((await eb.send(new ListRuleNamesByTargetCommand({ TargetArn: q.arn }))).RuleNames).toEqual(['r-a']);
    await eb.send(new RemoveTargetsCommand({ Rule: 'r-a', Ids: ['t1'] }));
    for (const Name of ['r-a', 'r-b', 'x-c']) await eb.send(new DeleteRuleCommand({ Name }));
    expect((await eb.send(new ListRulesCommand({}))).Rules).toEqual([]);
  });

  it('refuses bad targets per entry and lists the good ones as given', async () => {
    await eb.send(new PutRuleCommand({ Name: 'targets', EventPattern: '{"source":["t"]}' }));
    const q = await queue('eb-targets', []);
    const out = await eb.send(
      new PutTargetsCommand({
        Rule: 'targets',
        Targets: [
          { Id: 'ok', Arn: q.arn, InputPath: '$.detail' },
          { Id: 'lambda', Arn: `arn:aws:lambda:${h.region}:${h.accountId}:function:f` },
          { Id: 'both', Arn: q.arn, Input: '{}', InputPath: '$.detail' },
          { Id: 'json', Arn: q.arn, Input: '{not json' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.FailedEntries!.map((f) => [f.TargetId, f.ErrorCode])).toEqual([
      ['lambda', 'ValidationException'],
      ['both', 'ValidationException'],
      ['json', 'ValidationException'],
    ]);
    expect((await eb.send(new ListTargetsByRuleCommand({ Rule: 'targets' }))).Targets).toEqual([
      { Id: 'ok', Arn: q.arn, InputPath: '$.detail' },
    ]);
  });

  it('delivers PutEvents to matching SQS targets in its own transaction, with Input and InputPath', async () => {
    const q = await queue('eb-orders', [ruleArn('orders'), ruleArn('orders-input')]);
    await eb.send(
      new PutRuleCommand({
        Name: 'orders',
        EventPattern: JSON.stringify({ source: ['com.example.orders'], detail: { amount: [{ numeric: ['>', 100] }] } }),
      }),
    );
    await eb.send(
      new PutTargetsCommand({
        Rule: 'orders',
        Targets: [
          { Id: 'whole', Arn: q.arn },
          { Id: 'path', Arn: q.arn, InputPath: '$.detail.id' },
        ],
      }),
    );
    await eb.send(
      new PutRuleCommand({
        Name: 'orders-input',
        EventPattern: JSON.stringify({ 'detail-type': ['OrderPlaced'], detail: { id: [{ prefix: 'big-' }] } }),
      }),
    );
    await eb.send(new PutTargetsCommand({ Rule: 'orders-input', Targets: [{ Id: 'const', Arn: q.arn, Input: '{"fixed":true}' }] }));

    const put = await eb.send(
      new PutEventsCommand({
        Entries: [
          entry({ id: 'big-1', amount: 150 }, { Resources: ['arn:aws:s3:::b'] }),
          entry({ id: 'small-1', amount: 5 }),
          entry({}, { Source: 'aws.cloudhsm' }),
          { Source: 'com.example.orders', DetailType: 'X' },
          entry({}, { Detail: '[1]' }),
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(3);
    expect(put.Entries!.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'ok',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
      'MalformedDetail',
    ]);
    // Delivered before PutEvents answered: no worker involved.
    const bodies = await receiveAll(q.url, 3, 5_000);
    const whole = bodies.map((b) => JSON.parse(b)).find((b) => b.version === '0');
    expect(whole).toMatchObject({
      id: put.Entries![0]!.EventId,
      'detail-type': 'OrderPlaced',
      source: 'com.example.orders',
      account: h.accountId,
      region: h.region,
      resources: ['arn:aws:s3:::b'],
      detail: { id: 'big-1', amount: 150 },
    });
    expect(whole.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(bodies.filter((b) => b !== JSON.stringify(whole)).sort()).toEqual(['"big-1"', '{"fixed":true}']);
    expect(await receiveAll(q.url, 1, 1_500)).toEqual([]);
  });

  it('drops deliveries the queue policy does not allow, and still answers the event', async () => {
    const q = await queue('eb-closed', [ruleArn('someone-else')]);
    await eb.send(new PutRuleCommand({ Name: 'closed', EventPattern: '{"source":["com.example.closed"]}' }));
    await eb.send(new PutTargetsCommand({ Rule: 'closed', Targets: [{ Id: 'q', Arn: q.arn }] }));
    const put = await eb.send(new PutEventsCommand({ Entries: [entry({ a: 1 }, { Source: 'com.example.closed' })] }));
    expect(put.FailedEntryCount).toBe(0);
    expect(await receiveAll(q.url, 1, 1_500)).toEqual([]);
  });

  it('fans out through an SNS topic into its SQS subscription', async () => {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'eb-topic' }))).TopicArn!;
    const Policy = eventBridgeTopicPolicy(topicArn, ruleArn('via-sns'));
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: Policy }));
    const q = await queue('eb-from-sns', [topicArn], 'sns.amazonaws.com');
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }),
    );
    await eb.send(new PutRuleCommand({ Name: 'via-sns', EventPattern: '{"source":["com.example.sns"]}' }));
    await eb.send(new PutTargetsCommand({ Rule: 'via-sns', Targets: [{ Id: 'topic', Arn: topicArn }] }));
    const put = await eb.send(new PutEventsCommand({ Entries: [entry({ via: 'sns' }, { Source: 'com.example.sns' })] }));
    const [body] = await receiveAll(q.url, 1, 5_000);
    expect(JSON.parse(body!)).toMatchObject({ id: put.Entries![0]!.EventId, source: 'com.example.sns', detail: { via: 'sns' } });
  });

  it('answers TestEventPattern, with the pattern errors PutRule gives', async () => {
    const event = JSON.stringify({
      id: '1',
      account: h.accountId,
      source: 'com.example',
      time: '2026-12-01T00:00:00Z',
      region: h.region,
      'detail-type': 'T',
      resources: [],
      detail: { ip: '10.0.3.7', name: 'Prod-db', n: 7 },
    });
    const test = async (p: object) =>
      (await eb.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(p), Event: event }))).Result;
    expect(await test({ detail: { ip: [{ cidr: '10.0.0.0/16' }] } })).toBe(true);
    expect(await test({ detail: { name: [{ 'equals-ignore-case': 'prod-DB' }] } })).toBe(true);
    expect(await test({ detail: { name: [{ wildcard: 'Prod-*' }], n: [{ numeric: ['>=', 8] }] } })).toBe(false);
    expect(await test({ $or: [{ detail: { n: [7] } }, { source: ['other'] }] })).toBe(true);
    expect(await failure(eb.send(new TestEventPatternCommand({ EventPattern: '{"a":[{"numeric":[">"]}]}', Event: event })))).toMatchObject({
      name: 'InvalidEventPatternException',
    });
    expect(await failure(eb.send(new TestEventPatternCommand({ EventPattern: '{"a":[1]}', Event: '{}' })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('takes every operator of the pattern language through PutRule, and TestEventPattern answers as real matching does', async () => {
    const event = JSON.stringify({
      id: '2',
      account: h.accountId,
      source: 'aws.cloudhsm',
      time: '2026-12-01T00:00:00Z',
      region: h.region,
      'detail-type': 'AWS API Call via CloudTrail',
      resources: [],
      detail: { eventName: 'DeleteBackup', sourceIPAddress: '192.0.2.10', userAgent: 'aws-cli/2.15', code: 404, errorCode: 'X' },
    });
    // "Amazon EventBridge event patterns" and "Content filtering in Amazon EventBridge event patterns": each operator,
    // once matching and once not.
    const operators: Array<[string, object, object]> = [
      ['exact', { detail: { eventName: ['DeleteBackup'] } }, { detail: { eventName: ['DeleteCluster'] } }],
      ['prefix', { detail: { eventName: [{ prefix: 'Delete' }] } }, { detail: { eventName: [{ prefix: 'Create' }] } }],
      ['suffix', { detail: { eventName: [{ suffix: 'Backup' }] } }, { detail: { eventName: [{ suffix: 'Cluster' }] } }],
      [
        'anything-but',
        { detail: { eventName: [{ 'anything-but': ['DeleteCluster'] }] } },
        { detail: { eventName: [{ 'anything-but': 'DeleteBackup' }] } },
      ],
      ['numeric', { detail: { code: [{ numeric: ['>=', 400, '<', 500] }] } }, { detail: { code: [{ numeric: ['<', 400] }] } }],
      ['exists', { detail: { errorCode: [{ exists: true }] } }, { detail: { errorMessage: [{ exists: true }] } }],
      ['cidr', { detail: { sourceIPAddress: [{ cidr: '192.0.2.0/24' }] } }, { detail: { sourceIPAddress: [{ cidr: '198.51.100.0/24' }] } }],
      ['wildcard', { detail: { userAgent: [{ wildcard: 'aws-cli/*' }] } }, { detail: { userAgent: [{ wildcard: 'Boto3/*' }] } }],
      [
        'equals-ignore-case',
        { detail: { eventName: [{ 'equals-ignore-case': 'deletebackup' }] } },
        { detail: { eventName: [{ 'equals-ignore-case': 'deletecluster' }] } },
      ],
      [
        '$or',
        { $or: [{ detail: { code: [200] } }, { source: ['aws.cloudhsm'] }] },
        { $or: [{ detail: { code: [200] } }, { source: ['aws.s3'] }] },
      ],
    ];
    for (const [name, yes, no] of operators) {
      for (const [pattern, want] of [
        [yes, true],
        [no, false],
      ] as const) {
        const EventPattern = JSON.stringify(pattern);
        await eb.send(new PutRuleCommand({ Name: `op-${name.replace('$', '')}`, EventPattern }));
        const { Result } = await eb.send(new TestEventPatternCommand({ EventPattern, Event: event }));
        expect([name, EventPattern, Result]).toEqual([name, EventPattern, want]);
      }
      await eb.send(new DeleteRuleCommand({ Name: `op-${name.replace('$', '')}` }));
    }
  });

  it('authorizes events:<Operation> on the rule ARN', async () => {
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'eb-user' }));
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'events:DescribeRule', Resource: ruleArn('mine-*') }],
    });
    await iam.send(new PutUserPolicyCommand({ UserName: 'eb-user', PolicyName: 'p', PolicyDocument: Policy }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'eb-user' }))).AccessKey!;
    const user = new EventBridgeClient(h.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    await eb.send(new PutRuleCommand({ Name: 'mine-1', EventPattern: '{"source":["x"]}' }));
    await eb.send(new PutRuleCommand({ Name: 'theirs-1', EventPattern: '{"source":["x"]}' }));
    // IAM changes reach the authorizer's cache within its refresh; retry briefly.
    let seen: any;
    for (let i = 0; i < 50 && !seen; i++) {
      seen = await user.send(new DescribeRuleCommand({ Name: 'mine-1' })).catch(() => undefined);
      if (!seen) await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen?.Name).toBe('mine-1');
    expect(await failure(user.send(new DescribeRuleCommand({ Name: 'theirs-1' })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
    expect(await failure(user.send(new PutRuleCommand({ Name: 'mine-2', EventPattern: '{"source":["x"]}' })))).toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('delivers only the calls a logging trail logged, data events it selects included', async () => {
    const rule = 'trail-gate';
    const pattern = { source: ['aws.sqs'], detail: { eventName: ['TagQueue', 'SendMessage'] } };
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify(pattern) }));
    const q = await queue('eb-trail-gate', [ruleArn(rule)]);
    await eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'q', Arn: q.arn }] }));
    const source = (await sqs.send(new CreateQueueCommand({ QueueName: 'eb-gate-source' }))).QueueUrl!;
    const tag = (step: string) => sqs.send(new TagQueueCommand({ QueueUrl: source, Tags: { step } }));

    await tag('no-trail'); // recorded, but no trail logs it: not on the bus
    const ct = await loggingTrail('eb-gate', [
      { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        Name: 'sqs messages',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::SQS::Queue'] },
        ],
      },
    ]);
    await tag('logged');
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'a data event' }));
    await ct.send(new StopLoggingCommand({ Name: 'eb-gate' }));
    await tag('stopped');

    const events = (await receiveAll(q.url, 2)).map((b) => JSON.parse(b));
    const seen = events.map((e) => [e.detail.eventName, e.detail.eventCategory, e.detail.requestParameters.tags?.step]);
    expect(seen.sort()).toEqual([
      ['SendMessage', 'Data', undefined],
      ['TagQueue', 'Management', 'logged'],
    ]);
    expect(await receiveAll(q.url, 1, 2_000)).toEqual([]);
  });

  it('delivers exactly the CloudHSM calls a CloudTrail rule asks for (the issue)', async () => {
    const pattern = {
      source: ['aws.cloudhsm'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventName: ['DeleteCluster', 'DeleteBackup'] },
    };
    await eb.send(new PutRuleCommand({ Name: 'hsm-deletes', EventPattern: JSON.stringify(pattern) }));
    const q = await queue('eb-hsm', [ruleArn('hsm-deletes')]);
    await eb.send(new PutTargetsCommand({ Rule: 'hsm-deletes', Targets: [{ Id: 'q', Arn: q.arn }] }));
    // Read-only calls reach only rules that opt in ("Receiving read-only management events from AWS services").
    const reads = JSON.stringify({ source: ['aws.cloudhsm'], detail: { eventName: ['DescribeClusters'] } });
    await eb.send(new PutRuleCommand({ Name: 'hsm-reads', EventPattern: reads, State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
    await eb.send(new PutRuleCommand({ Name: 'hsm-reads-off', EventPattern: reads }));
    const readsQ = await queue('eb-hsm-reads', [ruleArn('hsm-reads'), ruleArn('hsm-reads-off')]);
    await eb.send(new PutTargetsCommand({ Rule: 'hsm-reads', Targets: [{ Id: 'q', Arn: readsQ.arn, InputPath: '$.detail.eventName' }] }));
    await eb.send(new PutTargetsCommand({ Rule: 'hsm-reads-off', Targets: [{ Id: 'q', Arn: readsQ.arn, Input: '"not opted in"' }] }));

    await loggingTrail('eb-hsm'); // "a CloudTrail trail with logging enabled is required"
    const hsm = new CloudHSMV2Client(h.clientConfig());
    const subnet = await defaultSubnet();
    const id = (await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet] }))).Cluster!.ClusterId!;
    await waitUntil(
      async () => (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } }))).Clusters![0]!.State === 'UNINITIALIZED',
    );
    await hsm.send(new DeleteClusterCommand({ ClusterId: id }));
    // Refused (no such backup), and recorded with its errorCode like any call: the rule matches it too, as on AWS.
    await expect(hsm.send(new DeleteBackupCommand({ BackupId: 'backup-234567abcde' }))).rejects.toMatchObject({
      name: 'CloudHsmResourceNotFoundException',
    });

    const bodies = await receiveAll(q.url, 2);
    expect(bodies).toHaveLength(2);
    const byName = new Map(bodies.map((b) => JSON.parse(b)).map((e) => [e.detail.eventName as string, e]));
    const [event, backup] = [byName.get('DeleteCluster'), byName.get('DeleteBackup')];
    expect(backup).toMatchObject({
      source: 'aws.cloudhsm',
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventName: 'DeleteBackup', errorCode: 'CloudHsmResourceNotFoundException' },
    });
    expect(event).toMatchObject({
      source: 'aws.cloudhsm',
      'detail-type': 'AWS API Call via CloudTrail',
      account: h.accountId,
      region: h.region,
      resources: [],
      detail: { eventSource: 'cloudhsm.amazonaws.com', eventName: 'DeleteCluster', requestParameters: { clusterId: id } },
    });
    expect(event.time).toBe(event.detail.eventTime);
    expect(await receiveAll(q.url, 1, 2_000)).toEqual([]);
    const readBodies = await receiveAll(readsQ.url, 1);
    expect(readBodies.length).toBeGreaterThan(0);
    expect(new Set(readBodies)).toEqual(new Set(['"DescribeClusters"']));
  });
});

async function waitUntil(done: () => Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function defaultSubnet(): Promise<string> {
  const body = Buffer.from('Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true');
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const res = await h.send(await h.sign({ method: 'POST', path: '/', headers, body }, 'ec2'));
  const xml = new XMLParser({ isArray: (name) => name === 'item' }).parse(res.body);
  return (xml.DescribeSubnetsResponse.subnetSet.item as Array<{ subnetId: string }>)[0]!.subnetId;
}
