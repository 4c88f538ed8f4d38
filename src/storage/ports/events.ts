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
  /**
   * In a write transaction: the seq its next append gets. From here to its commit no other
   * transaction appends, so nothing can take that number first (StartLogging and StopLogging bound a
   * trail's interval at their own event).
   */
  nextSeq(): Promise<number>;

  /** One LookupEvents page: management events of one region, newest first (time, then seq). */
  lookup(query: LookupQuery): Promise<HistoryEvent[]>;
  /** `hsmtrail events` / SearchEvents / FollowEvents: any combination of filters. */
  search(filter: EventSearch, page: SearchPage): Promise<FoundEvent[]>;

  /**
   * Deletes, in this transaction, up to `limit` of the oldest events (by seq) with seq <= `maxSeq`
   * recorded before `before`; stops at the first younger one. The newest event is never deleted
   * (its seq is where new consumers start). Resolves to how many were deleted.
   */
  purgeBatch(before: Date, maxSeq: number, limit: number): Promise<number>;
  /** Events recorded before `before` still stored, the newest event aside. */
  countOlder(before: Date): Promise<number>;
  /** Whether an event recorded before `before` sits above `seq` (the newest event aside). */
  hasOlderAbove(before: Date, seq: number): Promise<boolean>;
  /** Storage the engine could hand back (SQLite: free pages); 0 where the engine reclaims by itself. */
  reclaimable(): Promise<number>;
  /** Hands back up to `units` of reclaimable storage; resolves to what is still reclaimable. */
  reclaim(units: number): Promise<number>;
  /**
   * What each trail still needs from the event store (retention never purges past it). Transitional:
   * reads the trails' delivery state until the trail domain's cursor repository provides it.
   */
  deliveryHolds(): Promise<TrailHold[]>;
  /** Counts for /health and operators. */
  stats(): Promise<EventStats>;
}

/** LookupEvents' attributes (CloudTrail API Reference, "LookupAttribute"). */
export type LookupAttribute =
  | { key: 'EventId' | 'EventName' | 'Username' | 'EventSource' | 'AccessKeyId' | 'ResourceType' | 'ResourceName'; value: string }
  | { key: 'ReadOnly'; value: boolean };

/** Where the previous page ended: the next page is strictly older than (time, seq). */
export interface PageCursor {
  timeMs: number;
  seq: number;
}

export interface LookupQuery {
  region: string;
  attribute?: LookupAttribute;
  /** Inclusive bounds on the event time. */
  from: Date;
  to: Date;
  after?: PageCursor;
  /** At most this many distinct events. */
  limit: number;
}

/** An event as event history lists it; `resources` are the indexed lookup resources. */
export interface HistoryEvent {
  seq: number;
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  accessKeyId?: string;
  username?: string;
  resources: { resourceType?: string; resourceName: string }[];
  record: string;
}

/** A normalised search filter: every member that is set must match. */
export interface EventSearch {
  users?: string[];
  /** `*` matches any run of characters. */
  eventName?: string;
  eventSource?: string;
  /** An exact address, or a CIDR block with its membership test. */
  sourceIp?: { address: string } | { cidr: string; contains: (ip: string) => boolean };
  errorCode?: string;
  errorsOnly?: boolean;
  /** A lookup resource name (not an ARN). */
  resourceName?: string;
  accessKeyId?: string;
  readOnly?: boolean;
  since?: Date;
  until?: Date;
  region?: string;
  category?: 'Management' | 'Data';
}

export interface SearchPage {
  limit: number;
  /** `newest` (default): time then seq descending; `oldest`: seq ascending (following the log). */
  order?: 'newest' | 'oldest';
  afterSeq?: number;
  /** Inclusive upper bound on seq (a snapshot of the log's end). */
  throughSeq?: number;
}

export interface FoundEvent {
  seq: number;
  record: string;
}

/** What one trail still needs from the event store. */
export interface TrailHold {
  trailArn: string;
  /** Every event with seq <= this is delivered or not selected by the trail. */
  deliveredSeq: number;
  /** Whether the trail may still deliver events above deliveredSeq (logging, or stopped with a backlog). */
  holds: boolean;
  /** Whether its last delivery attempt failed. */
  failing: boolean;
  /** Oldest event time of a delivered file no digest covers yet (log file validation on), epoch ms. */
  undigestedSinceMs?: number;
}

export interface EventStats {
  count: number;
  lastSeq: number;
  oldest?: Date;
}
