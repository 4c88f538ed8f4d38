import type { QueueListing, SqsQueue, SqsQueueRepository } from '../ports/sqs.js';
import type { Sql } from './sql.js';

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

/** sqs_queues: attributes and tags are JSON objects of strings; times in epoch ms. */
export class PgSqsQueueRepository implements SqsQueueRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<SqsQueue | undefined> {
    const row = await this.sql.one<QueueRow>('SELECT * FROM sqs_queues WHERE arn = $1', [arn]);
    return row && toQueue(row);
  }

  async create(q: SqsQueue): Promise<void> {
    await this.sql.run(
      'INSERT INTO sqs_queues (arn, account_id, region, name, attributes, tags, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [q.arn, q.accountId, q.region, q.name, JSON.stringify(q.attributes), JSON.stringify(q.tags), +q.createdAt, +q.lastModifiedAt],
    );
  }

  async list(l: QueueListing): Promise<SqsQueue[]> {
    // starts_with, not LIKE: queue names may hold `_`, and prefixes are case-sensitive as names are.
    const rows = await this.sql.all<QueueRow>(
      `SELECT * FROM sqs_queues WHERE account_id = $1 AND region = $2 AND starts_with(name, $3) AND name > $4
       ORDER BY name LIMIT $5`,
      [l.accountId, l.region, l.prefix ?? '', l.after ?? '', l.limit],
    );
    return rows.map(toQueue);
  }

  async setAttributes(arn: string, attributes: Record<string, string>, at: Date): Promise<void> {
    await this.sql.run('UPDATE sqs_queues SET attributes = $1, modified_at = $2 WHERE arn = $3', [JSON.stringify(attributes), +at, arn]);
  }

  async setTags(arn: string, tags: Record<string, string>): Promise<void> {
    await this.sql.run('UPDATE sqs_queues SET tags = $1 WHERE arn = $2', [JSON.stringify(tags), arn]);
  }

  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM sqs_messages WHERE queue_arn = $1', [arn]);
    await this.sql.run('DELETE FROM sqs_queues WHERE arn = $1', [arn]);
  }
}
