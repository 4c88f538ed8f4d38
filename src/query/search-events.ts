import type { EventRepository, EventSearch, FoundEvent } from '../storage/ports/events.js';
import { cidrContains, parseCidr, parseIp } from '../identity/policy/ip.js';
import { resourceNameOf } from '../audit/record/event-builder.js';

/**
 * Event search for operators (`hsmtrail events`, later the console API): any combination of
 * filters, unlike LookupEvents' single attribute. Reads only the event store's indexed columns.
 */
export interface EventFilter {
  users?: string[];
  eventName?: string;
  /** `cloudhsm` is short for `cloudhsm.amazonaws.com`. */
  eventSource?: string;
  /** An address or a CIDR block (IPv4 or IPv6). */
  sourceIp?: string;
  errorCode?: string;
  errorsOnly?: boolean;
  /** A resource name (`cluster-abc`) or ARN. */
  resource?: string;
  accessKeyId?: string;
  readOnly?: boolean;
  since?: Date;
  until?: Date;
  region?: string;
  category?: 'Management' | 'Data';
}

export type { FoundEvent } from '../storage/ports/events.js';

export interface SearchOptions {
  limit: number;
  /** `newest` (default) pages backwards in time; `oldest` with afterSeq follows the log. */
  order?: 'newest' | 'oldest';
  afterSeq?: number;
  /** Inclusive upper bound on seq (a follower's snapshot of the log's end). */
  throughSeq?: number;
}

export class InvalidFilterError extends Error {}

/** Validates the operator's filter and runs it on the event store. */
export async function searchEvents(events: EventRepository, filter: EventFilter, opts: SearchOptions): Promise<FoundEvent[]> {
  return events.search(toSearch(filter), opts);
}

/** The filter in the store's terms; throws InvalidFilterError on a malformed address or block. */
export function toSearch(f: EventFilter): EventSearch {
  const { sourceIp, resource, eventSource, ...same } = f;
  return {
    ...same,
    ...(eventSource ? { eventSource: eventSource.includes('.') ? eventSource : `${eventSource}.amazonaws.com` } : {}),
    ...(sourceIp ? { sourceIp: sourceIpOf(sourceIp) } : {}),
    ...(resource ? { resourceName: resource.startsWith('arn:') ? resourceNameOf(resource) : resource } : {}),
  };
}

function sourceIpOf(text: string): NonNullable<EventSearch['sourceIp']> {
  if (!text.includes('/')) {
    if (!parseIp(text)) throw new InvalidFilterError(`not an IP address: ${text}`);
    return { address: text };
  }
  const cidr = parseCidr(text);
  if (!cidr) throw new InvalidFilterError(`not a CIDR block: ${text}`);
  return {
    cidr: text,
    contains: (ip) => {
      const addr = parseIp(ip);
      return addr !== undefined && cidrContains(cidr, addr);
    },
  };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since 1h`, `30m`, `7d`, or an ISO 8601 time. */
export function parseTimeArg(text: string, now: Date = new Date()): Date {
  const rel = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNITS[rel[2]!]!);
  const abs = new Date(text);
  if (Number.isNaN(abs.getTime())) throw new InvalidFilterError(`not a duration (30m, 1h, 7d) or a time: ${text}`);
  return abs;
}
