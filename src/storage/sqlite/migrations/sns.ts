import type { Migration } from '../database.js';

export const SNS_MODULE = 'sns';

/** SNS topics, subscriptions and notification-signing keys; times in epoch milliseconds. */
export const snsMigrations: Migration[] = [
  {
    version: 1,
    name: 'topics, subscriptions, signing keys',
    up: `
      CREATE TABLE sns_topics (
        arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
        attributes TEXT NOT NULL, tags TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX sns_topics_list ON sns_topics (account_id, region, arn);
      CREATE TABLE sns_subscriptions (
        arn TEXT PRIMARY KEY, topic_arn TEXT NOT NULL, account_id TEXT NOT NULL, region TEXT NOT NULL,
        protocol TEXT NOT NULL, endpoint TEXT NOT NULL, attributes TEXT NOT NULL, confirmed INTEGER NOT NULL, confirmation_token TEXT,
        created_at INTEGER NOT NULL, UNIQUE (topic_arn, protocol, endpoint));
      CREATE INDEX sns_subscriptions_list ON sns_subscriptions (account_id, region, arn);
      CREATE TABLE sns_signing_keys (
        region TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, certificate_pem TEXT NOT NULL,
        private_key_sealed TEXT NOT NULL, created_at INTEGER NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'http/https delivery outbox',
    // One row per owed http/https delivery, until a 2xx answer or the end of its retry policy.
    up: `
      CREATE TABLE sns_http_deliveries (
        id TEXT PRIMARY KEY, subscription_arn TEXT NOT NULL, endpoint TEXT NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL,
        policy TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX sns_http_deliveries_due ON sns_http_deliveries (next_attempt_at);
    `,
  },
];
