import { TEXT, type PgMigration } from './migrate.js';

export const THROTTLES_MODULE = 'throttles';

/** One token bucket per key (throttles.ts). */
export const throttlesMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'token buckets',
    up: `CREATE TABLE throttles (
      key ${TEXT} PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      updated_ms BIGINT NOT NULL,
      allowed BOOLEAN NOT NULL
    )`,
  },
];
