/** Policies and helpers the notification tests share (SNS topic and SQS queue policies as AWS's guides write them). */
import type { GatewayHarness } from './gateway.js';

/** CloudTrail User Guide, "Amazon SNS topic policy for CloudTrail". */
export function cloudTrailTopicPolicy(topicArn: string, trailArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailSNSPolicy20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceArn': trailArn } },
      },
    ],
  });
}

/** A queue policy letting `service` send from `sourceArn` (SNS "Fanout to Amazon SQS queues"; S3 "Walkthrough: Configuring a bucket for notifications"). */
export function queuePolicyFor(queueArn: string, sourceArn: string, service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
      },
    ],
  });
}

export const snsQueuePolicy = (queueArn: string, topicArn: string) => queuePolicyFor(queueArn, topicArn, 'sns.amazonaws.com');

/** A topic policy letting EventBridge publish for `ruleArn` (EventBridge User Guide, "Amazon SNS permissions"). */
export function eventBridgeTopicPolicy(topicArn: string, ruleArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
    ],
  });
}

/** A topic policy letting S3 publish from `bucket`. */
export function s3TopicPolicy(topicArn: string, bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: topicArn,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:*:*:${bucket}` } },
      },
    ],
  });
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
