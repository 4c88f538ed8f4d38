import { setTimeout as sleep } from 'node:timers/promises';
import { openReadOnlyStore, type StoreLocation } from '../../storage/offline.js';
import { searchEvents, type EventFilter, type FoundEvent, type SearchOptions } from '../../query/search-events.js';
import { callAdmin, streamAdmin, type EndpointOptions } from '../admin-client.js';

/** Receives matching events: first the newest `limit` (oldest first, `first` set), then each new batch. */
export type OnEvents = (events: FoundEvent[], first: boolean) => void;

/** Where `hsmtrail events` reads: the store (offline) or a running server (its admin API). */
export interface EventFeed {
  /** Matching events, and the log's end (highest seq) as of this search. */
  search(filter: EventFilter, opts: SearchOptions): Promise<{ events: FoundEvent[]; lastSeq: number }>;
  /** The newest `limit` matches, then every new match as it is recorded, until `signal` aborts. */
  follow(filter: EventFilter, opts: { limit: number; intervalMs: number }, onEvents: OnEvents, signal?: AbortSignal): Promise<void>;
  close(): void | Promise<void>;
}

/** Reads the server's store directly, read-only, next to a running server (with PostgreSQL: all its nodes). */
export function localFeed(at: StoreLocation): EventFeed {
  const store = openReadOnlyStore(at);
  // One snapshot per search: the end it reports is the end it scanned to.
  const search: EventFeed['search'] = (filter, opts) =>
    store.read(async (tx) => {
      const lastSeq = await tx.events.lastSeq();
      return { events: await searchEvents(tx.events, filter, { throughSeq: lastSeq, ...opts }), lastSeq };
    });
  return {
    search,
    // Tails the store by seq: seq is assigned in commit order, so polling "seq > last" misses nothing.
    async follow(filter, opts, onEvents, signal) {
      const { events, lastSeq } = await search(filter, { limit: opts.limit });
      onEvents(events.reverse(), true);
      let last = Math.max(events.at(-1)?.seq ?? 0, lastSeq);
      while (!signal?.aborted) {
        try {
          await sleep(opts.intervalMs, undefined, { signal });
        } catch {
          return;
        }
        // Each search reports the end it scanned to, so events that do not match are never scanned twice.
        const { events: fresh, lastSeq: end } = await search(filter, { limit: 1000, order: 'oldest', afterSeq: last });
        last = fresh.length === 1000 ? fresh.at(-1)!.seq : end;
        onEvents(fresh, false);
      }
    },
    close: () => store.close(),
  };
}

interface SearchEventsResponse {
  Events?: Array<{ Seq: number; Record: string }>;
  LastSeq: number;
}

type FollowLine = { Seq: number; Record: string } | { CaughtUp: true; LastSeq: number };

function filterInput(filter: EventFilter): Record<string, unknown> {
  return {
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
  };
}

/**
 * Asks a running server (SigV4-signed, authorized as hsmtrail:SearchEvents / hsmtrail:FollowEvents,
 * audited like any call). A follow is one FollowEvents call whose response streams the events, so a
 * follow session is recorded once.
 */
export function remoteFeed(endpoint: EndpointOptions): EventFeed {
  return {
    async search(filter, opts) {
      const input = {
        ...filterInput(filter),
        Limit: Math.min(opts.limit, 1000),
        Order: opts.order,
        AfterSeq: opts.afterSeq,
        ThroughSeq: opts.throughSeq,
      };
      const r = await callAdmin<SearchEventsResponse>('SearchEvents', input, endpoint);
      return { events: (r.Events ?? []).map((e) => ({ seq: e.Seq, record: e.Record })), lastSeq: r.LastSeq };
    },
    async follow(filter, opts, onEvents, signal) {
      const input = { ...filterInput(filter), Limit: Math.min(opts.limit, 1000) };
      let backlog: FoundEvent[] | undefined = [];
      try {
        for await (const line of streamAdmin<FollowLine>('FollowEvents', input, endpoint, signal)) {
          if ('CaughtUp' in line) {
            onEvents(backlog ?? [], true);
            backlog = undefined;
          } else if (backlog) backlog.push({ seq: line.Seq, record: line.Record });
          else onEvents([{ seq: line.Seq, record: line.Record }], false);
        }
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
      if (!signal?.aborted) throw new Error('the server ended the event stream (was it stopped?)');
    },
    close: () => undefined,
  };
}
