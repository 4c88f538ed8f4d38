import type { Migration } from '../database.js';

/** What the platform itself keeps: leases (one worker leader among nodes), the hosted account. */
export const platformMigrations: Migration[] = [
  {
    version: 1,
    name: 'leases',
    up: `CREATE TABLE leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      token INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL
    )`,
  },
  {
    version: 2,
    name: 'hosted account',
    up: `CREATE TABLE hosted_account (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      account_id TEXT NOT NULL,
      root_access_key_id TEXT NOT NULL,
      sealed_root_secret TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL
    )`,
  },
];
