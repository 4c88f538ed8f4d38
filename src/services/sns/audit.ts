/**
 * How SNS calls are recorded (SNS Developer Guide, "Logging Amazon SNS API calls using AWS CloudTrail"): topic and
 * subscription calls are management events; Publish is a data event (resource type AWS::SNS::Topic, recorded only
 * when a trail's advanced event selectors ask for it), and its record never carries the message.
 */
import { recordParameters } from '../../audit/record/parameters.js';
import { HIDDEN } from '../../audit/record/redaction.js';
import { model } from '../../protocol/generated/sns.js';
import type { AuditSpec, EventResource } from '../service.js';
import { topicOfSubscription } from './arns.js';

export const DATA_EVENTS = new Set(['Publish']);

type Members = Record<string, unknown>;

function resources(operation: string, input: Members, output: Members | undefined): EventResource[] {
  const sub = typeof input.SubscriptionArn === 'string' ? topicOfSubscription(input.SubscriptionArn) : undefined;
  const arn = [input.TopicArn, input.TargetArn, input.ResourceArn, output?.TopicArn, sub].find(
    (v): v is string => typeof v === 'string' && v.startsWith('arn:aws:sns:'),
  );
  return arn ? [{ accountId: arn.split(':')[4]!, type: 'AWS::SNS::Topic', ARN: arn }] : [];
}

function requestParameters(operation: string, input: Members): Record<string, unknown> | null | undefined {
  if (operation !== 'Publish') return undefined;
  const shown: Members = { ...input, Message: HIDDEN };
  if ('Subject' in shown) shown.Subject = HIDDEN;
  if (shown.MessageAttributes) shown.MessageAttributes = HIDDEN;
  return recordParameters(model, model.operations.Publish!.input, shown);
}

export const snsAudit: AuditSpec = {
  isDataEvent: (operation) => DATA_EVENTS.has(operation),
  resources,
  requestParameters,
};
