/** Rules on the default bus: PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule. */
import type * as T from '../../../protocol/generated/events.js';
import type { EventRule } from '../../../storage/ports/eventbridge.js';
import type { CallContext } from '../../service.js';
import { busName, DEFAULT_BUS, ruleArn } from '../arns.js';
import { afterToken, nextToken, pageSize, ruleOf } from '../context.js';
import { invalidPattern, validation } from '../errors.js';
import { compilePattern, PatternError } from '../pattern/index.js';
import { cursorName } from '../cursor.js';
import { tagsOf } from './tags.js';

export function checkPattern(text: string): void {
  try {
    compilePattern(text);
  } catch (err) {
    if (err instanceof PatternError) throw invalidPattern(err.message);
    throw err;
  }
}

export async function putRule(call: CallContext, i: T.PutRuleRequest): Promise<T.PutRuleResponse> {
  busName(i.EventBusName, call.region, call.accountId);
  if (i.EventPattern === undefined && i.ScheduleExpression === undefined) {
    throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  }
  if (i.ScheduleExpression !== undefined) throw validation('ScheduleExpression is not supported by hsmtrail.');
  checkPattern(i.EventPattern!);
  const arn = ruleArn(call.region, call.accountId, i.Name);
  const existing = await call.tx.eventRules.get(arn);
  const rule: EventRule = {
    arn,
    accountId: call.accountId,
    region: call.region,
    busName: DEFAULT_BUS,
    name: i.Name,
    eventPattern: i.EventPattern,
    state: i.State ?? 'ENABLED',
    ...(i.Description !== undefined ? { description: i.Description } : {}),
    ...(i.RoleArn !== undefined ? { roleArn: i.RoleArn } : {}),
    createdAt: existing?.createdAt ?? call.now,
  };
  await call.tx.eventRules.put(rule);
  if (i.Tags?.length) await call.tx.eventTags.set(arn, { ...(await call.tx.eventTags.get(arn)), ...tagsOf(i.Tags) });
  // The region's CloudTrail consumer starts at the first rule: events from here on reach the bus.
  const cursor = cursorName(call.region);
  if ((await call.tx.cursors.get(cursor)) === undefined) await call.tx.cursors.advance(cursor, await call.tx.events.lastSeq());
  return { RuleArn: arn };
}

const describe = (r: EventRule): T.Rule => ({
  Name: r.name,
  Arn: r.arn,
  ...(r.eventPattern !== undefined ? { EventPattern: r.eventPattern } : {}),
  ...(r.scheduleExpression !== undefined ? { ScheduleExpression: r.scheduleExpression } : {}),
  State: r.state,
  ...(r.description !== undefined ? { Description: r.description } : {}),
  ...(r.roleArn !== undefined ? { RoleArn: r.roleArn } : {}),
  EventBusName: r.busName,
});

export async function describeRule(call: CallContext, i: T.DescribeRuleRequest): Promise<T.DescribeRuleResponse> {
  const rule = await ruleOf(call, i.Name, i.EventBusName);
  return { ...describe(rule), CreatedBy: rule.accountId };
}

export async function listRules(call: CallContext, i: T.ListRulesRequest): Promise<T.ListRulesResponse> {
  const bus = busName(i.EventBusName, call.region, call.accountId);
  const limit = pageSize(i.Limit);
  const rules = await call.tx.eventRules.list({
    accountId: call.accountId,
    region: call.region,
    busName: bus,
    namePrefix: i.NamePrefix,
    after: afterToken(i.NextToken),
    limit: limit + 1,
  });
  const page = rules.slice(0, limit);
  return { Rules: page.map(describe), ...(rules.length > limit ? { NextToken: nextToken(page.at(-1)!.name) } : {}) };
}

export async function enableRule(call: CallContext, i: T.EnableRuleRequest): Promise<void> {
  const rule = await ruleOf(call, i.Name, i.EventBusName);
  if (rule.state === 'DISABLED') await call.tx.eventRules.setState(rule.arn, 'ENABLED');
}

export async function disableRule(call: CallContext, i: T.DisableRuleRequest): Promise<void> {
  const rule = await ruleOf(call, i.Name, i.EventBusName);
  await call.tx.eventRules.setState(rule.arn, 'DISABLED');
}

/** A rule that still has targets is refused, as EventBridge does; deleting a missing rule succeeds. */
export async function deleteRule(call: CallContext, i: T.DeleteRuleRequest): Promise<void> {
  busName(i.EventBusName, call.region, call.accountId);
  const arn = ruleArn(call.region, call.accountId, i.Name);
  if (!(await call.tx.eventRules.get(arn))) return;
  if ((await call.tx.eventTargets.count(arn)) > 0) throw validation("Rule can't be deleted since it has targets.");
  await call.tx.eventRules.delete(arn);
}
