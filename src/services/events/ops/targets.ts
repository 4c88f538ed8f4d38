/**
 * Targets of rules: PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget. hsmtrail delivers to
 * SQS queues and SNS topics; other target types, InputTransformer and FIFO parameters are refused per entry. A
 * target's RetryPolicy (ranges checked by the model) and DeadLetterConfig are kept with it; the dead-letter queue
 * must be an SQS queue of the rule's account and region (EventBridge User Guide, "Event retry policy and using
 * dead-letter queues").
 */
import type * as T from '../../../protocol/generated/events.js';
import type { EventRule } from '../../../storage/ports/eventbridge.js';
import type { CallContext } from '../../service.js';
import { busName, parseRuleArn } from '../arns.js';
import { afterToken, nextToken, pageSize, ruleOf } from '../context.js';
import { limitExceeded } from '../errors.js';
import { parseInputPath } from '../input-path.js';

/** Targets per rule (EventBridge quotas: "Targets per rule", 5). */
const MAX_TARGETS = 5;
const TARGET_ARN = /^arn:aws:(sqs|sns):[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

const QUEUE_ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,80}$/;

function deadLetterRefusal(arn: string, rule: EventRule): string | undefined {
  const m = QUEUE_ARN.exec(arn);
  if (!m) return `The dead-letter queue ARN ${arn} is not a valid Amazon SQS queue ARN.`;
  if (m[1] !== rule.region || m[2] !== rule.accountId) {
    return 'The dead-letter queue must be an Amazon SQS queue in the same account and region as the rule.';
  }
  return undefined;
}

function refusal(t: T.Target, rule: EventRule): string | undefined {
  if (t.DeadLetterConfig?.Arn !== undefined) {
    const reason = deadLetterRefusal(t.DeadLetterConfig.Arn, rule);
    if (reason) return reason;
  }
  if (!TARGET_ARN.test(t.Arn)) return `Target ${t.Arn} is not supported by hsmtrail: targets are SQS queues and SNS topics.`;
  const transforms = [t.Input, t.InputPath, t.InputTransformer].filter((v) => v !== undefined).length;
  if (transforms > 1) return 'Only one of Input, InputPath, or InputTransformer must be provided.';
  if (t.InputTransformer !== undefined) return 'InputTransformer is not supported by hsmtrail.';
  if (t.Input !== undefined && !isJson(t.Input)) return 'Input is not valid JSON text.';
  if (t.InputPath !== undefined && !parseInputPath(t.InputPath)) return `InputPath ${t.InputPath} is not a supported JSONPath.`;
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export async function putTargets(call: CallContext, i: T.PutTargetsRequest): Promise<T.PutTargetsResponse> {
  const rule = await ruleOf(call, i.Rule, i.EventBusName);
  const existing = new Set((await call.tx.eventTargets.list(rule.arn)).map((t) => t.id));
  const failed: T.PutTargetsResultEntry[] = [];
  const accepted = i.Targets.filter((t) => {
    const reason = refusal(t, rule);
    if (reason) failed.push({ TargetId: t.Id, ErrorCode: 'ValidationException', ErrorMessage: reason });
    return !reason;
  });
  const after = new Set([...existing, ...accepted.map((t) => t.Id)]);
  if (after.size > MAX_TARGETS) throw limitExceeded('The requested resource exceeds the maximum number allowed.');
  for (const t of accepted) await call.tx.eventTargets.put({ ruleArn: rule.arn, id: t.Id, arn: t.Arn, definition: JSON.stringify(t) });
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

export async function removeTargets(call: CallContext, i: T.RemoveTargetsRequest): Promise<T.RemoveTargetsResponse> {
  const rule = await ruleOf(call, i.Rule, i.EventBusName);
  for (const id of i.Ids) await call.tx.eventTargets.remove(rule.arn, id);
  return { FailedEntryCount: 0, FailedEntries: [] };
}

export async function listTargetsByRule(call: CallContext, i: T.ListTargetsByRuleRequest): Promise<T.ListTargetsByRuleResponse> {
  const rule = await ruleOf(call, i.Rule, i.EventBusName);
  const limit = pageSize(i.Limit);
  const targets = await call.tx.eventTargets.list(rule.arn, afterToken(i.NextToken), limit + 1);
  const page = targets.slice(0, limit);
  return {
    Targets: page.map((t) => JSON.parse(t.definition) as T.Target),
    ...(targets.length > limit ? { NextToken: nextToken(page.at(-1)!.id) } : {}),
  };
}

export async function listRuleNamesByTarget(
  call: CallContext,
  i: T.ListRuleNamesByTargetRequest,
): Promise<T.ListRuleNamesByTargetResponse> {
  busName(i.EventBusName, call.region, call.accountId);
  const limit = pageSize(i.Limit);
  const prefix = `arn:aws:events:${call.region}:${call.accountId}:rule/`;
  const arns = await call.tx.eventTargets.rulesByTarget(i.TargetArn, prefix, afterToken(i.NextToken), limit + 1);
  const page = arns.slice(0, limit);
  return {
    RuleNames: page.map((a) => parseRuleArn(a)!.name),
    ...(arns.length > limit ? { NextToken: nextToken(page.at(-1)!) } : {}),
  };
}
