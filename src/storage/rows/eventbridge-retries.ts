import type { EventTargetRetry } from '../ports/eventbridge-retries.js';

/** eventbridge_retries as both engines keep it, and its mapping to the domain value (engine-neutral). */
export interface EventTargetRetryRow {
  id: string;
  rule_arn: string;
  target_id: string;
  event: string;
  attempts: number;
  next_attempt_at: number;
  first_failed_at: number;
  error_code: string;
  error_message: string;
}

export const toEventTargetRetry = (r: EventTargetRetryRow): EventTargetRetry => ({
  id: r.id,
  ruleArn: r.rule_arn,
  targetId: r.target_id,
  event: r.event,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  firstFailedAt: Number(r.first_failed_at),
  errorCode: r.error_code,
  errorMessage: r.error_message,
});
