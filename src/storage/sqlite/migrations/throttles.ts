import type { Migration } from '../database.js';

export const THROTTLES_MODULE = 'throttles';

/** One token bucket per key (throttles.ts). */
export const throttlesMigrations: Migration[] = [
  {
    version: 1,
    name: 'token buckets',
    up: `
      CREATE TABLE throttles (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        updated_ms INTEGER NOT NULL,
        allowed INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];
