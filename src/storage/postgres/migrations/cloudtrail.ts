import { TEXT, type PgMigration } from './migrate.js';

export const CONSUMER_CURSORS_MODULE = 'consumer-cursors';
export const CLOUDTRAIL_MODULE = 'cloudtrail';
export const SIGNING_KEYS_MODULE = 'ct-signing-keys';
export const NOTIFICATIONS_MODULE = 'ct-notifications';

/** Named consumers' positions in the event sequence (ports/cursors.ts). */
export const consumerCursorMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'consumer cursors',
    up: `CREATE TABLE consumer_cursors (name ${TEXT} PRIMARY KEY, seq BIGINT NOT NULL)`,
  },
];

/**
 * CloudTrail's tables, as SQLite's module 'cloudtrail' (the same versions). Times are epoch
 * milliseconds (BIGINT); flags are BOOLEAN.
 */
export const cloudtrailMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'trails and delivery state',
    up: `
      CREATE TABLE ct_trails (
        arn ${TEXT} PRIMARY KEY, account_id ${TEXT} NOT NULL, name ${TEXT} NOT NULL, home_region ${TEXT} NOT NULL,
        s3_bucket ${TEXT} NOT NULL, s3_key_prefix ${TEXT}, sns_topic_name ${TEXT},
        include_global BOOLEAN NOT NULL, multi_region BOOLEAN NOT NULL, log_validation BOOLEAN NOT NULL,
        cw_log_group_arn ${TEXT}, cw_role_arn ${TEXT}, kms_key_id ${TEXT}, organization BOOLEAN NOT NULL DEFAULT FALSE,
        selectors TEXT, is_logging BOOLEAN NOT NULL DEFAULT FALSE, start_logging_time BIGINT, stop_logging_time BIGINT,
        origin_seq BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
        UNIQUE (account_id, home_region, name));
      CREATE TABLE ct_logging_intervals (
        trail_arn ${TEXT} NOT NULL, started_at BIGINT NOT NULL, stopped_at BIGINT, PRIMARY KEY (trail_arn, started_at));
      CREATE TABLE ct_tags (resource_arn ${TEXT} NOT NULL, key ${TEXT} NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_arn, key));
      CREATE TABLE ct_delivery_state (
        trail_arn ${TEXT} PRIMARY KEY, scanned_seq BIGINT NOT NULL,
        latest_delivery_time BIGINT, latest_delivery_error TEXT, latest_delivery_attempt_time BIGINT,
        latest_delivery_attempt_succeeded BIGINT, latest_digest_delivery_time BIGINT, latest_digest_delivery_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL DEFAULT 0);
      CREATE TABLE ct_delivery_cursors (
        trail_arn ${TEXT} NOT NULL, region ${TEXT} NOT NULL, last_seq BIGINT NOT NULL, PRIMARY KEY (trail_arn, region));
      CREATE TABLE ct_planned_files (
        trail_arn ${TEXT} NOT NULL, s3_key ${TEXT} NOT NULL, region ${TEXT} NOT NULL, s3_bucket ${TEXT} NOT NULL,
        delivered_at BIGINT NOT NULL, seqs TEXT NOT NULL, cursor_after BIGINT NOT NULL, PRIMARY KEY (trail_arn, s3_key));
      CREATE TABLE ct_log_files (
        trail_arn ${TEXT} NOT NULL, s3_key ${TEXT} NOT NULL, region ${TEXT} NOT NULL, s3_bucket ${TEXT} NOT NULL, sha256 TEXT NOT NULL,
        oldest_event_time ${TEXT} NOT NULL, newest_event_time ${TEXT} NOT NULL, record_count INTEGER NOT NULL,
        delivered_at BIGINT NOT NULL, digest_key ${TEXT}, PRIMARY KEY (trail_arn, s3_key));
      CREATE INDEX ct_log_files_undigested ON ct_log_files (trail_arn, region, delivered_at) WHERE digest_key IS NULL;
      CREATE TABLE ct_digest_chains (
        trail_arn ${TEXT} NOT NULL, region ${TEXT} NOT NULL, period_start BIGINT NOT NULL,
        prev_bucket ${TEXT}, prev_key ${TEXT}, prev_sha256 TEXT, prev_signature TEXT, PRIMARY KEY (trail_arn, region));
      CREATE TABLE ct_signing_keys (
        region ${TEXT} NOT NULL, fingerprint ${TEXT} NOT NULL, private_key_pem TEXT NOT NULL,
        validity_start BIGINT NOT NULL, validity_end BIGINT NOT NULL, PRIMARY KEY (region, fingerprint));
    `,
  },
  {
    version: 2,
    name: 'logging intervals bounded by event sequence numbers',
    up: `ALTER TABLE ct_logging_intervals ADD COLUMN start_seq BIGINT;
         ALTER TABLE ct_logging_intervals ADD COLUMN stop_seq BIGINT;`,
  },
  {
    version: 3,
    name: 'delivery positions become consumer cursors',
    up: `INSERT INTO consumer_cursors (name, seq) SELECT 'trail:' || trail_arn, scanned_seq FROM ct_delivery_state;
         INSERT INTO consumer_cursors (name, seq) SELECT 'trail:' || trail_arn || '@' || region, last_seq FROM ct_delivery_cursors;
         DROP TABLE ct_delivery_cursors;
         ALTER TABLE ct_delivery_state DROP COLUMN scanned_seq;`,
  },
];

/** Module 'ct-signing-keys': private keys sealed with master.key, the public key (DER) beside them. */
export const signingKeyMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'seal private keys with master.key; store the public key',
    up: `ALTER TABLE ct_signing_keys RENAME COLUMN private_key_pem TO private_key_sealed;
         ALTER TABLE ct_signing_keys ADD COLUMN public_key_der BYTEA;`,
  },
];

/** Module 'ct-notifications': the SNS notification status of each trail's delivered files, beside its delivery status. */
export const notificationMigrations: readonly PgMigration[] = [
  {
    version: 1,
    name: 'trail SNS notification status',
    // SNS notifications of delivered log files (GetTrailStatus LatestNotification*).
    up: `ALTER TABLE ct_delivery_state ADD COLUMN latest_notification_time BIGINT;
         ALTER TABLE ct_delivery_state ADD COLUMN latest_notification_error TEXT;
         ALTER TABLE ct_delivery_state ADD COLUMN latest_notification_attempt_time BIGINT;
         ALTER TABLE ct_delivery_state ADD COLUMN latest_notification_attempt_succeeded BIGINT;`,
  },
];
