/**
 * SNS from the AWS CLI against a spawned `hsmtrail serve`: create-topic, an SQS queue whose Policy lets the topic
 * in, subscribe, publish, then `aws sqs receive-message` shows the signed notification, which verifies against
 * the certificate fetched over plain HTTP from its SigningCertURL (no SigV4, as on AWS). Then boto3 drives SNS and
 * EventBridge (both through botocore's own models): topics, publish, a subscription with a FilterPolicy, rules,
 * targets, PutEvents, TestEventPattern, and the error codes it reads.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliJson, hasTool, python } from '../support/tools.js';
import { snsQueuePolicy } from '../support/notifications.js';

const enabled = hasTool('aws') && hasTool('python3');

const BOTO3 = String.raw`
import boto3, botocore, json
from botocore.config import Config
config = Config(retries={"max_attempts": 1})
sns, events = boto3.client("sns", config=config), boto3.client("events", config=config)
def code(call):
  try:
    call()
  except botocore.exceptions.ClientError as e:
    return e.response["Error"]["Code"]
topic = sns.create_topic(Name="boto3-topic", Attributes={"SignatureVersion": "2"})["TopicArn"]
attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
published = sns.publish(TopicArn=topic, Message="from boto3")
rule = events.put_rule(Name="boto3-rule", EventPattern=json.dumps({"source": ["com.example.boto3"]}))
targets = events.put_targets(Rule="boto3-rule", Targets=[{"Id": "t", "Arn": topic}])
put = events.put_events(Entries=[{"Source": "com.example.boto3", "DetailType": "T", "Detail": "{}"}])
account = boto3.client("sts", config=config).get_caller_identity()["Account"]
event = {"id": "1", "account": account, "source": "com.example.boto3", "time": "2026-12-01T00:00:00Z",
  "region": "us-east-1", "detail-type": "T", "resources": [], "detail": {"n": 5}}
sqs = boto3.client("sqs", config=config)
queue_arn = topic.replace(":sns:", ":sqs:").replace(":boto3-topic", ":boto3-filtered")
queue_policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
  "Action": "sqs:SendMessage", "Resource": queue_arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]}
queue = sqs.create_queue(QueueName="boto3-filtered", Attributes={"Policy": json.dumps(queue_policy)})["QueueUrl"]
filtered = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, ReturnSubscriptionArn=True,
  Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"color": ["blue", {"prefix": "teal"}]})})["SubscriptionArn"]
for color in ["red", "blue", "teal-ish"]:
  sns.publish(TopicArn=topic, Message=color, MessageAttributes={"color": {"DataType": "String", "StringValue": color}})
received = sorted(m["Body"] for m in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []))
filter_attrs = sns.get_subscription_attributes(SubscriptionArn=filtered)["Attributes"]
def error(call):
  try:
    call()
  except botocore.exceptions.ClientError as e:
    return [e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"], e.response["Error"]["Message"]]
badFilter = error(lambda: sns.set_subscription_attributes(SubscriptionArn=filtered, AttributeName="FilterPolicy",
  AttributeValue=json.dumps({"color": [{"numeric": ["<", 1, ">", 0]}]})))
tested = events.test_event_pattern(EventPattern=json.dumps({"detail": {"n": [{"numeric": [">", 4]}]}}), Event=json.dumps(event))
print(json.dumps({
  "topic": topic, "version": attrs["SignatureVersion"], "messageId": published["MessageId"],
  "rule": rule["RuleArn"], "failedTargets": targets["FailedEntryCount"], "failedEvents": put["FailedEntryCount"],
  "matched": tested["Result"], "state": events.describe_rule(Name="boto3-rule")["State"],
  "missingTopic": code(lambda: sns.get_topic_attributes(TopicArn=topic + "-missing")),
  "missingRule": code(lambda: events.describe_rule(Name="missing")),
  "badPattern": code(lambda: events.put_rule(Name="bad", EventPattern='{"source": "x"}')),
  "filtered": received, "filterScope": filter_attrs["FilterPolicyScope"], "badFilter": badFilter,
}))
`;
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-sns-cli-'));
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(enabled)('SNS with the AWS CLI', () => {
  it('create-topic, subscribe a queue, publish; receive-message gets a notification that verifies; boto3 SNS and EventBridge', async () => {
    server = await startServer();
    const env = server.awsEnv();
    const { accountId, endpoint } = server;
    const region = env.AWS_DEFAULT_REGION ?? env.AWS_REGION ?? 'us-east-1';
    const topicArn = `arn:aws:sns:${region}:${accountId}:cli-topic`;
    const queueArn = `arn:aws:sqs:${region}:${accountId}:cli-sns-queue`;
    const policy = snsQueuePolicy(queueArn, topicArn);
    const attributes = join(dir, 'queue-attributes.json');
    writeFileSync(attributes, JSON.stringify({ Policy: policy }));
    const sqs = (...args: string[]) => ['sqs', ...args, '--endpoint-url', endpoint];
    const sns = (...args: string[]) => ['sns', ...args, '--endpoint-url', endpoint];
    const queueUrl = `${endpoint}/${accountId}/cli-sns-queue`;
    const [topic, , sub, published, received] = await awsBatch(env, [
      sns('create-topic', '--name', 'cli-topic'),
      sqs('create-queue', '--queue-name', 'cli-sns-queue', '--attributes', `file://${attributes}`),
      sns('subscribe', '--topic-arn', topicArn, '--protocol', 'sqs', '--notification-endpoint', queueArn),
      sns('publish', '--topic-arn', topicArn, '--message', 'from the cli', '--subject', 'cli'),
      sqs('receive-message', '--queue-url', queueUrl),
    ]);
    expect(cliJson(topic, 'create-topic').TopicArn).toBe(topicArn);
    expect(cliJson(sub, 'subscribe').SubscriptionArn).toMatch(new RegExp(`^${topicArn}:`));
    const messageId = cliJson(published, 'publish').MessageId as string;
    const [m] = cliJson(received, 'receive-message').Messages;
    const env2 = JSON.parse(m.Body);
    expect(env2).toMatchObject({ Type: 'Notification', MessageId: messageId, TopicArn: topicArn, Message: 'from the cli', Subject: 'cli' });

    const res = await fetch(env2.SigningCertURL);
    expect(res.status).toBe(200);
    const cert = new X509Certificate(await res.text());
    const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${env2[k]}\n`).join('');
    expect(createVerify('RSA-SHA1').update(canonical).verify(cert.publicKey, env2.Signature, 'base64')).toBe(true);

    const py = await python(env, BOTO3);
    expect(py.stderr).toBe('');
    expect(JSON.parse(py.stdout)).toEqual({
      topic: `arn:aws:sns:${region}:${accountId}:boto3-topic`,
      version: '2',
      messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      rule: `arn:aws:events:${region}:${accountId}:rule/boto3-rule`,
      failedTargets: 0,
      failedEvents: 0,
      matched: true,
      state: 'ENABLED',
      missingTopic: 'NotFound',
      missingRule: 'ResourceNotFoundException',
      badPattern: 'InvalidEventPatternException',
      // A filtered subscription works from boto3 unchanged: only the matching publishes arrive.
      filtered: ['blue', 'teal-ish'],
      filterScope: 'MessageAttributes',
      badFilter: [400, 'InvalidParameter', 'Invalid parameter: FilterPolicy: Too many elements in numeric expression'],
    });
  }, 180_000);
});
