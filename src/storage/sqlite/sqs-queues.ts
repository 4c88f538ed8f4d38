import type { QueueListing, SqsQueue, SqsQueueRepository } from '../ports/sqs.js';
import type { Db } from './database.js';

interface QueueRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
}

function toQueue(r: QueueRow): SqsQueue {
  return {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    tags: JSON.parse(r.tags) as Record<string, string>,
    createdAt: new Date(r.created_at),
    lastModifiedAt: new Date(r.modified_at),
  };
}

export class SqliteSqsQueueRepository implements SqsQueueRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<SqsQueue | undefined> {
    const row = this.db.prepare('SELECT * FROM sqs_queues WHERE arn = ?').get(arn) as QueueRow | undefined;
    return row && toQueue(row);
  }

  async create(q: SqsQueue): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO sqs_queues (arn, account_id, region, name, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(q.arn, q.accountId, q.region, q.name, JSON.stringify(q.attributes), JSON.stringify(q.tags), +q.createdAt, +q.lastModifiedAt);
  }

  async list(l: QueueListing): Promise<SqsQueue[]> {
    // substr, not LIKE: queue names may hold `_`, and prefixes are case-sensitive as names are.
    const rows = this.db
      .prepare(
        `SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? AND substr(name, 1, length(?)) = ? AND name > ?
         ORDER BY name LIMIT ?`,
      )
      .all(l.accountId, l.region, l.prefix ?? '', l.prefix ?? '', l.after ?? '', l.limit) as QueueRow[];
    return rows.map(toQueue);
  }

  async setAttributes(arn: string, attributes: Record<string, string>, at: Date): Promise<void> {
    this.db.prepare('UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE arn = ?').run(JSON.stringify(attributes), +at, arn);
  }

  async setTags(arn: string, tags: Record<string, string>): Promise<void> {
    this.db.prepare('UPDATE sqs_queues SET tags = ? WHERE arn = ?').run(JSON.stringify(tags), arn);
  }

  async delete(arn: string): Promise<void> {
    this.db.prepare('DELETE FROM sqs_messages WHERE queue_arn = ?').run(arn);
    this.db.prepare('DELETE FROM sqs_queues WHERE arn = ?').run(arn);
  }
}
