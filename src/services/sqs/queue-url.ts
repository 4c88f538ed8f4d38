/**
 * Queue URLs `<endpoint>/<account>/<name>` (SQS Developer Guide, "Amazon SQS queue and message identifiers"), and
 * queue ARNs `arn:aws:sqs:<region>:<account>:<name>`.
 */
import { queueDoesNotExist } from './errors.js';

export interface QueueRef {
  accountId: string;
  region: string;
  name: string;
  arn: string;
}

export const queueArn = (region: string, accountId: string, name: string) => `arn:aws:sqs:${region}:${accountId}:${name}`;

export function queueRef(region: string, accountId: string, name: string): QueueRef {
  return { region, accountId, name, arn: queueArn(region, accountId, name) };
}

export function queueUrl(endpoint: string | undefined, accountId: string, name: string): string {
  return `${endpoint ?? 'http://localhost:4599'}/${accountId}/${name}`;
}

/** The queue a QueueUrl names; only its path matters (SDKs may send any host that reaches this server). */
export function parseQueueUrl(url: string, region: string): QueueRef {
  let path = url;
  if (/^https?:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      throw queueDoesNotExist();
    }
  }
  const m = /^\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)\/?$/.exec(path);
  if (!m) throw queueDoesNotExist();
  return queueRef(region, m[1]!, m[2]!);
}
