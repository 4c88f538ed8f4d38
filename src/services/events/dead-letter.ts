/**
 * What becomes of an event a target could not take (EventBridge User Guide, "Event retry policy and using
 * dead-letter queues"): errors from missing permissions or a target that no longer exists are not retried; an
 * event that fails so, or runs out of its RetryPolicy, goes to the target's dead-letter queue (a standard SQS queue
 * whose policy lets events.amazonaws.com send for the rule) with the attributes RULE_ARN, TARGET_ARN, ERROR_CODE,
 * ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION and RETRY_ATTEMPTS; without one it is dropped. If the dead-letter queue
 * refuses too, nothing is kept (the InvocationsFailedToBeSentToDLQ case): it is logged and counted.
 */
import type { MessageAttributeValue } from '../../protocol/generated/sqs.js';
import type { DeadLetterConfig } from '../../protocol/generated/events.js';
import type { Tx } from '../../storage/ports.js';
import type { EventRule, EventTarget } from '../../storage/ports/eventbridge.js';
import type { ServiceSender } from '../sqs/service-sender.js';
import type { ExhaustedCondition } from './retry-policy.js';

/** The DLQ ERROR_CODE names of the failures hsmtrail's targets can have. */
export type FailureCode = 'NO_RESOURCE' | 'NO_PERMISSIONS' | 'INVALID_PARAMETER' | 'SQS_PARAMETER_INVALID' | 'THROTTLING';

export interface TargetFailure {
  code: FailureCode;
  message: string;
}

/** Only throttling is retried: the other failures need someone to fix the target first. */
export const isRetryable = (f: TargetFailure) => f.code === 'THROTTLING';

/** Counters of this node's settled failures (shown in /health beside the retries still owed). */
export interface FailureCounts {
  deadLettered: number;
  dropped: number;
  deadLetterFailed: number;
}

export const newFailureCounts = (): FailureCounts => ({ deadLettered: 0, dropped: 0, deadLetterFailed: 0 });

/** A settled failure, as it is logged. */
export interface SettledFailure {
  outcome: 'deadLettered' | 'dropped' | 'deadLetterFailed';
  rule: string;
  target: string;
  targetArn: string;
  errorCode: string;
  errorMessage: string;
  retryAttempts: number;
  exhaustedRetryCondition?: ExhaustedCondition;
  deadLetterQueue?: string;
}

export interface Ending {
  rule: EventRule;
  target: EventTarget;
  /** The event as the bus matched it (JSON): the dead-letter message's body. */
  event: string;
  failure: TargetFailure;
  retryAttempts: number;
  exhausted?: ExhaustedCondition;
  now: Date;
}

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** Sends the failed event to the target's DLQ in `tx`, or drops it; answers what became of it. */
export async function deadLetter(tx: Tx, sender: ServiceSender, e: Ending): Promise<SettledFailure> {
  const dlq = (JSON.parse(e.target.definition) as { DeadLetterConfig?: DeadLetterConfig }).DeadLetterConfig?.Arn;
  const settled: Omit<SettledFailure, 'outcome'> = {
    rule: e.rule.arn,
    target: e.target.id,
    targetArn: e.target.arn,
    errorCode: e.failure.code,
    errorMessage: e.failure.message,
    retryAttempts: e.retryAttempts,
    ...(e.exhausted ? { exhaustedRetryCondition: e.exhausted } : {}),
  };
  if (!dlq) return { outcome: 'dropped', ...settled };
  const sent = await sender.send(tx, {
    queueArn: dlq,
    servicePrincipal: 'events.amazonaws.com',
    sourceArn: e.rule.arn,
    sourceAccount: e.rule.accountId,
    senderId: EVENTS_SENDER_ID,
    body: e.event,
    messageAttributes: {
      RULE_ARN: text(e.rule.arn),
      TARGET_ARN: text(e.target.arn),
      ERROR_CODE: text(e.failure.code),
      ERROR_MESSAGE: text(e.failure.message),
      ...(e.exhausted ? { EXHAUSTED_RETRY_CONDITION: text(e.exhausted) } : {}),
      RETRY_ATTEMPTS: text(String(e.retryAttempts)),
    },
    now: e.now,
  });
  return { outcome: 'refused' in sent ? 'deadLetterFailed' : 'deadLettered', deadLetterQueue: dlq, ...settled };
}

/** The SenderId SQS shows for messages EventBridge sent (hsmtrail's fixed value for the service principal). */
export const EVENTS_SENDER_ID = 'AIDAEVENTSAMAZONAWS00';
