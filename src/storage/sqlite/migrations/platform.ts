import type { Migration } from '../database.js';

/** What the platform itself keeps: leases (one worker leader among nodes). */
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
];
