import { resolve } from 'node:path';
import { databaseUrl } from '../../config/config.js';
import type { StoreLocation } from '../../storage/offline.js';

export interface LocationFlags {
  dataDir?: string;
  database?: string;
}

/** The --database option of every command that can open the server's store itself, as `serve` takes it. */
export const DATABASE_OPTION = [
  '--database <url>',
  'read the PostgreSQL store of a server (all its nodes) directly, offline (HSMTRAIL_DATABASE_URL, the place for a password)',
] as const;

/**
 * Where an offline command finds the server's state: --data-dir / --database, else (when `env` is
 * given) HSMTRAIL_DATA_DIR / HSMTRAIL_DATABASE_URL, as `serve` reads them. Undefined when none is set:
 * the command asks a running server instead.
 */
export function storeLocation(flags: LocationFlags, env?: NodeJS.ProcessEnv): StoreLocation | undefined {
  const database = databaseUrl(flags.database ?? env?.HSMTRAIL_DATABASE_URL);
  const dataDir = flags.dataDir ?? env?.HSMTRAIL_DATA_DIR;
  if (!database && !dataDir) return undefined;
  return { dataDir: resolve(dataDir ?? '.hsmtrail'), ...(database ? { database } : {}) };
}
