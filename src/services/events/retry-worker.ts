/**
 * The leader's worker over EventBridge's owed retries (eventTargetRetries): each due retry is one fenced write that
 * invokes the target again and, in the same transaction, deletes the row (delivered, dead-lettered or dropped) or
 * reschedules it with backoff, so a delivery that committed is never repeated and a restart resumes the rest. The
 * target is looked up at each try: a rule or target removed meanwhile ends the retries (dropped).
 */
import type { RetryPolicy } from '../../protocol/generated/events.js';
import type { Store, Tx } from '../../storage/ports.js';
import type { EventTargetRetry } from '../../storage/ports/eventbridge-retries.js';
import type { SnsSigningKey } from '../../storage/ports/sns.js';
import { serviceSender } from '../sqs/service-sender.js';
import { isRetryable, type FailureCounts } from './dead-letter.js';
import { settle, tryTarget, writeWithSigningKey, type DeliveryDeps } from './delivery.js';
import type { BusEvent } from './envelope.js';
import { limitsOf, nextTry, type ExhaustedCondition } from './retry-policy.js';

export interface RetryWorkerOptions {
  store: Store;
  deliveries: DeliveryDeps;
  /** How often the table is looked at when nothing wakes the worker. */
  pollMs?: number;
  /** Retries read per pass. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

export interface RetryStatus extends FailureCounts {
  /** Retries owed as of the worker's latest pass. */
  pendingRetries: number;
}

export class EventRetryWorker {
  /** Not started, or stopped: wakes are ignored. */
  private stopped = true;
  /** stop() was called: a pass in progress ends after its current retry. */
  private halting = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private pending = 0;
  private readonly candidates = new Map<string, SnsSigningKey>();

  constructor(private readonly opts: RetryWorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    clearTimeout(this.timer);
    await this.running;
  }

  status(): RetryStatus {
    return { pendingRetries: this.pending, ...this.opts.deliveries.counts };
  }

  /** Look at the table now (after a commit that owed a retry); a no-op on a node that is not the leader. */
  wake = (): void => {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .catch((err: unknown) => this.opts.onError?.(err))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else void this.schedule();
      });
  };

  /** Sleeps until the next retry is due (or the poll interval, whichever is sooner). */
  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const poll = this.opts.pollMs ?? 1000;
    const next = await this.opts.store.read((tx) => tx.eventTargetRetries.nextDue()).catch(() => undefined);
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.wake, next === undefined ? poll : Math.min(poll, Math.max(0, next - Date.now())));
    this.timer.unref();
  }

  /** Tries every due retry, each in its own transaction. */
  async pass(): Promise<void> {
    const limit = this.opts.batchSize ?? 100;
    for (;;) {
      const due = await this.opts.store.read((tx) => tx.eventTargetRetries.due(Date.now(), limit));
      for (const r of due) {
        if (this.halting) break;
        await writeWithSigningKey(this.opts.store, this.opts.deliveries, this.candidates, (tx) => this.retry(tx, r)).catch((err: unknown) =>
          this.postpone(r, err),
        );
      }
      if (due.length < limit || this.halting) break;
    }
    this.pending = await this.opts.store.read((tx) => tx.eventTargetRetries.count());
  }

  /**
   * A try that threw (nothing of it committed): logged and tried again after the next backoff rather than in a loop,
   * within the default limits (its own policy may be what failed to read); past them it is dropped.
   */
  private async postpone(r: EventTargetRetry, err: unknown): Promise<void> {
    if ((err as { code?: unknown }).code === 'DeposedLeader') throw err; // app/leader.ts: this node stops leading
    this.opts.onError?.(err);
    const deps = this.opts.deliveries;
    const failure = { code: 'INTERNAL_ERROR', message: 'An internal error occurred while delivering the event.' };
    const next = nextTry(limitsOf(undefined), r.attempts + 1, r.firstFailedAt, Date.now(), deps.settings.backoff);
    if ('at' in next) {
      const change = { attempts: r.attempts + 1, nextAttemptAt: next.at, errorCode: failure.code, errorMessage: failure.message };
      await this.opts.store.write((tx) => tx.eventTargetRetries.retryAt(r.id, change));
      return;
    }
    await this.opts.store.write(async (tx) => {
      if (await tx.eventTargetRetries.delete(r.id)) this.dropped(tx, r, failure.message, next.exhausted);
    });
  }

  /** Counts and logs, once `tx` commits, a retry given up without a target to dead-letter through. */
  private dropped(tx: Tx, r: EventTargetRetry, message: string, exhausted?: ExhaustedCondition): void {
    const deps = this.opts.deliveries;
    tx.afterCommit(() => {
      deps.counts.dropped++;
      deps.onSettled?.({
        outcome: 'dropped',
        rule: r.ruleArn,
        target: r.targetId,
        targetArn: '',
        errorCode: exhausted ? 'INTERNAL_ERROR' : r.errorCode,
        errorMessage: message,
        retryAttempts: r.attempts,
        ...(exhausted ? { exhaustedRetryCondition: exhausted } : {}),
      });
    });
  }

  private async retry(tx: Tx, r: EventTargetRetry): Promise<void> {
    const deps = this.opts.deliveries;
    const sender = serviceSender(deps.onQueued);
    const now = new Date();
    const rule = await tx.eventRules.get(r.ruleArn);
    const target = rule && (await tx.eventTargets.list(rule.arn)).find((t) => t.id === r.targetId);
    if (!rule || !target) {
      await tx.eventTargetRetries.delete(r.id);
      this.dropped(tx, r, 'The rule or target was removed before the event could be delivered.');
      return;
    }
    const event = JSON.parse(r.event) as BusEvent;
    const ctx = { tx, region: rule.region, now, afterCommit: tx.afterCommit };
    const failure = await tryTarget(deps, ctx, sender, { rule, target, event }, this.candidates.get(rule.region));
    if (!failure) {
      await tx.eventTargetRetries.delete(r.id);
      return;
    }
    const retries = r.attempts + 1;
    const limits = limitsOf((JSON.parse(target.definition) as { RetryPolicy?: RetryPolicy }).RetryPolicy);
    const next = isRetryable(failure) ? nextTry(limits, retries, r.firstFailedAt, now.getTime(), deps.settings.backoff) : undefined;
    if (next && 'at' in next) {
      await tx.eventTargetRetries.retryAt(r.id, {
        attempts: retries,
        nextAttemptAt: next.at,
        errorCode: failure.code,
        errorMessage: failure.message,
      });
      return;
    }
    await tx.eventTargetRetries.delete(r.id);
    const exhausted = next ? { exhausted: next.exhausted } : {};
    await settle(deps, tx, sender, { rule, target, event: r.event, failure, retryAttempts: retries, now, ...exhausted });
  }
}
