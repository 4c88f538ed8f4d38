import type { Statement } from 'better-sqlite3';
import { migrate, type Db } from '../../storage/sqlite/database.js';
import type { EventLog, StoredEvent } from './ports.js';
import { AUDIT_MODULE, auditMigrations } from './migrations.js';

interface EventRow {
  seq: number;
  event_id: string;
  event_time_ms: number;
  region: string;
  event_source: string;
  event_name: string;
  read_only: number;
  event_category: 'Management' | 'Data';
  record: string;
  data_resource_arn: string | null;
}

/**
 * The SQLite event store: the spool trails deliver from (readAfter) and the table event history
 * queries (src/query/). Appends run inside the caller's transaction with prepared statements.
 */
export class SqliteEventLog implements EventLog {
  private readonly insertEvent: Statement;
  private readonly insertResource: Statement;
  private readonly selectAfter: Statement;
  private readonly selectLast: Statement;

  constructor(
    readonly db: Db,
    opts: { migrate?: boolean } = {},
  ) {
    if (opts.migrate !== false) migrate(db, AUDIT_MODULE, auditMigrations);
    this.insertEvent = db.prepare(
      `INSERT INTO events (event_id, event_time_ms, region, event_source, event_name, read_only, username,
         access_key_id, error_code, source_ip, event_category, record, data_resource_arn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertResource = db.prepare('INSERT INTO event_resources (seq, event_time_ms, resource_type, resource_name) VALUES (?, ?, ?, ?)');
    this.selectAfter = db.prepare(
      `SELECT seq, event_id, event_time_ms, region, event_source, event_name, read_only, event_category, record, data_resource_arn
       FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.selectLast = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').pluck();
  }

  /**
   * `db` must be the connection this store was opened on (the gateway's); the parameter keeps the
   * port's promise that the row joins the caller's transaction.
   */
  append(db: Db, event: Omit<StoredEvent, 'seq'>): number {
    if (db !== this.db) throw new Error('SqliteEventLog.append: the event must be written on the store connection');
    const time = event.eventTime.getTime();
    const lookup = event.lookup;
    const seq = Number(
      this.insertEvent.run(
        event.eventId,
        time,
        event.region,
        event.eventSource,
        event.eventName,
        event.readOnly ? 1 : 0,
        lookup?.username ?? null,
        lookup?.accessKeyId ?? null,
        lookup?.errorCode ?? null,
        lookup?.sourceIp ?? null,
        event.eventCategory,
        event.record,
        event.dataResourceArn ?? null,
      ).lastInsertRowid,
    );
    for (const r of lookup?.resources ?? []) this.insertResource.run(seq, time, r.resourceType ?? null, r.resourceName);
    return seq;
  }

  readAfter(afterSeq: number, limit: number): StoredEvent[] {
    return (this.selectAfter.all(afterSeq, limit) as EventRow[]).map(toStoredEvent);
  }

  lastSeq(): number {
    return this.selectLast.get() as number;
  }
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    eventId: row.event_id,
    eventTime: new Date(row.event_time_ms),
    region: row.region,
    eventSource: row.event_source,
    eventName: row.event_name,
    readOnly: row.read_only === 1,
    eventCategory: row.event_category,
    record: row.record,
    ...(row.data_resource_arn ? { dataResourceArn: row.data_resource_arn } : {}),
  };
}
