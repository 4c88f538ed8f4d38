import type { Migration } from '../database.js';

/** The module name under which the identity store's migrations are tracked (IAM, STS, console sign-in). */
export const IAM_MODULE = 'iam';

/**
 * The identity schema. Names are unique case-insensitively, as IAM's are. Secrets are stored
 * encrypted (identity/store/secret-box.ts); passwords as scrypt hashes; session tokens as SHA-256.
 */
export const iamMigrations: Migration[] = [
  {
    version: 1,
    name: 'identity',
    up: `
      CREATE TABLE iam_users (
        user_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, path TEXT NOT NULL,
        arn TEXT NOT NULL, create_date TEXT NOT NULL);
      CREATE TABLE iam_access_keys (
        access_key_id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES iam_users(user_id),
        secret_enc TEXT NOT NULL, status TEXT NOT NULL, create_date TEXT NOT NULL,
        last_used_date TEXT, last_used_service TEXT, last_used_region TEXT);
      CREATE INDEX iam_access_keys_user ON iam_access_keys(user_id);
      CREATE TABLE iam_groups (
        group_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, path TEXT NOT NULL,
        arn TEXT NOT NULL, create_date TEXT NOT NULL);
      CREATE TABLE iam_group_members (
        group_id TEXT NOT NULL REFERENCES iam_groups(group_id), user_id TEXT NOT NULL REFERENCES iam_users(user_id),
        PRIMARY KEY (group_id, user_id));
      CREATE INDEX iam_group_members_user ON iam_group_members(user_id);
      CREATE TABLE iam_roles (
        role_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, path TEXT NOT NULL,
        arn TEXT NOT NULL, create_date TEXT NOT NULL, trust_policy TEXT NOT NULL, description TEXT,
        max_session_duration INTEGER NOT NULL);
      CREATE TABLE iam_inline_policies (
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
        PRIMARY KEY (entity_type, entity_id, name));
      CREATE TABLE iam_managed_policies (
        arn TEXT PRIMARY KEY, policy_id TEXT NOT NULL, name TEXT NOT NULL UNIQUE COLLATE NOCASE, path TEXT NOT NULL,
        description TEXT, create_date TEXT NOT NULL, update_date TEXT NOT NULL,
        default_version TEXT NOT NULL, next_version INTEGER NOT NULL);
      CREATE TABLE iam_policy_versions (
        policy_arn TEXT NOT NULL REFERENCES iam_managed_policies(arn), version_id TEXT NOT NULL,
        document TEXT NOT NULL, create_date TEXT NOT NULL, PRIMARY KEY (policy_arn, version_id));
      CREATE TABLE iam_attachments (
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, policy_arn TEXT NOT NULL,
        PRIMARY KEY (entity_type, entity_id, policy_arn));
      CREATE INDEX iam_attachments_policy ON iam_attachments(policy_arn);
      CREATE TABLE iam_login_profiles (
        user_id TEXT PRIMARY KEY REFERENCES iam_users(user_id), password_hash TEXT NOT NULL,
        create_date TEXT NOT NULL, reset_required INTEGER NOT NULL);
      CREATE TABLE iam_tags (
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (entity_type, entity_id, key));
      CREATE TABLE iam_sessions (
        access_key_id TEXT PRIMARY KEY, secret_enc TEXT NOT NULL, token_sha256 TEXT NOT NULL,
        expiration TEXT NOT NULL, principal_json TEXT NOT NULL, create_date TEXT NOT NULL);
      CREATE INDEX iam_sessions_expiration ON iam_sessions(expiration);
    `,
  },
  {
    version: 2,
    name: 'password-policy',
    up: `
      CREATE TABLE iam_password_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1), minimum_length INTEGER NOT NULL, require_symbols INTEGER NOT NULL,
        require_numbers INTEGER NOT NULL, require_uppercase INTEGER NOT NULL, require_lowercase INTEGER NOT NULL,
        allow_users_to_change INTEGER NOT NULL, max_age INTEGER, reuse_prevention INTEGER, hard_expiry INTEGER NOT NULL);
      CREATE TABLE iam_password_history (
        user_id TEXT NOT NULL REFERENCES iam_users(user_id), password_hash TEXT NOT NULL, set_date TEXT NOT NULL);
      CREATE INDEX iam_password_history_user ON iam_password_history(user_id);
      ALTER TABLE iam_login_profiles ADD COLUMN password_date TEXT;
    `,
  },
  {
    version: 3,
    name: 'shared-state',
    // The authorization version lets every process drop cached credentials and compiled policies
    // when any process changes IAM; failed console sign-ins are counted here for the same reason.
    up: `
      CREATE TABLE iam_state_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT INTO iam_state_version (id, version) VALUES (1, 0);
      CREATE TABLE console_signin_failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_ms INTEGER NOT NULL);
      CREATE INDEX console_signin_failures_last ON console_signin_failures(last_ms);
    `,
  },
  {
    version: 4,
    name: 'console-sessions',
    // Console sign-in sessions, keyed by SHA-256 of the cookie, sealed: any process can serve any cookie.
    up: `
      CREATE TABLE console_sessions (id_sha256 TEXT PRIMARY KEY, sealed TEXT NOT NULL, expires_ms INTEGER NOT NULL);
      CREATE INDEX console_sessions_expires ON console_sessions(expires_ms);
    `,
  },
  {
    version: 5,
    name: 'virtual-mfa',
    // Virtual MFA devices: the TOTP seed sealed; user_id set while the device is assigned (enabled).
    up: `
      CREATE TABLE iam_mfa_devices (
        serial_number TEXT PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL, path TEXT NOT NULL, seed_enc TEXT NOT NULL,
        create_date TEXT NOT NULL, user_id TEXT, enable_date TEXT, last_step INTEGER);
      CREATE INDEX iam_mfa_devices_user ON iam_mfa_devices(user_id);
    `,
  },
  {
    version: 6,
    name: 'root-password',
    // The root user's console password hash, in the store (not a node's data dir) so that every node
    // sharing the store signs root in with the password set through any of them.
    up: `
      CREATE TABLE iam_root_password (id INTEGER PRIMARY KEY CHECK (id = 1), password_hash TEXT NOT NULL, set_date TEXT NOT NULL);
    `,
  },
];
