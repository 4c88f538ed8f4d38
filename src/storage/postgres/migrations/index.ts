import type pg from 'pg';
import { migrateModules, type PgMigration } from './migrate.js';
import { AUDIT_MODULE, auditMigrations } from './audit.js';
import { platformMigrations } from './platform.js';
import { CLOUDHSM_MODULE, cloudhsmMigrations } from './cloudhsmv2.js';
import { EC2_MODULE, ec2Migrations } from './ec2.js';
import * as ct from './cloudtrail.js';
import { THROTTLES_MODULE, throttlesMigrations } from './throttles.js';
import { S3_MIGRATIONS, S3_MODULE } from './s3.js';
import { IAM_MODULE, iamMigrations } from './iam.js';
import { SQS_MODULE, sqsMigrations } from './sqs.js';
import { SNS_MODULE, snsMigrations } from './sns.js';
import { EVENTBRIDGE_MODULE, eventbridgeMigrations } from './eventbridge.js';

/** Every module's schema, in the same modules, versions and order as SQLite's (sqlite/migrations/index.ts). */
export const PG_SCHEMA: ReadonlyArray<{ module: string; migrations: readonly PgMigration[] }> = [
  { module: AUDIT_MODULE, migrations: auditMigrations },
  // cloudtrail: trails, delivery, digests, signing keys (consumer cursors first: cloudtrail v3 moves positions into them)
  { module: ct.CONSUMER_CURSORS_MODULE, migrations: ct.consumerCursorMigrations },
  { module: ct.CLOUDTRAIL_MODULE, migrations: ct.cloudtrailMigrations },
  { module: ct.SIGNING_KEYS_MODULE, migrations: ct.signingKeyMigrations },
  { module: ct.NOTIFICATIONS_MODULE, migrations: ct.notificationMigrations },
  // cloudhsm and ec2
  { module: EC2_MODULE, migrations: ec2Migrations },
  { module: CLOUDHSM_MODULE, migrations: cloudhsmMigrations },
  // identity
  { module: IAM_MODULE, migrations: iamMigrations },
  // s3
  { module: S3_MODULE, migrations: S3_MIGRATIONS },
  // sqs
  { module: SQS_MODULE, migrations: sqsMigrations },
  // sns
  { module: SNS_MODULE, migrations: snsMigrations },
  // eventbridge
  { module: EVENTBRIDGE_MODULE, migrations: eventbridgeMigrations },
  // platform: leases, counters
  { module: 'platform', migrations: platformMigrations },
  { module: THROTTLES_MODULE, migrations: throttlesMigrations },
];

export function migrateAll(pool: pg.Pool): Promise<void> {
  return migrateModules(pool, PG_SCHEMA);
}
