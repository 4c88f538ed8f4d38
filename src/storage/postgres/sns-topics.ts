import type { SnsListing, SnsTopic, SnsTopicRepository } from '../ports/sns.js';
import type { Sql } from './sql.js';

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

/** sns_topics: attributes and tags are JSON objects of strings; ARNs compare byte by byte (COLLATE "C"). */
export class PgSnsTopicRepository implements SnsTopicRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<SnsTopic | undefined> {
    const row = await this.sql.one<TopicRow>('SELECT * FROM sns_topics WHERE arn = $1', [arn]);
    return row && toTopic(row);
  }

  async create(t: SnsTopic): Promise<void> {
    await this.sql.run(
      'INSERT INTO sns_topics (arn, account_id, region, name, attributes, tags, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [t.arn, t.accountId, t.region, t.name, JSON.stringify(t.attributes), JSON.stringify(t.tags), +t.createdAt],
    );
  }

  async list(l: SnsListing): Promise<SnsTopic[]> {
    const rows = await this.sql.all<TopicRow>(
      'SELECT * FROM sns_topics WHERE account_id = $1 AND region = $2 AND arn > $3 ORDER BY arn LIMIT $4',
      [l.accountId, l.region, l.after ?? '', l.limit],
    );
    return rows.map(toTopic);
  }

  async setAttributes(arn: string, attributes: Record<string, string>): Promise<void> {
    await this.sql.run('UPDATE sns_topics SET attributes = $1 WHERE arn = $2', [JSON.stringify(attributes), arn]);
  }

  async setTags(arn: string, tags: Record<string, string>): Promise<void> {
    await this.sql.run('UPDATE sns_topics SET tags = $1 WHERE arn = $2', [JSON.stringify(tags), arn]);
  }

  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM sns_subscriptions WHERE topic_arn = $1', [arn]);
    await this.sql.run('DELETE FROM sns_topics WHERE arn = $1', [arn]);
  }
}
