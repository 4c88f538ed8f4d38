/**
 * How EventBridge calls are recorded (EventBridge User Guide, "Logging Amazon EventBridge API calls using AWS
 * CloudTrail"): rule, target, bus and tag calls are management events; PutEvents is a data event on the event bus
 * (resource type AWS::Events::EventBus), recorded only when a trail's advanced event selectors ask for it, and its
 * record never carries the events' Detail.
 */
import { recordParameters } from '../../audit/record/parameters.js';
import { HIDDEN } from '../../audit/record/redaction.js';
import { model } from '../../protocol/generated/events.js';
import type { AuditSpec, EventResource } from '../service.js';
import { busArn, parseBusArn } from './arns.js';

type Members = Record<string, unknown>;

function resources(operation: string, input: Members, _output: unknown, call: { accountId: string; region: string }): EventResource[] {
  if (operation !== 'PutEvents') return [];
  const first = Array.isArray(input.Entries) ? (input.Entries[0] as Members | undefined)?.EventBusName : undefined;
  const arn = typeof first === 'string' && parseBusArn(first) ? first : busArn(call.region, call.accountId);
  return [{ accountId: arn.split(':')[4]!, type: 'AWS::Events::EventBus', ARN: arn }];
}

function requestParameters(operation: string, input: Members): Record<string, unknown> | null | undefined {
  if (operation !== 'PutEvents' || !Array.isArray(input.Entries)) return undefined;
  const entries = (input.Entries as Members[]).map((e) => ('Detail' in e ? { ...e, Detail: HIDDEN } : e));
  return recordParameters(model, model.operations.PutEvents!.input, { ...input, Entries: entries });
}

export const eventsAudit: AuditSpec = {
  isDataEvent: (operation) => operation === 'PutEvents',
  readOnly: (operation) => (operation === 'TestEventPattern' ? true : undefined),
  resources,
  requestParameters,
};
