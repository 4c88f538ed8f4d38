/**
 * EventBridge authorization: `events:<Operation>` (Service Authorization Reference, "Actions defined by Amazon
 * EventBridge") on the rule's ARN for rule and target calls, on the bus's ARN for DescribeEventBus and PutEvents
 * (each entry's bus), on ResourceARN for tag calls; ListRules, ListEventBuses, ListRuleNamesByTarget and
 * TestEventPattern on `*`. PutRule and TagResource carry aws:RequestTag and aws:TagKeys.
 */
import type * as T from '../../protocol/generated/events.js';
import type { AuthorizationRequest, CallContext } from '../service.js';
import { busArn, parseBusArn, ruleArn } from './arns.js';

type Input = Record<string, unknown>;

const RULE_OPS = new Set([
  'PutRule',
  'DescribeRule',
  'EnableRule',
  'DisableRule',
  'DeleteRule',
  'PutTargets',
  'RemoveTargets',
  'ListTargetsByRule',
]);

function busArnOf(name: unknown, call: CallContext): string {
  if (typeof name === 'string' && parseBusArn(name)) return name;
  return busArn(call.region, call.accountId, typeof name === 'string' ? name : undefined);
}

function tagContext(tags: T.Tag[] | undefined): Record<string, string | string[]> | undefined {
  if (!tags?.length) return undefined;
  return { ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])), 'aws:TagKeys': tags.map((t) => t.Key) };
}

function resources(
  operation: string,
  input: Input,
  call: CallContext,
): { resource: string; context?: Record<string, string | string[]> }[] {
  if (RULE_OPS.has(operation)) {
    const name = typeof input.Name === 'string' ? input.Name : typeof input.Rule === 'string' ? input.Rule : '*';
    const context = operation === 'PutRule' ? tagContext(input.Tags as T.Tag[] | undefined) : undefined;
    return [{ resource: ruleArn(call.region, call.accountId, name), ...(context ? { context } : {}) }];
  }
  if (operation === 'DescribeEventBus') return [{ resource: busArnOf(input.Name, call) }];
  if (operation === 'PutEvents') {
    const entries = Array.isArray(input.Entries) ? (input.Entries as T.PutEventsRequestEntry[]) : [];
    const arns = new Set(entries.map((e) => busArnOf(e.EventBusName, call)));
    return [...(arns.size ? arns : [busArnOf(undefined, call)])].map((resource) => ({ resource }));
  }
  if (typeof input.ResourceARN === 'string') {
    const context = operation === 'TagResource' ? tagContext(input.Tags as T.Tag[] | undefined) : undefined;
    return [{ resource: input.ResourceARN, ...(context ? { context } : {}) }];
  }
  return [{ resource: '*' }];
}

export function authorizeEvents(operation: string, input: Input, call: CallContext): AuthorizationRequest[] {
  const action = `events:${operation}`;
  return resources(operation, input, call).map((r) => ({ action, ...r }));
}
