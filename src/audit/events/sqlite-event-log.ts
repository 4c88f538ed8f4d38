import { migrate, type Db } from '../../storage/sqlite/database.js';
import { SqliteEventRepository, appendEvent } from '../../storage/sqlite/events.js';
import type { EventLog, StoredEvent } from './ports.js';
import { AUDIT_MODULE, auditMigrations } from '../../storage/sqlite/migrations/audit.js';

/**
 * Transitional synchronous face of the event repository (src/storage/sqlite/events.ts) for code not
 * yet on `tx.events`: the spool trails deliver from (readAfter) and appends on the store connection.
 */
export class SqliteEventLog implements EventLog {
  private readonly events: SqliteEventRepository;

  constructor(
    readonly db: Db,
    opts: { migrate?: boolean } = {},
  ) {
    if (opts.migrate !== false) migrate(db, AUDIT_MODULE, auditMigrations);
    this.events = new SqliteEventRepository(db);
  }

  /**
   * `db` must be the connection this store was opened on (the gateway's); the parameter keeps the
   * port's promise that the row joins the caller's transaction.
   */
  append(db: Db, event: Omit<StoredEvent, 'seq'>): number {
    if (db !== this.db) throw new Error('SqliteEventLog.append: the event must be written on the store connection');
    return appendEvent(db, event);
  }

  readAfter(afterSeq: number, limit: number): StoredEvent[] {
    return this.events.readAfterSync(afterSeq, limit);
  }

  lastSeq(): number {
    return this.events.lastSeqSync();
  }
}
