/**
 * A target's RetryPolicy (EventBridge API Reference, RetryPolicy; User Guide, "Event retry policy and using
 * dead-letter queues"): without one, EventBridge retries for 24 hours and up to 185 times, with exponential backoff
 * and jitter. Delivery stops at whichever limit is reached first.
 */
import type { RetryPolicy } from '../../protocol/generated/events.js';

export const DEFAULT_MAX_ATTEMPTS = 185;
export const DEFAULT_MAX_AGE_SECONDS = 86_400;

/** How retries are spaced: doubling from `baseMs`, capped at `maxMs`, each delay jittered within its upper half. */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export type ExhaustedCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

export interface Limits {
  maxAttempts: number;
  maxAgeMs: number;
}

export const limitsOf = (p: RetryPolicy | undefined): Limits => ({
  maxAttempts: p?.MaximumRetryAttempts ?? DEFAULT_MAX_ATTEMPTS,
  maxAgeMs: (p?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000,
});

/** The delay before retry number `retry` (0 = the first): "exponential backoff and jitter". */
export function retryDelayMs(retry: number, b: BackoffSettings, random = Math.random): number {
  const ceiling = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(retry, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type NextTry = { at: number } | { exhausted: ExhaustedCondition };

/**
 * After a retryable failure with `retries` retries already made: when to try again, or which limit ran out (the
 * attempt count first, then whether the next try would come after the event's maximum age).
 */
export function nextTry(limits: Limits, retries: number, firstFailedAt: number, now: number, b: BackoffSettings): NextTry {
  if (retries >= limits.maxAttempts) return { exhausted: 'MaximumRetryAttempts' };
  const at = now + retryDelayMs(retries, b);
  return at - firstFailedAt > limits.maxAgeMs ? { exhausted: 'MaximumEventAgeInSeconds' } : { at };
}
