/**
 * http/https deliveries, after the transaction commits: a POST with SNS's headers (SNS Developer Guide, "Parsing
 * message formats"), retried as the topic's DeliveryPolicy says (http.defaultHealthyRetryPolicy: numRetries, with
 * minDelayTarget seconds between tries; AWS's default is 3 retries 20 s apart). A 2xx answer ends it. Retries are
 * kept in memory only: a restart drops deliveries still being retried.
 */
export interface RetryPolicy {
  retries: number;
  delayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { retries: 3, delayMs: 20_000 };
const TIMEOUT_MS = 15_000;

export function retryPolicyOf(deliveryPolicy: string | undefined): RetryPolicy {
  if (!deliveryPolicy) return DEFAULT_RETRY;
  try {
    const p = (JSON.parse(deliveryPolicy) as { http?: { defaultHealthyRetryPolicy?: { numRetries?: number; minDelayTarget?: number } } })
      .http?.defaultHealthyRetryPolicy;
    return {
      retries: Math.min(Math.max(Number(p?.numRetries ?? DEFAULT_RETRY.retries), 0), 100),
      delayMs: Math.max(Number(p?.minDelayTarget ?? 20), 1) * 1000,
    };
  } catch {
    return DEFAULT_RETRY;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Fire and forget: never throws; gives up after the policy's retries. */
export function post(url: string, headers: Record<string, string>, body: string, retry: RetryPolicy): void {
  void (async () => {
    for (let attempt = 0; attempt <= retry.retries; attempt++) {
      if (attempt > 0) await sleep(retry.delayMs);
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) return;
      } catch {
        // unreachable or timed out: try again
      }
    }
  })();
}
