import { TEXT, type PgMigration } from './migrate.js';

/** The module name under which the event store's migrations are tracked. */
export const AUDIT_MODULE = 'audit';

/**
 * One row per recorded event, as in SQLite's audit module. `seq` comes from a sequence that is only
 * ever drawn from under the write lock (store.ts), so it follows commit order; a sequence never hands a
 * value out twice, so a purge never lets a seq be reused. Its CACHE stays 1 (the default): sessions
 * caching blocks of values would hand seqs out of commit order. `source_inet` is `source_ip` when that is an
 * address, for CIDR searches with PostgreSQL's own containment operator.
 */
export const auditMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'event store',
    up: `
      CREATE TABLE events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id ${TEXT} NOT NULL UNIQUE,
        event_time_ms BIGINT NOT NULL,
        region ${TEXT} NOT NULL,
        event_source ${TEXT} NOT NULL,
        event_name ${TEXT} NOT NULL,
        read_only BOOLEAN NOT NULL,
        username ${TEXT},
        access_key_id ${TEXT},
        error_code ${TEXT},
        source_ip ${TEXT},
        source_inet INET,
        event_category ${TEXT} NOT NULL,
        record TEXT NOT NULL,
        data_resource_arn ${TEXT}
      );
      CREATE INDEX events_time ON events (event_time_ms, seq);
      CREATE INDEX events_name_time ON events (event_name, event_time_ms, seq);
      CREATE INDEX events_source_time ON events (event_source, event_time_ms, seq);
      CREATE INDEX events_username_time ON events (username, event_time_ms, seq);
      CREATE INDEX events_access_key_time ON events (access_key_id, event_time_ms, seq);
      CREATE INDEX events_read_only_time ON events (read_only, event_time_ms, seq);
      CREATE TABLE event_resources (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq BIGINT NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        event_time_ms BIGINT NOT NULL,
        resource_type ${TEXT},
        resource_name ${TEXT} NOT NULL
      );
      CREATE INDEX event_resources_name ON event_resources (resource_name, event_time_ms, seq);
      CREATE INDEX event_resources_type ON event_resources (resource_type, event_time_ms, seq);
      CREATE INDEX event_resources_seq ON event_resources (seq);
    `,
  },
  {
    // LookupEvents lists one region's management events newest first (CloudTrail API Reference,
    // "LookupEvents"): an index in exactly that order makes an unfiltered page a range scan of 50
    // entries whatever the statistics say. Without it, a table filled faster than autovacuum's first
    // ANALYZE was planned as a bitmap scan of the whole 90-day window plus a sort (EXPLAIN ANALYZE:
    // 53 ms at 30,000 events, growing with the table), and a rare region scanned past every other one.
    version: 2,
    name: 'LookupEvents by region',
    up: `CREATE INDEX events_lookup_region_time ON events (region, event_time_ms, seq) WHERE event_category = 'Management';`,
  },
];
