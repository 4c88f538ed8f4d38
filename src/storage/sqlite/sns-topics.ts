import type { SnsListing, SnsTopic, SnsTopicRepository } from '../ports/sns.js';
import type { Db } from './database.js';

interface TopicRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  attributes: string;
  tags: string;
  created_at: number;
}

function toTopic(r: TopicRow): SnsTopic {
  return {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    tags: JSON.parse(r.tags) as Record<string, string>,
    createdAt: new Date(r.created_at),
  };
}

export class SqliteSnsTopicRepository implements SnsTopicRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<SnsTopic | undefined> {
    const row = this.db.prepare('SELECT * FROM sns_topics WHERE arn = ?').get(arn) as TopicRow | undefined;
    return row && toTopic(row);
  }

  async create(t: SnsTopic): Promise<void> {
    this.db
      .prepare('INSERT INTO sns_topics (arn, account_id, region, name, attributes, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(t.arn, t.accountId, t.region, t.name, JSON.stringify(t.attributes), JSON.stringify(t.tags), +t.createdAt);
  }

  async list(l: SnsListing): Promise<SnsTopic[]> {
    const rows = this.db
      .prepare('SELECT * FROM sns_topics WHERE account_id = ? AND region = ? AND arn > ? ORDER BY arn LIMIT ?')
      .all(l.accountId, l.region, l.after ?? '', l.limit) as TopicRow[];
    return rows.map(toTopic);
  }

  async setAttributes(arn: string, attributes: Record<string, string>): Promise<void> {
    this.db.prepare('UPDATE sns_topics SET attributes = ? WHERE arn = ?').run(JSON.stringify(attributes), arn);
  }

  async setTags(arn: string, tags: Record<string, string>): Promise<void> {
    this.db.prepare('UPDATE sns_topics SET tags = ? WHERE arn = ?').run(JSON.stringify(tags), arn);
  }

  async delete(arn: string): Promise<void> {
    this.db.prepare('DELETE FROM sns_subscriptions WHERE topic_arn = ?').run(arn);
    this.db.prepare('DELETE FROM sns_topics WHERE arn = ?').run(arn);
  }
}
