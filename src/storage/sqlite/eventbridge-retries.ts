import type { EventTargetRetry, EventTargetRetryRepository } from '../ports/eventbridge-retries.js';
import { toEventTargetRetry, type EventTargetRetryRow } from '../rows/eventbridge-retries.js';
import type { Db } from './database.js';

/** eventbridge_retries, read by next_attempt_at. */
export class SqliteEventTargetRetryRepository implements EventTargetRetryRepository {
  constructor(private readonly db: Db) {}

  async add(r: EventTargetRetry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO eventbridge_retries (id, rule_arn, target_id, event, attempts, next_attempt_at, first_failed_at, error_code, error_message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.ruleArn, r.targetId, r.event, r.attempts, r.nextAttemptAt, r.firstFailedAt, r.errorCode, r.errorMessage);
  }

  async due(now: number, limit: number): Promise<EventTargetRetry[]> {
    const rows = this.db
      .prepare('SELECT * FROM eventbridge_retries WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?')
      .all(now, limit) as EventTargetRetryRow[];
    return rows.map(toEventTargetRetry);
  }

  async nextDue(): Promise<number | undefined> {
    return (this.db.prepare('SELECT MIN(next_attempt_at) FROM eventbridge_retries').pluck().get() as number | null) ?? undefined;
  }

  async retryAt(id: string, c: Pick<EventTargetRetry, 'attempts' | 'nextAttemptAt' | 'errorCode' | 'errorMessage'>): Promise<void> {
    this.db
      .prepare('UPDATE eventbridge_retries SET attempts = ?, next_attempt_at = ?, error_code = ?, error_message = ? WHERE id = ?')
      .run(c.attempts, c.nextAttemptAt, c.errorCode, c.errorMessage, id);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM eventbridge_retries WHERE id = ?').run(id).changes > 0;
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM eventbridge_retries').pluck().get() as number;
  }
}
