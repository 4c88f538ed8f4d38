/**
 * SNS's outbox of http/https deliveries: a row per (message, subscription) written in the Publish (or Subscribe)
 * transaction, POSTed after commit by the leader's delivery worker, kept until a 2xx answer or the end of its retry
 * policy, so a restart resumes what was still owed.
 */
export interface SnsHttpDelivery {
  id: string;
  subscriptionArn: string;
  endpoint: string;
  headers: Record<string, string>;
  body: string;
  /** The retry schedule as of the publish (services/sns/http-delivery.ts RetryPolicy), JSON. */
  policy: string;
  /** Tries made so far. */
  attempts: number;
  /** Epoch ms. */
  nextAttemptAt: number;
  createdAt: number;
}

export interface SnsHttpDeliveryRepository {
  add(delivery: SnsHttpDelivery): Promise<void>;
  /** Deliveries due at `now` (nextAttemptAt <= now), soonest first. */
  due(now: number, limit: number): Promise<SnsHttpDelivery[]>;
  /** The earliest nextAttemptAt of any delivery, or undefined when none is owed. */
  nextDue(): Promise<number | undefined>;
  /** Records a failed try and when to try again. */
  retryAt(id: string, attempts: number, nextAttemptAt: number): Promise<void>;
  /** Done (2xx) or given up; true when it existed. */
  delete(id: string): Promise<boolean>;
}
