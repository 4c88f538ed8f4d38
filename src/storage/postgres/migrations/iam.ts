import { TEXT, type PgMigration } from './migrate.js';

/** The module name under which the identity store's migrations are tracked (IAM, STS, console sign-in). */
export const IAM_MODULE = 'iam';

/**
 * The identity schema, as SQLite's module 'iam' (the same versions). IAM names are unique
 * case-insensitively: SQLite's COLLATE NOCASE becomes a unique index on lower(name) (ASCII-only
 * folding under the "C" collation, as NOCASE folds). Tables SQLite lists by rowid (insertion order)
 * get an identity column `id` for that order.
 */
export const iamMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'identity',
    up: `
      CREATE TABLE iam_users (
        user_id ${TEXT} PRIMARY KEY, name ${TEXT} NOT NULL, path ${TEXT} NOT NULL,
        arn ${TEXT} NOT NULL, create_date ${TEXT} NOT NULL);
      CREATE UNIQUE INDEX iam_users_name ON iam_users (lower(name));
      CREATE TABLE iam_access_keys (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        access_key_id ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL REFERENCES iam_users(user_id),
        secret_enc TEXT NOT NULL, status ${TEXT} NOT NULL, create_date ${TEXT} NOT NULL,
        last_used_date ${TEXT}, last_used_service ${TEXT}, last_used_region ${TEXT});
      CREATE INDEX iam_access_keys_user ON iam_access_keys(user_id);
      CREATE TABLE iam_groups (
        group_id ${TEXT} PRIMARY KEY, name ${TEXT} NOT NULL, path ${TEXT} NOT NULL,
        arn ${TEXT} NOT NULL, create_date ${TEXT} NOT NULL);
      CREATE UNIQUE INDEX iam_groups_name ON iam_groups (lower(name));
      CREATE TABLE iam_group_members (
        group_id ${TEXT} NOT NULL REFERENCES iam_groups(group_id), user_id ${TEXT} NOT NULL REFERENCES iam_users(user_id),
        PRIMARY KEY (group_id, user_id));
      CREATE INDEX iam_group_members_user ON iam_group_members(user_id);
      CREATE TABLE iam_roles (
        role_id ${TEXT} PRIMARY KEY, name ${TEXT} NOT NULL, path ${TEXT} NOT NULL,
        arn ${TEXT} NOT NULL, create_date ${TEXT} NOT NULL, trust_policy TEXT NOT NULL, description TEXT,
        max_session_duration INTEGER NOT NULL);
      CREATE UNIQUE INDEX iam_roles_name ON iam_roles (lower(name));
      CREATE TABLE iam_inline_policies (
        entity_type ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, name ${TEXT} NOT NULL, document TEXT NOT NULL);
      CREATE UNIQUE INDEX iam_inline_policies_key ON iam_inline_policies (entity_type, entity_id, lower(name));
      CREATE TABLE iam_managed_policies (
        arn ${TEXT} PRIMARY KEY, policy_id ${TEXT} NOT NULL, name ${TEXT} NOT NULL, path ${TEXT} NOT NULL,
        description TEXT, create_date ${TEXT} NOT NULL, update_date ${TEXT} NOT NULL,
        default_version ${TEXT} NOT NULL, next_version INTEGER NOT NULL);
      CREATE UNIQUE INDEX iam_managed_policies_name ON iam_managed_policies (lower(name));
      CREATE TABLE iam_policy_versions (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        policy_arn ${TEXT} NOT NULL REFERENCES iam_managed_policies(arn), version_id ${TEXT} NOT NULL,
        document TEXT NOT NULL, create_date ${TEXT} NOT NULL, PRIMARY KEY (policy_arn, version_id));
      CREATE TABLE iam_attachments (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        entity_type ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, policy_arn ${TEXT} NOT NULL,
        PRIMARY KEY (entity_type, entity_id, policy_arn));
      CREATE INDEX iam_attachments_policy ON iam_attachments(policy_arn);
      CREATE TABLE iam_login_profiles (
        user_id ${TEXT} PRIMARY KEY REFERENCES iam_users(user_id), password_hash TEXT NOT NULL,
        create_date ${TEXT} NOT NULL, reset_required BOOLEAN NOT NULL);
      CREATE TABLE iam_tags (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        entity_type ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, key ${TEXT} NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (entity_type, entity_id, key));
      CREATE TABLE iam_sessions (
        access_key_id ${TEXT} PRIMARY KEY, secret_enc TEXT NOT NULL, token_sha256 TEXT NOT NULL,
        expiration ${TEXT} NOT NULL, principal_json TEXT NOT NULL, create_date ${TEXT} NOT NULL);
      CREATE INDEX iam_sessions_expiration ON iam_sessions(expiration);
    `,
  },
  {
    version: 2,
    name: 'password-policy',
    up: `
      CREATE TABLE iam_password_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1), minimum_length INTEGER NOT NULL, require_symbols BOOLEAN NOT NULL,
        require_numbers BOOLEAN NOT NULL, require_uppercase BOOLEAN NOT NULL, require_lowercase BOOLEAN NOT NULL,
        allow_users_to_change BOOLEAN NOT NULL, max_age INTEGER, reuse_prevention INTEGER, hard_expiry BOOLEAN NOT NULL);
      CREATE TABLE iam_password_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id ${TEXT} NOT NULL REFERENCES iam_users(user_id), password_hash TEXT NOT NULL, set_date ${TEXT} NOT NULL);
      CREATE INDEX iam_password_history_user ON iam_password_history(user_id, id);
      ALTER TABLE iam_login_profiles ADD COLUMN password_date ${TEXT};
    `,
  },
  {
    version: 3,
    name: 'shared-state',
    up: `
      CREATE TABLE iam_state_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
      INSERT INTO iam_state_version (id, version) VALUES (1, 0);
      CREATE TABLE console_signin_failures (key ${TEXT} PRIMARY KEY, count INTEGER NOT NULL, last_ms BIGINT NOT NULL);
      CREATE INDEX console_signin_failures_last ON console_signin_failures(last_ms);
    `,
  },
  {
    version: 4,
    name: 'console-sessions',
    up: `
      CREATE TABLE console_sessions (id_sha256 ${TEXT} PRIMARY KEY, sealed TEXT NOT NULL, expires_ms BIGINT NOT NULL);
      CREATE INDEX console_sessions_expires ON console_sessions(expires_ms);
    `,
  },
  {
    version: 5,
    name: 'virtual-mfa',
    // Virtual MFA devices: the TOTP seed sealed; user_id set while the device is assigned (enabled).
    // Serial numbers are unique and looked up case-insensitively (SQLite's COLLATE NOCASE key).
    up: `
      CREATE TABLE iam_mfa_devices (
        serial_number ${TEXT} PRIMARY KEY, name ${TEXT} NOT NULL, path ${TEXT} NOT NULL, seed_enc TEXT NOT NULL,
        create_date ${TEXT} NOT NULL, user_id ${TEXT}, enable_date ${TEXT}, last_step BIGINT);
      CREATE UNIQUE INDEX iam_mfa_devices_serial ON iam_mfa_devices (lower(serial_number));
      CREATE INDEX iam_mfa_devices_user ON iam_mfa_devices(user_id);
    `,
  },
  {
    version: 6,
    name: 'root-password',
    // The root user's console password hash, in the store (not a node's data dir) so that every node
    // sharing the store signs root in with the password set through any of them.
    up: `
      CREATE TABLE iam_root_password (id INTEGER PRIMARY KEY CHECK (id = 1), password_hash TEXT NOT NULL, set_date ${TEXT} NOT NULL);
    `,
  },
];
