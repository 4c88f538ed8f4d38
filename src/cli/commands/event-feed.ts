import { resolve } from 'node:path';
import { openStoreReadOnly } from '../../query/open-store.js';
import { searchEvents, type EventFilter, type FoundEvent, type SearchOptions } from '../../query/search-events.js';
import { callAdmin, type EndpointOptions } from '../admin-client.js';

/** Where `hsmtrail events` reads: a data directory (offline) or a running server (its admin API). */
export interface EventFeed {
  /** Matching events, and the log's end (highest seq) as of this search. */
  search(filter: EventFilter, opts: SearchOptions): Promise<{ events: FoundEvent[]; lastSeq: number }>;
  close(): void;
  /** The server records each search as a call; a follower hides its own polls. */
  readonly ownCalls?: (record: string) => boolean;
}

/** Reads the store file directly, read-only; SQLite's WAL lets it sit next to a running server. */
export function localFeed(dataDir: string): EventFeed {
  const db = openStoreReadOnly(resolve(dataDir));
  const maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck();
  return {
    search: async (filter, opts) => {
      const lastSeq = maxSeq.get() as number;
      return { events: searchEvents(db, filter, { throughSeq: lastSeq, ...opts }), lastSeq };
    },
    close: () => db.close(),
  };
}

interface SearchEventsResponse {
  Events?: Array<{ Seq: number; Record: string }>;
  LastSeq: number;
}

/** Asks a running server (SigV4-signed, authorized as hsmtrail:SearchEvents, audited like any call). */
export function remoteFeed(endpoint: EndpointOptions): EventFeed {
  const call = (filter: EventFilter, opts: SearchOptions) =>
    callAdmin<SearchEventsResponse>(
      'SearchEvents',
      {
        Users: filter.users,
        EventName: filter.eventName,
        EventSource: filter.eventSource,
        SourceIp: filter.sourceIp,
        ErrorCode: filter.errorCode,
        ErrorsOnly: filter.errorsOnly,
        Resource: filter.resource,
        AccessKeyId: filter.accessKeyId,
        ReadOnly: filter.readOnly,
        Since: filter.since && filter.since.getTime() / 1000,
        Until: filter.until && filter.until.getTime() / 1000,
        Region: filter.region,
        Limit: Math.min(opts.limit, 1000),
        Order: opts.order,
        AfterSeq: opts.afterSeq,
        ThroughSeq: opts.throughSeq,
      },
      endpoint,
    );
  return {
    search: async (filter, opts) => {
      const r = await call(filter, opts);
      return { events: (r.Events ?? []).map((e) => ({ seq: e.Seq, record: e.Record })), lastSeq: r.LastSeq };
    },
    close: () => undefined,
    ownCalls: (record) => {
      const r = JSON.parse(record) as { eventSource?: string; eventName?: string };
      return r.eventSource === 'hsmtrail.local' && r.eventName === 'SearchEvents';
    },
  };
}
