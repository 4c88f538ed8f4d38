import type { MessageCounts, SqsMessage, SqsMessageRepository } from '../ports/sqs.js';
import type { Sql } from './sql.js';
import { encodeAttributes, toMessage, type MessageRow } from '../rows/sqs-messages.js';

/**
 * sqs_messages, in send order (`seq`, drawn under the store's write lock, so it is commit order too).
 * A receive reads visible messages and marks them inside one write, which holds that lock: two nodes
 * cannot hand out the same message.
 */
export class PgSqsMessageRepository implements SqsMessageRepository {
  constructor(private readonly sql: Sql) {}

  async enqueue(m: SqsMessage): Promise<void> {
    await this.sql.run(
      `INSERT INTO sqs_messages (message_id, queue_arn, body, md5_body, attributes, md5_attributes, sender_id, sent_at, visible_at,
         receive_count, dead_letter_source_arn) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        m.messageId,
        m.queueArn,
        m.body,
        m.md5OfBody,
        encodeAttributes(m.messageAttributes),
        m.md5OfMessageAttributes ?? null,
        m.senderId,
        +m.sentAt,
        +m.visibleAt,
        m.receiveCount,
        m.deadLetterSourceArn ?? null,
      ],
    );
  }

  async visible(queueArn: string, now: Date, limit: number): Promise<SqsMessage[]> {
    const rows = await this.sql.all<MessageRow>(
      'SELECT * FROM sqs_messages WHERE queue_arn = $1 AND visible_at <= $2 ORDER BY seq LIMIT $3',
      [queueArn, +now, limit],
    );
    return rows.map(toMessage);
  }

  async get(queueArn: string, messageId: string): Promise<SqsMessage | undefined> {
    const row = await this.sql.one<MessageRow>('SELECT * FROM sqs_messages WHERE queue_arn = $1 AND message_id = $2', [
      queueArn,
      messageId,
    ]);
    return row && toMessage(row);
  }

  async markReceived(
    messageId: string,
    r: { receiptHandle: string; visibleAt: Date; receiveCount: number; firstReceivedAt: Date },
  ): Promise<void> {
    await this.sql.run(
      'UPDATE sqs_messages SET receipt_handle = $1, visible_at = $2, receive_count = $3, first_received_at = $4 WHERE message_id = $5',
      [r.receiptHandle, +r.visibleAt, r.receiveCount, +r.firstReceivedAt, messageId],
    );
  }

  async setVisibleAt(messageId: string, visibleAt: Date): Promise<void> {
    await this.sql.run('UPDATE sqs_messages SET visible_at = $1 WHERE message_id = $2', [+visibleAt, messageId]);
  }

  async moveTo(messageId: string, queueArn: string, sourceArn: string, at: Date): Promise<void> {
    await this.sql.run(
      `UPDATE sqs_messages SET queue_arn = $1, dead_letter_source_arn = $2, visible_at = $3, receive_count = 0, first_received_at = NULL,
         receipt_handle = NULL WHERE message_id = $4`,
      [queueArn, sourceArn, +at, messageId],
    );
  }

  async delete(queueArn: string, messageId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM sqs_messages WHERE queue_arn = $1 AND message_id = $2', [queueArn, messageId])) > 0;
  }

  async purge(queueArn: string): Promise<number> {
    return this.sql.run('DELETE FROM sqs_messages WHERE queue_arn = $1', [queueArn]);
  }

  async expire(queueArn: string, sentBefore: Date): Promise<number> {
    return this.sql.run('DELETE FROM sqs_messages WHERE queue_arn = $1 AND sent_at < $2', [queueArn, +sentBefore]);
  }

  async counts(queueArn: string, now: Date, sentAfter: Date): Promise<MessageCounts> {
    const row = (await this.sql.one<{ visible: number; in_flight: number; delayed: number }>(
      `SELECT count(*) FILTER (WHERE visible_at <= $1) AS visible,
              count(*) FILTER (WHERE visible_at > $1 AND receive_count > 0) AS in_flight,
              count(*) FILTER (WHERE visible_at > $1 AND receive_count = 0) AS delayed
       FROM sqs_messages WHERE queue_arn = $2 AND sent_at >= $3`,
      [+now, queueArn, +sentAfter],
    ))!;
    return { visible: row.visible, inFlight: row.in_flight, delayed: row.delayed };
  }

  async nextVisibleAt(queueArn: string): Promise<Date | undefined> {
    const row = await this.sql.one<{ at: number | null }>('SELECT MIN(visible_at) AS at FROM sqs_messages WHERE queue_arn = $1', [
      queueArn,
    ]);
    return row?.at == null ? undefined : new Date(row.at);
  }
}
