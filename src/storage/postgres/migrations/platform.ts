import { TEXT, type PgMigration } from './migrate.js';

/** What the platform itself keeps: leases (one worker leader among nodes). */
export const platformMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'leases',
    up: `CREATE TABLE leases (
      name ${TEXT} PRIMARY KEY,
      holder ${TEXT} NOT NULL,
      token BIGINT NOT NULL,
      expires_at_ms BIGINT NOT NULL
    )`,
  },
];
