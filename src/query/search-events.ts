import type { Db } from '../storage/sqlite/database.js';
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

export interface FoundEvent {
  seq: number;
  record: string;
}

export interface SearchOptions {
  limit: number;
  /** `newest` (default) pages backwards in time; `oldest` with afterSeq follows the log. */
  order?: 'newest' | 'oldest';
  afterSeq?: number;
  /** Inclusive upper bound on seq (a follower's snapshot of the log's end). */
  throughSeq?: number;
}

export class InvalidFilterError extends Error {}

export function searchEvents(db: Db, filter: EventFilter, opts: SearchOptions): FoundEvent[] {
  const { where, params } = conditions(db, filter);
  if (opts.afterSeq !== undefined) {
    where.push('e.seq > ?');
    params.push(opts.afterSeq);
  }
  if (opts.throughSeq !== undefined) {
    where.push('e.seq <= ?');
    params.push(opts.throughSeq);
  }
  const order = opts.order === 'oldest' ? 'e.seq ASC' : 'e.event_time_ms DESC, e.seq DESC';
  const sql = `SELECT e.seq, e.record FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
  return db.prepare(sql).all(...params, opts.limit) as FoundEvent[];
}

function conditions(db: Db, f: EventFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.users?.length) add(`e.username IN (${f.users.map(() => '?').join(', ')})`, ...f.users);
  if (f.eventName) add(f.eventName.includes('*') ? 'e.event_name GLOB ?' : 'e.event_name = ?', f.eventName);
  if (f.eventSource) add('e.event_source = ?', f.eventSource.includes('.') ? f.eventSource : `${f.eventSource}.amazonaws.com`);
  if (f.sourceIp) addSourceIp(db, f.sourceIp, add);
  if (f.errorCode) add('e.error_code = ?', f.errorCode);
  if (f.errorsOnly) add('e.error_code IS NOT NULL');
  if (f.resource) {
    const name = f.resource.startsWith('arn:') ? resourceNameOf(f.resource) : f.resource;
    add('EXISTS (SELECT 1 FROM event_resources r WHERE r.seq = e.seq AND r.resource_name = ?)', name);
  }
  if (f.accessKeyId) add('e.access_key_id = ?', f.accessKeyId);
  if (f.readOnly !== undefined) add('e.read_only = ?', f.readOnly ? 1 : 0);
  if (f.since) add('e.event_time_ms >= ?', f.since.getTime());
  if (f.until) add('e.event_time_ms <= ?', f.until.getTime());
  if (f.region) add('e.region = ?', f.region);
  if (f.category) add('e.event_category = ?', f.category);
  return { where, params };
}

function addSourceIp(db: Db, text: string, add: (sql: string, ...v: unknown[]) => void): void {
  if (!text.includes('/')) {
    if (!parseIp(text)) throw new InvalidFilterError(`not an IP address: ${text}`);
    add('e.source_ip = ?', text);
    return;
  }
  const cidr = parseCidr(text);
  if (!cidr) throw new InvalidFilterError(`not a CIDR block: ${text}`);
  db.function('hsmtrail_in_cidr', { deterministic: true }, (ip: unknown) => {
    const addr = typeof ip === 'string' ? parseIp(ip) : undefined;
    return addr && cidrContains(cidr, addr) ? 1 : 0;
  });
  add('hsmtrail_in_cidr(e.source_ip) = 1');
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
