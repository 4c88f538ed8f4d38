import type { SnsListing, SnsSubscription, SnsSubscriptionRepository, SubscriptionCounts } from '../ports/sns.js';
import type { Db } from './database.js';

interface SubscriptionRow {
  arn: string;
  topic_arn: string;
  account_id: string;
  region: string;
  protocol: string;
  endpoint: string;
  attributes: string;
  confirmed: number;
  confirmation_token: string | null;
  created_at: number;
}

function toSubscription(r: SubscriptionRow): SnsSubscription {
  return {
    arn: r.arn,
    topicArn: r.topic_arn,
    accountId: r.account_id,
    region: r.region,
    protocol: r.protocol,
    endpoint: r.endpoint,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    confirmed: r.confirmed === 1,
    ...(r.confirmation_token !== null ? { confirmationToken: r.confirmation_token } : {}),
    createdAt: new Date(r.created_at),
  };
}

export class SqliteSnsSubscriptionRepository implements SnsSubscriptionRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<SnsSubscription | undefined> {
    const row = this.db.prepare('SELECT * FROM sns_subscriptions WHERE arn = ?').get(arn) as SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  async find(topicArn: string, protocol: string, endpoint: string): Promise<SnsSubscription | undefined> {
    const row = this.db
      .prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?')
      .get(topicArn, protocol, endpoint) as SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  async create(s: SnsSubscription): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sns_subscriptions (arn, topic_arn, account_id, region, protocol, endpoint, attributes, confirmed,
           confirmation_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.arn,
        s.topicArn,
        s.accountId,
        s.region,
        s.protocol,
        s.endpoint,
        JSON.stringify(s.attributes),
        s.confirmed ? 1 : 0,
        s.confirmationToken ?? null,
        +s.createdAt,
      );
  }

  async list(l: SnsListing): Promise<SnsSubscription[]> {
    const rows = this.db
      .prepare('SELECT * FROM sns_subscriptions WHERE account_id = ? AND region = ? AND arn > ? ORDER BY arn LIMIT ?')
      .all(l.accountId, l.region, l.after ?? '', l.limit) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async listByTopic(topicArn: string, after: string | undefined, limit: number): Promise<SnsSubscription[]> {
    const rows = this.db
      .prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND arn > ? ORDER BY arn LIMIT ?')
      .all(topicArn, after ?? '', limit) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async setAttributes(arn: string, attributes: Record<string, string>): Promise<void> {
    this.db.prepare('UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?').run(JSON.stringify(attributes), arn);
  }

  async byToken(topicArn: string, token: string): Promise<SnsSubscription | undefined> {
    const row = this.db.prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND confirmation_token = ?').get(topicArn, token) as
      SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  async confirm(arn: string): Promise<void> {
    this.db.prepare('UPDATE sns_subscriptions SET confirmed = 1, confirmation_token = NULL WHERE arn = ?').run(arn);
  }

  async delete(arn: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM sns_subscriptions WHERE arn = ?').run(arn).changes > 0;
  }

  async counts(topicArn: string): Promise<SubscriptionCounts> {
    const r = this.db
      .prepare(
        `SELECT coalesce(sum(confirmed), 0) AS confirmed, coalesce(sum(1 - confirmed), 0) AS pending
         FROM sns_subscriptions WHERE topic_arn = ?`,
      )
      .get(topicArn) as SubscriptionCounts;
    return { confirmed: r.confirmed, pending: r.pending };
  }
}
