import type { StoredEvent } from '../../audit/events/ports.js';

/**
 * The event store: the spool trails and other consumers read in `seq` order, and the table event
 * history queries. `seq` follows commit order, so a consumer's cursor never passes an event that
 * commits later.
 */
export interface EventRepository {
  /** Appends inside this transaction; resolves to the assigned sequence number. */
  append(event: Omit<StoredEvent, 'seq'>): Promise<number>;
  /** Events with seq > afterSeq, oldest first. */
  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Highest committed seq (0 when empty). */
  lastSeq(): Promise<number>;
}
