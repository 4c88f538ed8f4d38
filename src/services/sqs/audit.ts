/**
 * How SQS calls are recorded (SQS Developer Guide, "Logging Amazon SQS API calls using AWS CloudTrail"): the
 * message calls are data events (resource type AWS::SQS::Queue, recorded only when a trail's advanced event
 * selectors ask for them); their records name the queue, never carry message bodies (HIDDEN_DUE_TO_SECURITY_REASONS)
 * and ReceiveMessage records no responseElements, so bodies never reach the trail.
 */
import { recordParameters } from '../../audit/record/parameters.js';
import { HIDDEN } from '../../audit/record/redaction.js';
import { model } from '../../protocol/generated/sqs.js';
import type { AuditSpec, EventResource } from '../service.js';
import { parseQueueUrl, queueArn } from './queue-url.js';

export const DATA_EVENTS = new Set([
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
]);

type Members = Record<string, unknown>;

function arnOf(input: Members, call: { accountId: string; region: string }): string | undefined {
  if (typeof input.QueueUrl === 'string') {
    try {
      return parseQueueUrl(input.QueueUrl, call.region).arn;
    } catch {
      return undefined;
    }
  }
  return typeof input.QueueName === 'string' ? queueArn(call.region, call.accountId, input.QueueName) : undefined;
}

function resources(_operation: string, input: Members, _output: unknown, call: { accountId: string; region: string }): EventResource[] {
  const arn = arnOf(input, call);
  return arn ? [{ accountId: arn.split(':')[4]!, type: 'AWS::SQS::Queue', ARN: arn }] : [];
}

/** Message bodies and attribute values are hidden; everything else keeps CloudTrail's default rendering. */
function hideContent(m: Members): Members {
  const out: Members = { ...m };
  if ('MessageBody' in out) out.MessageBody = HIDDEN;
  if (out.MessageAttributes) out.MessageAttributes = HIDDEN;
  return out;
}

function requestParameters(operation: string, input: Members): Record<string, unknown> | null | undefined {
  if (operation !== 'SendMessage' && operation !== 'SendMessageBatch') return undefined;
  const shown = hideContent(input);
  if (Array.isArray(input.Entries)) shown.Entries = (input.Entries as Members[]).map(hideContent);
  return recordParameters(model, model.operations[operation]!.input, shown);
}

export const sqsAudit: AuditSpec = {
  isDataEvent: (operation) => DATA_EVENTS.has(operation),
  resources,
  requestParameters,
  responseElements: (operation) => (operation === 'ReceiveMessage' ? null : undefined),
};
