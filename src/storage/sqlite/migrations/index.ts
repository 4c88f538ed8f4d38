import { migrate, type Db, type Migration } from '../database.js';
import { AUDIT_MODULE, auditMigrations } from './audit.js';
import { IAM_MODULE, iamMigrations } from './iam.js';

/**
 * Every module's schema, applied when the store opens. A module keeps its own version sequence
 * ((module, version) is the key in schema_migrations), so modules evolve independently.
 */
const SCHEMA: ReadonlyArray<{ module: string; migrations: readonly Migration[] }> = [
  { module: AUDIT_MODULE, migrations: auditMigrations },
  // cloudtrail: trails, delivery, digests, signing keys
  // cloudhsm and ec2
  // identity
  { module: IAM_MODULE, migrations: iamMigrations },
  // s3
  // platform: leases, counters
];

export function migrateAll(db: Db): void {
  for (const { module, migrations } of SCHEMA) migrate(db, module, migrations);
}
