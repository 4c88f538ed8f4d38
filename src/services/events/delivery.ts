/**
 * Delivering a bus event to the rules it matches, in the caller's transaction (PutEvents' own, the CloudTrail
 * worker's batch, or a retry's): SQS targets are enqueued through SQS's service sender, SNS targets fanned out
 * through SNS's Publish path. A target receives only if its resource policy lets events.amazonaws.com send with
 * aws:SourceArn = the rule (EventBridge User Guide, "Using resource-based policies for Amazon EventBridge": Amazon
 * SQS and Amazon SNS permissions). Invocations beyond the region's quota are throttled, and a throttled delivery is
 * owed as a durable retry (eventTargetRetries, settled by retry-worker.ts); any other failure, or one whose
 * RetryPolicy allows no retry, is dead-lettered or dropped at once (dead-letter.ts).
 */
import type { RetryPolicy } from '../../protocol/generated/events.js';
import { randomUUID } from 'node:crypto';
import { evaluateResourcePolicyForService, parsePolicy } from '../../identity/policy/index.js';
import type { Store, Tx } from '../../storage/ports.js';
import type { EventRule, EventTarget } from '../../storage/ports/eventbridge.js';
import type { SnsSigningKey } from '../../storage/ports/sns.js';
import { fanOut, SigningKeyNeeded, type FanOutContext, type PublishDeps } from '../sns/ops/publish.js';
import { serviceSender, type SendRefusal, type ServiceSender } from '../sqs/service-sender.js';
import {
  deadLetter,
  EVENTS_SENDER_ID,
  isRetryable,
  type Ending,
  type FailureCounts,
  type SettledFailure,
  type TargetFailure,
} from './dead-letter.js';
import type { BusEvent } from './envelope.js';
import { parseInputPath, selectInputPath } from './input-path.js';
import { compilePattern, matchesPattern, type PatternNode } from './pattern/index.js';
import { limitsOf, nextTry, type BackoffSettings } from './retry-policy.js';

const PRINCIPAL = 'events.amazonaws.com';

export interface DeliverySettings {
  backoff: BackoffSettings;
  /** EventBridge's "Invocations throttle limit in transactions per second" quota, per region. */
  invocationsPerSecond: number;
}

export interface DeliveryDeps {
  publish: PublishDeps;
  settings: DeliverySettings;
  /** This node's dead-lettered, dropped and failed-to-dead-letter counts. */
  counts: FailureCounts;
  /** Told after commit which queues received (wakes their long polls). */
  onQueued?: (queueArn: string) => void;
  /** Told after commit of each failure that ended a delivery (logged). */
  onSettled?: (failure: SettledFailure) => void;
  /** Told after commit that a retry is owed (wakes the retry worker). */
  onRetryOwed?: () => void;
}

/** The stored Target's members delivery reads. */
interface TargetDefinition {
  Input?: string;
  InputPath?: string;
  RetryPolicy?: RetryPolicy;
}

const definitionOf = (t: EventTarget) => JSON.parse(t.definition) as TargetDefinition;

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
  const sender = serviceSender(deps.onQueued);
  let written = 0;
  for (const rule of rules) {
    for (const target of await ctx.tx.eventTargets.list(rule.arn)) {
      const failure = await tryTarget(deps, ctx, sender, { rule, target, event }, candidate);
      if (failure)
        await firstFailure(deps, ctx, sender, { rule, target, event: JSON.stringify(event), failure, retryAttempts: 0, now: ctx.now });
      else written++;
    }
  }
  return written;
}

/** A failed first delivery: owed as a retry when retryable and the policy allows one, else settled now. */
async function firstFailure(deps: DeliveryDeps, ctx: FanOutContext, sender: ServiceSender, e: Ending): Promise<void> {
  const now = e.now.getTime();
  const next = isRetryable(e.failure)
    ? nextTry(limitsOf(definitionOf(e.target).RetryPolicy), 0, now, now, deps.settings.backoff)
    : undefined;
  if (next && 'at' in next) {
    await ctx.tx.eventTargetRetries.add({
      id: randomUUID(),
      ruleArn: e.rule.arn,
      targetId: e.target.id,
      event: e.event,
      attempts: 0,
      nextAttemptAt: next.at,
      firstFailedAt: now,
      errorCode: e.failure.code,
      errorMessage: e.failure.message,
    });
    if (deps.onRetryOwed) ctx.afterCommit(deps.onRetryOwed);
    return;
  }
  await settle(deps, ctx.tx, sender, next ? { ...e, exhausted: next.exhausted } : e);
}

/** Dead-letters or drops the event in `tx`; counted and logged once it commits. */
export async function settle(deps: DeliveryDeps, tx: Tx, sender: ServiceSender, e: Ending): Promise<void> {
  const settled = await deadLetter(tx, sender, e);
  tx.afterCommit(() => {
    deps.counts[settled.outcome]++;
    deps.onSettled?.(settled);
  });
}

/** The body the target receives: Input, or the InputPath's selection, or the whole event. */
function bodyOf(d: TargetDefinition, event: BusEvent): string | undefined {
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

const SQS_FAILURES: Record<SendRefusal, TargetFailure> = {
  NonExistentQueue: { code: 'NO_RESOURCE', message: 'The target queue does not exist.' },
  AccessDenied: { code: 'NO_PERMISSIONS', message: 'The queue policy does not allow events.amazonaws.com to send to the queue.' },
  InvalidParameterValue: { code: 'SQS_PARAMETER_INVALID', message: "The event is larger than the queue's MaximumMessageSize." },
};

/** One invocation of one target in the caller's transaction: undefined when delivered, else why not. */
export async function tryTarget(
  deps: DeliveryDeps,
  ctx: FanOutContext,
  sender: ServiceSender,
  d: { rule: EventRule; target: EventTarget; event: BusEvent },
  candidate?: SnsSigningKey,
): Promise<TargetFailure | undefined> {
  const { rule, target } = d;
  const body = bodyOf(definitionOf(target), d.event);
  if (body === undefined) return { code: 'INVALID_PARAMETER', message: 'InputPath selects nothing in the event.' };
  const rate = deps.settings.invocationsPerSecond;
  if (!(await ctx.tx.throttles.take(`events:invocations@${rule.region}`, ctx.now, rate, rate))) {
    return { code: 'THROTTLING', message: 'The invocations throttle limit of the region was exceeded.' };
  }
  if (target.arn.startsWith('arn:aws:sqs:')) {
    const sent = await sender.send(ctx.tx, {
      queueArn: target.arn,
      servicePrincipal: PRINCIPAL,
      sourceArn: rule.arn,
      sourceAccount: rule.accountId,
      senderId: EVENTS_SENDER_ID,
      body,
      now: ctx.now,
    });
    return 'refused' in sent ? SQS_FAILURES[sent.refused] : undefined;
  }
  const topic = await ctx.tx.snsTopics.get(target.arn);
  if (!topic) return { code: 'NO_RESOURCE', message: 'The target topic does not exist.' };
  if (!allows(topic.attributes.Policy, 'sns:Publish', topic.arn, rule)) {
    return { code: 'NO_PERMISSIONS', message: 'The topic policy does not allow events.amazonaws.com to publish to the topic.' };
  }
  await fanOut(deps.publish, { ...ctx, region: topic.region }, topic, { message: body }, candidate);
  return undefined;
}

/**
 * A write whose SNS deliveries may need the region's first signing key: the key is generated outside the
 * transaction (slow), kept in `candidates`, and the write run once more with it.
 */
export async function writeWithSigningKey<T>(
  store: Store,
  deps: DeliveryDeps,
  candidates: Map<string, SnsSigningKey>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.write(fn);
    } catch (err) {
      if (!(err instanceof SigningKeyNeeded) || attempt > 0) throw err;
      candidates.set(err.region, await deps.publish.signer.candidate(err.region, new Date()));
    }
  }
}
