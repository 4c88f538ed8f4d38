import { describe, expect, it } from 'vitest';
import { limitsOf, nextTry, retryDelayMs } from './retry-policy.js';

const backoff = { baseMs: 1000, maxMs: 60_000 };

describe('EventBridge retry policy', () => {
  it("defaults to AWS's 185 attempts over 24 hours", () => {
    expect(limitsOf(undefined)).toEqual({ maxAttempts: 185, maxAgeMs: 86_400_000 });
    expect(limitsOf({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 })).toEqual({ maxAttempts: 0, maxAgeMs: 60_000 });
  });

  it('doubles the delay up to the cap, jittered within its upper half', () => {
    expect(retryDelayMs(0, backoff, () => 0)).toBe(500);
    expect(retryDelayMs(0, backoff, () => 1)).toBe(1000);
    expect(retryDelayMs(3, backoff, () => 0.5)).toBe(6000);
    expect(retryDelayMs(30, backoff, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, backoff, () => 0)).toBe(30_000);
  });

  it('stops at whichever limit is reached first', () => {
    const limits = { maxAttempts: 3, maxAgeMs: 10_000 };
    expect(nextTry(limits, 0, 0, 0, backoff)).toMatchObject({ at: expect.any(Number) });
    expect(nextTry(limits, 3, 0, 0, backoff)).toEqual({ exhausted: 'MaximumRetryAttempts' });
    expect(nextTry(limits, 1, 0, 9_500, backoff)).toEqual({ exhausted: 'MaximumEventAgeInSeconds' });
    expect(nextTry({ maxAttempts: 0, maxAgeMs: 60_000 }, 0, 0, 0, backoff)).toEqual({ exhausted: 'MaximumRetryAttempts' });
  });
});
