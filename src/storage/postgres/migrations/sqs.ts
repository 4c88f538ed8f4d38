import { TEXT, type PgMigration } from './migrate.js';

export const SQS_MODULE = 'sqs';

/** SQS queues and messages, as SQLite's module 'sqs'; times in epoch ms. */
export const sqsMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'queues, messages',
    up: `
      CREATE TABLE sqs_queues (
        arn ${TEXT} PRIMARY KEY, account_id ${TEXT} NOT NULL, region ${TEXT} NOT NULL, name ${TEXT} NOT NULL,
        attributes TEXT NOT NULL, tags TEXT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL);
      CREATE INDEX sqs_queues_list ON sqs_queues (account_id, region, name);
      CREATE TABLE sqs_messages (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, message_id ${TEXT} NOT NULL UNIQUE, queue_arn ${TEXT} NOT NULL,
        body TEXT NOT NULL, md5_body TEXT NOT NULL, attributes TEXT, md5_attributes TEXT, sender_id ${TEXT} NOT NULL,
        sent_at BIGINT NOT NULL, visible_at BIGINT NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at BIGINT, receipt_handle ${TEXT}, dead_letter_source_arn ${TEXT});
      CREATE INDEX sqs_messages_visible ON sqs_messages (queue_arn, visible_at, seq);
      CREATE INDEX sqs_messages_sent ON sqs_messages (queue_arn, sent_at);
    `,
  },
];
