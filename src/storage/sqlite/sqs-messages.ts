import type { MessageCounts, SqsMessage, SqsMessageRepository } from '../ports/sqs.js';
import type { Db } from './database.js';
import { encodeAttributes, toMessage, type MessageRow } from '../rows/sqs-messages.js';

export class SqliteSqsMessageRepository implements SqsMessageRepository {
  constructor(private readonly db: Db) {}

  async enqueue(m: SqsMessage): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sqs_messages (message_id, queue_arn, body, md5_body, attributes, md5_attributes, sender_id, sent_at, visible_at,
           receive_count, dead_letter_source_arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      );
  }

  async visible(queueArn: string, now: Date, limit: number): Promise<SqsMessage[]> {
    const rows = this.db
      .prepare('SELECT * FROM sqs_messages WHERE queue_arn = ? AND visible_at <= ? ORDER BY seq LIMIT ?')
      .all(queueArn, +now, limit) as MessageRow[];
    return rows.map(toMessage);
  }

  async get(queueArn: string, messageId: string): Promise<SqsMessage | undefined> {
    const row = this.db.prepare('SELECT * FROM sqs_messages WHERE queue_arn = ? AND message_id = ?').get(queueArn, messageId) as
      MessageRow | undefined;
    return row && toMessage(row);
  }

  async markReceived(
    messageId: string,
    r: { receiptHandle: string; visibleAt: Date; receiveCount: number; firstReceivedAt: Date },
  ): Promise<void> {
    this.db
      .prepare('UPDATE sqs_messages SET receipt_handle = ?, visible_at = ?, receive_count = ?, first_received_at = ? WHERE message_id = ?')
      .run(r.receiptHandle, +r.visibleAt, r.receiveCount, +r.firstReceivedAt, messageId);
  }

  async setVisibleAt(messageId: string, visibleAt: Date): Promise<void> {
    this.db.prepare('UPDATE sqs_messages SET visible_at = ? WHERE message_id = ?').run(+visibleAt, messageId);
  }

  async moveTo(messageId: string, queueArn: string, sourceArn: string, at: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE sqs_messages SET queue_arn = ?, dead_letter_source_arn = ?, visible_at = ?, receive_count = 0, first_received_at = NULL,
           receipt_handle = NULL WHERE message_id = ?`,
      )
      .run(queueArn, sourceArn, +at, messageId);
  }

  async delete(queueArn: string, messageId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM sqs_messages WHERE queue_arn = ? AND message_id = ?').run(queueArn, messageId).changes > 0;
  }

  async purge(queueArn: string): Promise<number> {
    return this.db.prepare('DELETE FROM sqs_messages WHERE queue_arn = ?').run(queueArn).changes;
  }

  async expire(queueArn: string, sentBefore: Date): Promise<number> {
    return this.db.prepare('DELETE FROM sqs_messages WHERE queue_arn = ? AND sent_at < ?').run(queueArn, +sentBefore).changes;
  }

  async counts(queueArn: string, now: Date, sentAfter: Date): Promise<MessageCounts> {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(visible_at <= ?), 0) AS visible,
                COALESCE(SUM(visible_at > ? AND receive_count > 0), 0) AS in_flight,
                COALESCE(SUM(visible_at > ? AND receive_count = 0), 0) AS delayed
         FROM sqs_messages WHERE queue_arn = ? AND sent_at >= ?`,
      )
      .get(+now, +now, +now, queueArn, +sentAfter) as { visible: number; in_flight: number; delayed: number };
    return { visible: row.visible, inFlight: row.in_flight, delayed: row.delayed };
  }

  async nextVisibleAt(queueArn: string): Promise<Date | undefined> {
    const row = this.db.prepare('SELECT MIN(visible_at) AS at FROM sqs_messages WHERE queue_arn = ?').get(queueArn) as {
      at: number | null;
    };
    return row.at === null ? undefined : new Date(row.at);
  }
}
