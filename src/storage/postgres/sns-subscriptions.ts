import type { SnsListing, SnsSubscription, SnsSubscriptionRepository, SubscriptionCounts } from '../ports/sns.js';
import type { Sql } from './sql.js';

interface SubscriptionRow {
  arn: string;
  topic_arn: string;
  account_id: string;
  region: string;
  protocol: string;
  endpoint: string;
  attributes: string;
  confirmed: boolean;
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
    confirmed: r.confirmed,
    ...(r.confirmation_token !== null ? { confirmationToken: r.confirmation_token } : {}),
    createdAt: new Date(r.created_at),
  };
}

const one = (row: SubscriptionRow | undefined) => row && toSubscription(row);

/** sns_subscriptions: one per (topic, protocol, endpoint), a UNIQUE constraint; `confirmed` is a BOOLEAN. */
export class PgSnsSubscriptionRepository implements SnsSubscriptionRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<SnsSubscription | undefined> {
    return one(await this.sql.one<SubscriptionRow>('SELECT * FROM sns_subscriptions WHERE arn = $1', [arn]));
  }

  async find(topicArn: string, protocol: string, endpoint: string): Promise<SnsSubscription | undefined> {
    const text = 'SELECT * FROM sns_subscriptions WHERE topic_arn = $1 AND protocol = $2 AND endpoint = $3';
    return one(await this.sql.one<SubscriptionRow>(text, [topicArn, protocol, endpoint]));
  }

  async create(s: SnsSubscription): Promise<void> {
    await this.sql.run(
      `INSERT INTO sns_subscriptions (arn, topic_arn, account_id, region, protocol, endpoint, attributes, confirmed,
         confirmation_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        s.arn,
        s.topicArn,
        s.accountId,
        s.region,
        s.protocol,
        s.endpoint,
        JSON.stringify(s.attributes),
        s.confirmed,
        s.confirmationToken ?? null,
        +s.createdAt,
      ],
    );
  }

  async list(l: SnsListing): Promise<SnsSubscription[]> {
    const rows = await this.sql.all<SubscriptionRow>(
      'SELECT * FROM sns_subscriptions WHERE account_id = $1 AND region = $2 AND arn > $3 ORDER BY arn LIMIT $4',
      [l.accountId, l.region, l.after ?? '', l.limit],
    );
    return rows.map(toSubscription);
  }

  async listByTopic(topicArn: string, after: string | undefined, limit: number): Promise<SnsSubscription[]> {
    const rows = await this.sql.all<SubscriptionRow>(
      'SELECT * FROM sns_subscriptions WHERE topic_arn = $1 AND arn > $2 ORDER BY arn LIMIT $3',
      [topicArn, after ?? '', limit],
    );
    return rows.map(toSubscription);
  }

  async setAttributes(arn: string, attributes: Record<string, string>): Promise<void> {
    await this.sql.run('UPDATE sns_subscriptions SET attributes = $1 WHERE arn = $2', [JSON.stringify(attributes), arn]);
  }

  async byToken(topicArn: string, token: string): Promise<SnsSubscription | undefined> {
    const text = 'SELECT * FROM sns_subscriptions WHERE topic_arn = $1 AND confirmation_token = $2';
    return one(await this.sql.one<SubscriptionRow>(text, [topicArn, token]));
  }

  async confirm(arn: string): Promise<void> {
    await this.sql.run('UPDATE sns_subscriptions SET confirmed = TRUE, confirmation_token = NULL WHERE arn = $1', [arn]);
  }

  async delete(arn: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM sns_subscriptions WHERE arn = $1', [arn])) > 0;
  }

  async counts(topicArn: string): Promise<SubscriptionCounts> {
    const r = (await this.sql.one<SubscriptionCounts>(
      `SELECT count(*) FILTER (WHERE confirmed) AS confirmed, count(*) FILTER (WHERE NOT confirmed) AS pending
       FROM sns_subscriptions WHERE topic_arn = $1`,
      [topicArn],
    ))!;
    return { confirmed: r.confirmed, pending: r.pending };
  }
}
