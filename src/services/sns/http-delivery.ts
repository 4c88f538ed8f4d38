/**
 * http/https deliveries (SNS Developer Guide, "Amazon SNS message delivery retries"): each owed POST is a row of the
 * store's outbox, written in the Publish/Subscribe transaction; the leader's worker POSTs due rows with SNS's
 * headers, deletes a row on a 2xx answer, and otherwise schedules the next try as the DeliveryPolicy's
 * healthyRetryPolicy says: numNoDelayRetries at once, numMinDelayRetries minDelayTarget apart, a backoff phase
 * from minDelayTarget to maxDelayTarget (backoffFunction), then numMaxDelayRetries maxDelayTarget apart, numRetries
 * in all. With no policy, AWS's HTTP/S default: 3 retries 20 s apart. Rows survive a restart.
 */
import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../../storage/ports.js';
import type { SnsHttpDelivery } from '../../storage/ports/sns-deliveries.js';

/** The delay (ms) before each retry, in order; its length is numRetries. */
export interface RetryPolicy {
  delaysMs: number[];
}

interface HealthyRetryPolicy {
  numRetries?: number;
  numNoDelayRetries?: number;
  numMinDelayRetries?: number;
  numMaxDelayRetries?: number;
  minDelayTarget?: number;
  maxDelayTarget?: number;
  backoffFunction?: string;
}

const DEFAULT_POLICY: HealthyRetryPolicy = { numRetries: 3, minDelayTarget: 20, maxDelayTarget: 20 };
const TIMEOUT_MS = 15_000;
/** "The total policy retry time for an HTTP/S endpoint cannot be greater than 3,600 seconds." */
const MAX_RETRIES = 100;

export function retryPolicyOf(deliveryPolicy: string | undefined): RetryPolicy {
  let p = DEFAULT_POLICY;
  if (deliveryPolicy) {
    try {
      p =
        (JSON.parse(deliveryPolicy) as { http?: { defaultHealthyRetryPolicy?: HealthyRetryPolicy } }).http?.defaultHealthyRetryPolicy ?? p;
    } catch {
      // an unparsable stored policy: the default
    }
  }
  return { delaysMs: schedule(p) };
}

function schedule(p: HealthyRetryPolicy): number[] {
  const n = (v: number | undefined, d: number) => (Number.isFinite(Number(v)) ? Math.max(Number(v), 0) : d);
  const total = Math.min(n(p.numRetries, 3), MAX_RETRIES);
  const min = Math.max(n(p.minDelayTarget, 20), 1) * 1000;
  const max = Math.max(n(p.maxDelayTarget, 20) * 1000, min);
  const noDelay = Math.min(n(p.numNoDelayRetries, 0), total);
  const minDelay = Math.min(n(p.numMinDelayRetries, 0), total - noDelay);
  const maxDelay = Math.min(n(p.numMaxDelayRetries, 0), total - noDelay - minDelay);
  const backoff = total - noDelay - minDelay - maxDelay;
  const grow = backoffCurve(p.backoffFunction);
  return [
    ...Array<number>(noDelay).fill(0),
    ...Array<number>(minDelay).fill(min),
    ...Array.from({ length: backoff }, (_, i) => Math.round(min + (max - min) * grow(backoff === 1 ? 1 : i / (backoff - 1)))),
    ...Array<number>(maxDelay).fill(max),
  ];
}

/** How the backoff phase climbs from min (x = 0) to max (x = 1). */
function backoffCurve(name: string | undefined): (x: number) => number {
  switch (name) {
    case 'arithmetic':
      return (x) => x * x;
    case 'geometric':
      return (x) => x * x * x;
    case 'exponential':
      return (x) => (Math.exp(4 * x) - 1) / (Math.exp(4) - 1);
    default:
      return (x) => x; // linear
  }
}

/** Adds the owed POST to the outbox in `tx`; the worker is woken once it commits. */
export async function enqueueHttp(
  tx: Tx,
  d: { subscriptionArn: string; endpoint: string; headers: Record<string, string>; body: string; retry: RetryPolicy; now: Date },
  wake?: () => void,
): Promise<void> {
  await tx.snsHttpDeliveries.add({
    id: randomUUID(),
    subscriptionArn: d.subscriptionArn,
    endpoint: d.endpoint,
    headers: d.headers,
    body: d.body,
    policy: JSON.stringify(d.retry),
    attempts: 0,
    nextAttemptAt: d.now.getTime(),
    createdAt: d.now.getTime(),
  });
  if (wake) tx.afterCommit(wake);
}

export interface HttpDeliveryOptions {
  /** How often the outbox is looked at when nothing wakes the worker. */
  pollMs: number;
  /** POSTs in flight at once. */
  concurrency: number;
}

/** The leader's worker over the outbox: started and stopped by the worker leader (app/leader.ts). */
export class HttpDeliveryWorker {
  private stopped = true;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private readonly inFlight = new Set<string>();
  private readonly options: HttpDeliveryOptions;

  constructor(
    private readonly store: Store,
    options: Partial<HttpDeliveryOptions> = {},
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.options = { pollMs: 1000, concurrency: 16, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Look at the outbox now (after a Publish commits); a no-op on a node that is not the leader. */
  wake = (): void => {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.pass()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.schedule();
      });
  };

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(this.wake, this.options.pollMs);
    this.timer.unref();
  }

  /** POSTs every due delivery (a bounded number at a time) and records each outcome. */
  private async pass(): Promise<void> {
    for (;;) {
      const due = (await this.store.read((tx) => tx.snsHttpDeliveries.due(Date.now(), this.options.concurrency * 4))).filter(
        (d) => !this.inFlight.has(d.id),
      );
      if (due.length === 0 || this.stopped) return;
      for (let i = 0; i < due.length; i += this.options.concurrency) {
        await Promise.all(due.slice(i, i + this.options.concurrency).map((d) => this.attempt(d)));
      }
    }
  }

  private async attempt(d: SnsHttpDelivery): Promise<void> {
    this.inFlight.add(d.id);
    try {
      const ok = await post(d.endpoint, d.headers, d.body);
      const delays = (JSON.parse(d.policy) as RetryPolicy).delaysMs;
      await this.store.write(async (tx) => {
        if (ok || d.attempts >= delays.length) await tx.snsHttpDeliveries.delete(d.id);
        else await tx.snsHttpDeliveries.retryAt(d.id, d.attempts + 1, Date.now() + delays[d.attempts]!);
      });
    } finally {
      this.inFlight.delete(d.id);
    }
  }
}

/** One try: true on a 2xx answer. */
async function post(url: string, headers: Record<string, string>, body: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300;
  } catch {
    return false; // unreachable or timed out: a failed try
  }
}
