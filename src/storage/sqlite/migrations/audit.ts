import type { Migration } from '../database.js';

/** The module name under which the event store's migrations are tracked. */
export const AUDIT_MODULE = 'audit';

/**
 * One row per recorded event. `seq` (the rowid) is the delivery cursor's key; the lookup columns
 * are copied out of the record so event history never parses JSON to filter. Each LookupEvents
 * attribute has one index ending in event_time_ms (the rowid, seq, is implicitly the last column),
 * so "attribute = ? ORDER BY time DESC, seq DESC" is an index range scan. Kept to what LookupEvents
 * needs: every index costs on the hot insert path.
 */
export const auditMigrations: Migration[] = [
  {
    version: 1,
    name: 'event store',
    up: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, even after a purge: delivery cursors rely on it
        event_id TEXT NOT NULL UNIQUE,
        event_time_ms INTEGER NOT NULL,
        region TEXT NOT NULL,
        event_source TEXT NOT NULL,
        event_name TEXT NOT NULL,
        read_only INTEGER NOT NULL,
        username TEXT,
        access_key_id TEXT,
        error_code TEXT,
        source_ip TEXT,
        event_category TEXT NOT NULL,
        record TEXT NOT NULL,
        data_resource_arn TEXT
      );
      CREATE INDEX events_time ON events (event_time_ms);
      CREATE INDEX events_name_time ON events (event_name, event_time_ms);
      CREATE INDEX events_source_time ON events (event_source, event_time_ms);
      CREATE INDEX events_username_time ON events (username, event_time_ms);
      CREATE INDEX events_access_key_time ON events (access_key_id, event_time_ms);
      CREATE INDEX events_read_only_time ON events (read_only, event_time_ms);
      CREATE TABLE event_resources (
        seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        event_time_ms INTEGER NOT NULL,
        resource_type TEXT,
        resource_name TEXT NOT NULL
      );
      CREATE INDEX event_resources_name ON event_resources (resource_name, event_time_ms, seq);
      CREATE INDEX event_resources_type ON event_resources (resource_type, event_time_ms, seq);
      CREATE INDEX event_resources_seq ON event_resources (seq);
    `,
  },
];
