import type { SnsHttpDelivery, SnsHttpDeliveryRepository } from '../ports/sns-deliveries.js';
import type { Sql } from './sql.js';

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
export class PgSnsHttpDeliveryRepository implements SnsHttpDeliveryRepository {
  constructor(private readonly sql: Sql) {}

  async add(d: SnsHttpDelivery): Promise<void> {
    await this.sql.run(
      `INSERT INTO sns_http_deliveries (id, subscription_arn, endpoint, headers, body, policy, attempts, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [d.id, d.subscriptionArn, d.endpoint, JSON.stringify(d.headers), d.body, d.policy, d.attempts, d.nextAttemptAt, d.createdAt],
    );
  }

  async due(now: number, limit: number): Promise<SnsHttpDelivery[]> {
    const rows = await this.sql.all<DeliveryRow>(
      'SELECT * FROM sns_http_deliveries WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2',
      [now, limit],
    );
    return rows.map(toDelivery);
  }

  async nextDue(): Promise<number | undefined> {
    return (await this.sql.one<{ at: number | null }>('SELECT MIN(next_attempt_at) AS at FROM sns_http_deliveries'))?.at ?? undefined;
  }

  async retryAt(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.sql.run('UPDATE sns_http_deliveries SET attempts = $1, next_attempt_at = $2 WHERE id = $3', [attempts, nextAttemptAt, id]);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM sns_http_deliveries WHERE id = $1', [id])) > 0;
  }
}
