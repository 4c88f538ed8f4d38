/**
 * EventBridge's durable retries: a row per (event, rule target) whose delivery failed with a retryable error,
 * written in the transaction that tried to deliver, tried again by the leader's retry worker until it is
 * delivered or the target's RetryPolicy runs out (then dead-lettered or dropped), so a restart resumes what was
 * still owed and a delivery that committed is never repeated.
 */
export interface EventTargetRetry {
  id: string;
  /** The rule and target Id the event is owed to (looked up again at each try: removed means given up). */
  ruleArn: string;
  targetId: string;
  /** The event as the bus matched it, JSON (the target's Input/InputPath is applied at each try). */
  event: string;
  /** Retries made so far (the first, failed delivery is not one). */
  attempts: number;
  /** Epoch ms. */
  nextAttemptAt: number;
  /** Epoch ms of the first failed delivery: MaximumEventAgeInSeconds counts from here. */
  firstFailedAt: number;
  /** The latest failure, as a dead-letter message would carry it (ERROR_CODE, ERROR_MESSAGE). */
  errorCode: string;
  errorMessage: string;
}

export interface EventTargetRetryRepository {
  add(retry: EventTargetRetry): Promise<void>;
  /** Retries due at `now` (nextAttemptAt <= now), soonest first. */
  due(now: number, limit: number): Promise<EventTargetRetry[]>;
  /** The earliest nextAttemptAt of any retry, or undefined when none is owed. */
  nextDue(): Promise<number | undefined>;
  /** Records another failed try, its error, and when to try again. */
  retryAt(id: string, change: Pick<EventTargetRetry, 'attempts' | 'nextAttemptAt' | 'errorCode' | 'errorMessage'>): Promise<void>;
  /** Delivered, dead-lettered or dropped; true when it existed (false: another pass settled it). */
  delete(id: string): Promise<boolean>;
  /** Retries still owed. */
  count(): Promise<number>;
}
