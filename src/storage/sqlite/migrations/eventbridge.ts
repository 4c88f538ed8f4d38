import type { Migration } from '../database.js';

export const EVENTBRIDGE_MODULE = 'eventbridge';

/** EventBridge rules, targets, tags and the retries owed to targets; times in epoch milliseconds. */
export const eventbridgeMigrations: Migration[] = [
  {
    version: 1,
    name: 'rules, targets, tags',
    up: `
      CREATE TABLE eventbridge_rules (
        arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL, bus_name TEXT NOT NULL, name TEXT NOT NULL,
        event_pattern TEXT, schedule_expression TEXT, state TEXT NOT NULL, description TEXT, role_arn TEXT,
        created_at INTEGER NOT NULL);
      CREATE INDEX eventbridge_rules_bus ON eventbridge_rules (account_id, region, bus_name, name);
      CREATE TABLE eventbridge_targets (
        rule_arn TEXT NOT NULL, id TEXT NOT NULL, arn TEXT NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (rule_arn, id));
      CREATE INDEX eventbridge_targets_arn ON eventbridge_targets (arn, rule_arn);
      CREATE TABLE eventbridge_tags (arn TEXT PRIMARY KEY, tags TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'retries owed to targets',
    up: `
      CREATE TABLE eventbridge_retries (
        id TEXT PRIMARY KEY, rule_arn TEXT NOT NULL, target_id TEXT NOT NULL, event TEXT NOT NULL,
        attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, first_failed_at INTEGER NOT NULL,
        error_code TEXT NOT NULL, error_message TEXT NOT NULL);
      CREATE INDEX eventbridge_retries_due ON eventbridge_retries (next_attempt_at, id);
    `,
  },
];
