/** Policies and helpers the notification tests share (SNS topic and SQS queue policies as AWS's guides write them). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayHarness } from './gateway.js';

/** A resource policy of one statement letting an AWS service principal act on `resource` (the shape AWS's guides use). */
function servicePolicy(s: { sid?: string; service: string; action: string; resource: string; condition: object }): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: 'Allow',
        Principal: { Service: s.service },
        Action: s.action,
        Resource: s.resource,
        Condition: s.condition,
      },
    ],
  });
}

/** CloudTrail User Guide, "Amazon SNS topic policy for CloudTrail". */
export const cloudTrailTopicPolicy = (topicArn: string, trailArn: string) =>
  servicePolicy({
    sid: 'AWSCloudTrailSNSPolicy20150319',
    service: 'cloudtrail.amazonaws.com',
    action: 'SNS:Publish',
    resource: topicArn,
    condition: { StringEquals: { 'AWS:SourceArn': trailArn } },
  });

/** A queue policy letting `service` send from `sourceArn` (SNS "Fanout to Amazon SQS queues"; S3 "Walkthrough: Configuring a bucket for notifications"). */
export const queuePolicyFor = (queueArn: string, sourceArn: string, service: string) =>
  servicePolicy({ service, action: 'sqs:SendMessage', resource: queueArn, condition: { ArnEquals: { 'aws:SourceArn': sourceArn } } });

export const snsQueuePolicy = (queueArn: string, topicArn: string) => queuePolicyFor(queueArn, topicArn, 'sns.amazonaws.com');

/** A topic policy letting EventBridge publish for `ruleArn` (EventBridge User Guide, "Amazon SNS permissions"). */
export const eventBridgeTopicPolicy = (topicArn: string, ruleArn: string) =>
  servicePolicy({
    service: 'events.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
  });

/** A topic policy letting S3 publish from `bucket`. */
export const s3TopicPolicy = (topicArn: string, bucket: string) =>
  servicePolicy({
    service: 's3.amazonaws.com',
    action: 'SNS:Publish',
    resource: topicArn,
    condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:*:*:${bucket}` } },
  });

/** A subscriber's http endpoint on loopback: every POST body recorded, each answered 200. */
export interface HttpEndpoint {
  url: string;
  bodies: string[];
  /** Waits for the next body not yet taken. */
  next(): Promise<string>;
  close(): void;
}

export async function httpEndpoint(): Promise<HttpEndpoint> {
  const bodies: string[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let taken = 0;
  const next = async () => {
    while (bodies.length <= taken) await new Promise<void>((r) => waiters.push(r));
    return bodies[taken++]!;
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, next, close: () => server.close() };
}

/** HsmTrailAdmin FlushTrails for one trail (or all). */
export async function flushTrail(
  h: GatewayHarness,
  name?: string,
): Promise<{ LogFilesDelivered: number; DigestFilesDelivered: number; Failures?: string[] }> {
  const req = await h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FlushTrails' },
      body: Buffer.from(JSON.stringify(name ? { Name: name } : {})),
    },
    'hsmtrail',
  );
  const res = await h.send(req);
  if (res.status !== 200) throw new Error(`FlushTrails: ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}
