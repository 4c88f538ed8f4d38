/**
 * Delivering a bus event to the rules it matches, in the caller's transaction (PutEvents' own, or the CloudTrail
 * worker's batch): SQS targets are enqueued through `tx.sqsMessages`, SNS targets fanned out through SNS's Publish
 * path. A target receives only if its resource policy lets events.amazonaws.com send with aws:SourceArn = the rule
 * (EventBridge User Guide, "Using resource-based policies for Amazon EventBridge": Amazon SQS and Amazon SNS
 * permissions); a refused or missing target is reported to `onFailure` and skipped, as EventBridge drops after retries.
 */
import { randomUUID } from 'node:crypto';
import { evaluateResourcePolicyForService, parsePolicy } from '../../identity/policy/index.js';
import type { EventRule, EventTarget } from '../../storage/ports/eventbridge.js';
import type { SnsSigningKey } from '../../storage/ports/sns.js';
import { fanOut, type FanOutContext, type PublishDeps } from '../sns/ops/publish.js';
import { md5OfBody } from '../sqs/md5.js';
import type { BusEvent } from './envelope.js';
import { parseInputPath, selectInputPath } from './input-path.js';
import { compilePattern, matchesPattern, type PatternNode } from './pattern/index.js';

/** The SenderId SQS shows for messages EventBridge delivered (hsmtrail's fixed value for the service principal). */
const EVENTS_SENDER_ID = 'AIDAEVENTSAMAZONAWS00';
const PRINCIPAL = 'events.amazonaws.com';

export interface DeliveryFailure {
  rule: string;
  target: string;
  targetArn: string;
  reason: string;
}

export interface DeliveryDeps {
  publish: PublishDeps;
  /** Told after commit which queues received (wakes their long polls). */
  onQueued?: (queueArn: string) => void;
  onFailure?: (failure: DeliveryFailure) => void;
}

/** The stored Target's transform members. */
interface TargetDefinition {
  Input?: string;
  InputPath?: string;
}

const compiled = new Map<string, PatternNode>();

/** Compiled patterns by text (they were valid when stored); bounded, so a churn of rules cannot grow it. */
export function compiledPattern(text: string): PatternNode {
  let p = compiled.get(text);
  if (!p) {
    if (compiled.size >= 1000) compiled.clear();
    p = compilePattern(text);
    compiled.set(text, p);
  }
  return p;
}

/** Rules among `rules` whose pattern matches `event`. */
export const matchingRules = (rules: EventRule[], event: BusEvent) =>
  rules.filter((r) => r.eventPattern !== undefined && matchesPattern(compiledPattern(r.eventPattern), event));

/** Delivers `event` to every target of each matched rule; answers how many deliveries were written. */
export async function deliver(
  deps: DeliveryDeps,
  ctx: FanOutContext,
  rules: EventRule[],
  event: BusEvent,
  candidate?: SnsSigningKey,
): Promise<number> {
  let written = 0;
  for (const rule of rules) {
    for (const target of await ctx.tx.eventTargets.list(rule.arn)) {
      const failure = await deliverOne(deps, ctx, rule, target, event, candidate);
      if (failure) deps.onFailure?.({ rule: rule.arn, target: target.id, targetArn: target.arn, reason: failure });
      else written++;
    }
  }
  return written;
}

/** The body the target receives: Input, or the InputPath's selection, or the whole event. */
function bodyOf(target: EventTarget, event: BusEvent): string | undefined {
  const d = JSON.parse(target.definition) as TargetDefinition;
  if (d.Input !== undefined) return d.Input;
  if (d.InputPath !== undefined) {
    const steps = parseInputPath(d.InputPath);
    return steps && selectInputPath(steps, event);
  }
  return JSON.stringify(event);
}

function allows(policy: string | undefined, action: string, resource: string, rule: EventRule): boolean {
  if (!policy) return false;
  try {
    const context = { 'aws:SourceArn': rule.arn, 'aws:SourceAccount': rule.accountId };
    return evaluateResourcePolicyForService(parsePolicy(policy, 'resource'), PRINCIPAL, action, resource, context).allowed;
  } catch {
    return false;
  }
}

async function deliverOne(
  deps: DeliveryDeps,
  ctx: FanOutContext,
  rule: EventRule,
  target: EventTarget,
  event: BusEvent,
  candidate?: SnsSigningKey,
): Promise<string | undefined> {
  const body = bodyOf(target, event);
  if (body === undefined) return 'InputPath selects nothing in the event';
  if (target.arn.startsWith('arn:aws:sqs:')) {
    const queue = await ctx.tx.sqsQueues.get(target.arn);
    if (!queue) return 'the queue does not exist';
    if (!allows(queue.attributes.Policy, 'sqs:SendMessage', queue.arn, rule)) return 'the queue policy does not allow events.amazonaws.com';
    await ctx.tx.sqsMessages.enqueue({
      messageId: randomUUID(),
      queueArn: queue.arn,
      body,
      md5OfBody: md5OfBody(body),
      senderId: EVENTS_SENDER_ID,
      sentAt: ctx.now,
      visibleAt: new Date(ctx.now.getTime() + Number(queue.attributes.DelaySeconds ?? 0) * 1000),
      receiveCount: 0,
    });
    if (deps.onQueued) ctx.afterCommit(() => deps.onQueued!(queue.arn));
    return undefined;
  }
  const topic = await ctx.tx.snsTopics.get(target.arn);
  if (!topic) return 'the topic does not exist';
  if (!allows(topic.attributes.Policy, 'sns:Publish', topic.arn, rule)) return 'the topic policy does not allow events.amazonaws.com';
  await fanOut(deps.publish, { ...ctx, region: topic.region }, topic, { message: body }, candidate);
  return undefined;
}
