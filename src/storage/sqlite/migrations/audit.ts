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
  {
    // Records move out of `events` into two tables of their own: event_records holds recent ones as
    // text (appends and delivery touch only it), event_records_z the ones the compaction pass has
    // deflated (event-compaction.ts). Rows move between them by insert and delete, never by an update
    // that shrinks them in place: SQLite does not merge pages a shrinking update leaves nearly empty.
    // Renaming `events` first repoints event_resources' foreign key at the old table, so that table
    // is rebuilt too, and the old one dropped after it (nothing cascades).
    version: 2,
    name: 'event records apart, compressed in the background',
    up: `
      ALTER TABLE events RENAME TO events_v1;
      ALTER TABLE event_resources RENAME TO event_resources_v1;
      DROP INDEX event_resources_name;
      DROP INDEX event_resources_type;
      DROP INDEX event_resources_seq;
      DROP INDEX events_time;
      DROP INDEX events_name_time;
      DROP INDEX events_source_time;
      DROP INDEX events_username_time;
      DROP INDEX events_access_key_time;
      DROP INDEX events_read_only_time;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
        data_resource_arn TEXT
      );
      INSERT INTO events (seq, event_id, event_time_ms, region, event_source, event_name, read_only, username,
          access_key_id, error_code, source_ip, event_category, data_resource_arn)
        SELECT seq, event_id, event_time_ms, region, event_source, event_name, read_only, username,
          access_key_id, error_code, source_ip, event_category, data_resource_arn FROM events_v1 ORDER BY seq;
      CREATE TABLE event_records (seq INTEGER PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE event_records_z (seq INTEGER PRIMARY KEY, record BLOB NOT NULL);
      INSERT INTO event_records (seq, record) SELECT seq, record FROM events_v1 ORDER BY seq;
      CREATE TABLE event_resources (
        seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
        event_time_ms INTEGER NOT NULL,
        resource_type TEXT,
        resource_name TEXT NOT NULL
      );
      INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name)
        SELECT seq, event_time_ms, resource_type, resource_name FROM event_resources_v1 ORDER BY rowid;
      DROP TABLE event_resources_v1;
      -- seqs are never reused: the new table's counter starts where the old one was.
      INSERT INTO sqlite_sequence (name, seq)
        SELECT 'events', seq FROM sqlite_sequence WHERE name = 'events_v1' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events');
      UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'events_v1')) WHERE name = 'events'
        AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events_v1');
      DROP TABLE events_v1;
      CREATE INDEX events_time ON events (event_time_ms);
      CREATE INDEX events_name_time ON events (event_name, event_time_ms);
      CREATE INDEX events_source_time ON events (event_source, event_time_ms);
      CREATE INDEX events_username_time ON events (username, event_time_ms);
      CREATE INDEX events_access_key_time ON events (access_key_id, event_time_ms);
      CREATE INDEX events_read_only_time ON events (read_only, event_time_ms);
      CREATE INDEX event_resources_name ON event_resources (resource_name, event_time_ms, seq);
      CREATE INDEX event_resources_type ON event_resources (resource_type, event_time_ms, seq);
      CREATE INDEX event_resources_seq ON event_resources (seq);
    `,
  },
  {
    // A store's own record dictionaries (record-dictionaries.ts): number 1 is built in, so a store's
    // start at 2. A compressed row's first byte names its dictionary; rows are never rewritten.
    // Event ids that are canonical UUIDs become their 16 bytes (event-ids.ts), as new ones are stored.
    version: 3,
    name: 'record dictionaries trained from the store; event ids as 16 bytes',
    up: `
      UPDATE events SET event_id = unhex(replace(event_id, '-', ''))
        WHERE typeof(event_id) = 'text' AND event_id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]';
      CREATE TABLE event_dictionaries (
        id INTEGER PRIMARY KEY CHECK (id BETWEEN 2 AND 255),
        dictionary BLOB NOT NULL,
        samples INTEGER NOT NULL,
        created_ms INTEGER NOT NULL
      );
    `,
  },
];
