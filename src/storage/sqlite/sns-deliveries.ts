import type { SnsHttpDelivery, SnsHttpDeliveryRepository } from '../ports/sns-deliveries.js';
import type { Db } from './database.js';

interface DeliveryRow {
  id: string;
  subscription_arn: string;
  endpoint: string;
  headers: string;
  body: string;
  policy: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
}

const toDelivery = (r: DeliveryRow): SnsHttpDelivery => ({
  id: r.id,
  subscriptionArn: r.subscription_arn,
  endpoint: r.endpoint,
  headers: JSON.parse(r.headers) as Record<string, string>,
  body: r.body,
  policy: r.policy,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
});

/** sns_http_deliveries, read by next_attempt_at. */
export class SqliteSnsHttpDeliveryRepository implements SnsHttpDeliveryRepository {
  constructor(private readonly db: Db) {}

  async add(d: SnsHttpDelivery): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sns_http_deliveries (id, subscription_arn, endpoint, headers, body, policy, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.subscriptionArn, d.endpoint, JSON.stringify(d.headers), d.body, d.policy, d.attempts, d.nextAttemptAt, d.createdAt);
  }

  async due(now: number, limit: number): Promise<SnsHttpDelivery[]> {
    const rows = this.db
      .prepare('SELECT * FROM sns_http_deliveries WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?')
      .all(now, limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  async nextDue(): Promise<number | undefined> {
    return (this.db.prepare('SELECT MIN(next_attempt_at) FROM sns_http_deliveries').pluck().get() as number | null) ?? undefined;
  }

  async retryAt(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    this.db.prepare('UPDATE sns_http_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ?').run(attempts, nextAttemptAt, id);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM sns_http_deliveries WHERE id = ?').run(id).changes > 0;
  }
}
