import type { Db } from '../../storage/sqlite/database.js';
import type { AdvancedEventSelector, EventSelector } from '../../protocol/generated/cloudtrail.js';

/** A trail's event selectors: exactly one kind is configured at a time. */
export type StoredSelectors = { kind: 'basic'; selectors: EventSelector[] } | { kind: 'advanced'; selectors: AdvancedEventSelector[] };

export interface TrailRecord {
  arn: string;
  accountId: string;
  name: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  isOrganizationTrail: boolean;
  /** null = the default: all management events, read and write. */
  selectors: StoredSelectors | null;
  isLogging: boolean;
  startLoggingTime?: number;
  stopLoggingTime?: number;
  /** Event-log position when the trail was created: delivery never reads older events. */
  originSeq: number;
  createdAt: number;
}

interface Row {
  arn: string;
  account_id: string;
  name: string;
  home_region: string;
  s3_bucket: string;
  s3_key_prefix: string | null;
  sns_topic_name: string | null;
  include_global: number;
  multi_region: number;
  log_validation: number;
  cw_log_group_arn: string | null;
  cw_role_arn: string | null;
  kms_key_id: string | null;
  organization: number;
  selectors: string | null;
  is_logging: number;
  start_logging_time: number | null;
  stop_logging_time: number | null;
  origin_seq: number;
  created_at: number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function fromRow(r: Row): TrailRecord {
  return {
    arn: r.arn,
    accountId: r.account_id,
    name: r.name,
    homeRegion: r.home_region,
    s3BucketName: r.s3_bucket,
    s3KeyPrefix: opt(r.s3_key_prefix),
    snsTopicName: opt(r.sns_topic_name),
    includeGlobalServiceEvents: r.include_global === 1,
    isMultiRegionTrail: r.multi_region === 1,
    logFileValidationEnabled: r.log_validation === 1,
    cloudWatchLogsLogGroupArn: opt(r.cw_log_group_arn),
    cloudWatchLogsRoleArn: opt(r.cw_role_arn),
    kmsKeyId: opt(r.kms_key_id),
    isOrganizationTrail: r.organization === 1,
    selectors: r.selectors ? (JSON.parse(r.selectors) as StoredSelectors) : null,
    isLogging: r.is_logging === 1,
    startLoggingTime: opt(r.start_logging_time),
    stopLoggingTime: opt(r.stop_logging_time),
    originSeq: r.origin_seq,
    createdAt: r.created_at,
  };
}

function toParams(t: TrailRecord): Record<string, unknown> {
  return {
    arn: t.arn,
    account_id: t.accountId,
    name: t.name,
    home_region: t.homeRegion,
    s3_bucket: t.s3BucketName,
    s3_key_prefix: t.s3KeyPrefix ?? null,
    sns_topic_name: t.snsTopicName ?? null,
    include_global: +t.includeGlobalServiceEvents,
    multi_region: +t.isMultiRegionTrail,
    log_validation: +t.logFileValidationEnabled,
    cw_log_group_arn: t.cloudWatchLogsLogGroupArn ?? null,
    cw_role_arn: t.cloudWatchLogsRoleArn ?? null,
    kms_key_id: t.kmsKeyId ?? null,
    organization: +t.isOrganizationTrail,
    selectors: t.selectors ? JSON.stringify(t.selectors) : null,
    is_logging: +t.isLogging,
    start_logging_time: t.startLoggingTime ?? null,
    stop_logging_time: t.stopLoggingTime ?? null,
    origin_seq: t.originSeq,
    created_at: t.createdAt,
  };
}

const COLUMNS = Object.keys(toParams({} as TrailRecord));

/** SQL access to trails; every call runs on the connection it is given (inside the caller's transaction). */
export interface LoggingInterval {
  start: number;
  stop?: number;
  startSeq?: number;
  stopSeq?: number;
}

export const trailStore = {
  get(db: Db, arn: string): TrailRecord | undefined {
    const row = db.prepare('SELECT * FROM ct_trails WHERE arn = ?').get(arn) as Row | undefined;
    return row && fromRow(row);
  },

  /** Trails of an account: homed in `region`, plus (withShadows) multi-region trails homed elsewhere. */
  inRegion(db: Db, accountId: string, region: string, withShadows: boolean): TrailRecord[] {
    const rows = db
      .prepare(
        `SELECT * FROM ct_trails WHERE account_id = ? AND (home_region = ? OR (? AND multi_region = 1)) ORDER BY home_region <> ?, name`,
      )
      .all(accountId, region, withShadows ? 1 : 0, region) as Row[];
    return rows.map(fromRow);
  },

  ofAccount(db: Db, accountId: string): TrailRecord[] {
    return (db.prepare('SELECT * FROM ct_trails WHERE account_id = ? ORDER BY home_region, name').all(accountId) as Row[]).map(fromRow);
  },

  all(db: Db): TrailRecord[] {
    return (db.prepare('SELECT * FROM ct_trails ORDER BY arn').all() as Row[]).map(fromRow);
  },

  insert(db: Db, t: TrailRecord): void {
    db.prepare(`INSERT INTO ct_trails (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(toParams(t));
  },

  update(db: Db, t: TrailRecord): void {
    const sets = COLUMNS.filter((c) => c !== 'arn').map((c) => `${c} = @${c}`);
    db.prepare(`UPDATE ct_trails SET ${sets.join(', ')} WHERE arn = @arn`).run(toParams(t));
  },

  /** Removes the trail with its tags and delivery state. */
  delete(db: Db, arn: string): void {
    db.prepare('DELETE FROM ct_trails WHERE arn = ?').run(arn);
    for (const table of ['ct_logging_intervals', 'ct_delivery_state', 'ct_delivery_cursors', 'ct_planned_files', 'ct_digest_chains']) {
      db.prepare(`DELETE FROM ${table} WHERE trail_arn = ?`).run(arn);
    }
    db.prepare('DELETE FROM ct_tags WHERE resource_arn = ?').run(arn);
  },

  /** `seq`: the sequence number the StartLogging call's own event will get (the first event logged). */
  startInterval(db: Db, arn: string, at: number, seq?: number): void {
    db.prepare('INSERT OR IGNORE INTO ct_logging_intervals (trail_arn, started_at, start_seq) VALUES (?, ?, ?)').run(arn, at, seq ?? null);
  },

  /** `seq`: the sequence number the StopLogging call's own event will get (the last event logged). */
  stopInterval(db: Db, arn: string, at: number, seq?: number): void {
    db.prepare('UPDATE ct_logging_intervals SET stopped_at = ?, stop_seq = ? WHERE trail_arn = ? AND stopped_at IS NULL').run(
      at,
      seq ?? null,
      arn,
    );
  },

  /** [start, stop] windows in which the trail was logging (stop undefined while it still is), by time and by seq. */
  intervals(db: Db, arn: string): LoggingInterval[] {
    const rows = db
      .prepare('SELECT started_at, stopped_at, start_seq, stop_seq FROM ct_logging_intervals WHERE trail_arn = ? ORDER BY started_at')
      .all(arn) as Array<{ started_at: number; stopped_at: number | null; start_seq: number | null; stop_seq: number | null }>;
    return rows.map((r) => ({ start: r.started_at, stop: opt(r.stopped_at), startSeq: opt(r.start_seq), stopSeq: opt(r.stop_seq) }));
  },
};
