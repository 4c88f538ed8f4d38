/**
 * Queue attributes: defaults and ranges from the SQS API Reference (CreateQueue, SetQueueAttributes), and the
 * read-only ones GetQueueAttributes derives.
 */
import type { SqsQueue } from '../../storage/ports/sqs.js';
import { invalidAttributeName, invalidAttributeValue, unsupportedOperation } from './errors.js';

const RANGES: Record<string, [number, number, number]> = {
  // name: [default, min, max]
  DelaySeconds: [0, 0, 900],
  MaximumMessageSize: [262_144, 1024, 1_048_576],
  MessageRetentionPeriod: [345_600, 60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 0, 20],
  VisibilityTimeout: [30, 0, 43_200],
};

const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);
const ACCEPTED = new Set(['KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled']);
export const READ_ONLY = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
];

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export function defaultAttributes(): Record<string, string> {
  return Object.fromEntries(Object.entries(RANGES).map(([k, [def]]) => [k, String(def)]));
}

/** Validates settable attributes; FIFO queues are not implemented and are refused. */
export function checkAttributes(attrs: Record<string, string>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'FifoQueue' || name === 'ContentBasedDeduplication' || name === 'DeduplicationScope' || name === 'FifoThroughputLimit') {
      if (name === 'FifoQueue' && value === 'false') continue;
      throw unsupportedOperation('FIFO queues are not supported by hsmtrail.');
    }
    const range = RANGES[name];
    if (range) checkRange(name, value, range);
    else if (JSON_ATTRIBUTES.has(name)) checkJson(name, value);
    else if (!ACCEPTED.has(name)) throw invalidAttributeName(name);
  }
  if (attrs.RedrivePolicy) redrivePolicyOf(attrs.RedrivePolicy);
}

function checkRange(name: string, value: string, [, min, max]: [number, number, number]): void {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
}

function checkJson(name: string, value: string): void {
  if (value === '') return;
  try {
    JSON.parse(value);
  } catch {
    throw invalidAttributeValue(`Invalid value for the parameter ${name}.`);
  }
}

/** maxReceiveCount may be a JSON number or string (both are accepted by SQS). */
export function redrivePolicyOf(value: string | undefined): RedrivePolicy | undefined {
  if (!value) return undefined;
  const p = JSON.parse(value) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  const max = Number(p.maxReceiveCount);
  if (typeof p.deadLetterTargetArn !== 'string' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw invalidAttributeValue('Value for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.');
  }
  return { deadLetterTargetArn: p.deadLetterTargetArn, maxReceiveCount: max };
}

export const numberAttr = (q: SqsQueue, name: string): number => Number(q.attributes[name] ?? RANGES[name]?.[0] ?? 0);

/** Empty values clear Policy and RedrivePolicy, as in SQS. */
export function mergeAttributes(current: Record<string, string>, updates: Record<string, string>): Record<string, string> {
  const out = { ...current };
  for (const [k, v] of Object.entries(updates)) {
    if (JSON_ATTRIBUTES.has(k) && v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
