import type { EventTargetRetry, EventTargetRetryRepository } from '../ports/eventbridge-retries.js';
import { toEventTargetRetry, type EventTargetRetryRow } from '../rows/eventbridge-retries.js';
import type { Sql } from './sql.js';

/** eventbridge_retries, read by next_attempt_at. */
export class PgEventTargetRetryRepository implements EventTargetRetryRepository {
  constructor(private readonly sql: Sql) {}

  async add(r: EventTargetRetry): Promise<void> {
    await this.sql.run(
      `INSERT INTO eventbridge_retries (id, rule_arn, target_id, event, attempts, next_attempt_at, first_failed_at, error_code, error_message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.ruleArn, r.targetId, r.event, r.attempts, r.nextAttemptAt, r.firstFailedAt, r.errorCode, r.errorMessage],
    );
  }

  async due(now: number, limit: number): Promise<EventTargetRetry[]> {
    const rows = await this.sql.all<EventTargetRetryRow>(
      'SELECT * FROM eventbridge_retries WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2',
      [now, limit],
    );
    return rows.map(toEventTargetRetry);
  }

  async nextDue(): Promise<number | undefined> {
    return (await this.sql.one<{ at: number | null }>('SELECT MIN(next_attempt_at) AS at FROM eventbridge_retries'))?.at ?? undefined;
  }

  async retryAt(id: string, c: Pick<EventTargetRetry, 'attempts' | 'nextAttemptAt' | 'errorCode' | 'errorMessage'>): Promise<void> {
    await this.sql.run(
      'UPDATE eventbridge_retries SET attempts = $1, next_attempt_at = $2, error_code = $3, error_message = $4 WHERE id = $5',
      [c.attempts, c.nextAttemptAt, c.errorCode, c.errorMessage, id],
    );
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM eventbridge_retries WHERE id = $1', [id])) > 0;
  }

  async count(): Promise<number> {
    return Number((await this.sql.one<{ n: string | number }>('SELECT COUNT(*) AS n FROM eventbridge_retries'))!.n);
  }
}
