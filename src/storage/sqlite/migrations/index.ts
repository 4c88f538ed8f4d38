import { migrate, type Db, type Migration } from '../database.js';
import { AUDIT_MODULE, auditMigrations } from './audit.js';
import { S3_MIGRATIONS, S3_MODULE } from './s3.js';

/**
 * Every module's schema, applied when the store opens. A module keeps its own version sequence
 * ((module, version) is the key in schema_migrations), so modules evolve independently.
 */
const SCHEMA: ReadonlyArray<{ module: string; migrations: readonly Migration[] }> = [
  { module: AUDIT_MODULE, migrations: auditMigrations },
  // cloudtrail: trails, delivery, digests, signing keys
  // cloudhsm and ec2
  // identity
  // s3
  { module: S3_MODULE, migrations: S3_MIGRATIONS },
  // platform: leases, counters
];

export function migrateAll(db: Db): void {
  for (const { module, migrations } of SCHEMA) migrate(db, module, migrations);
}
