import type { LoggingInterval, StoredSelectors, TrailRecord, TrailTag } from '../../audit/trails/trail.js';
import type { TrailRepository } from '../ports/trails.js';
import type { Db } from './database.js';

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

interface IntervalRow {
  started_at: number;
  stopped_at: number | null;
  start_seq: number | null;
  stop_seq: number | null;
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

function toRow(t: TrailRecord): Row {
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

const COLUMNS = Object.keys(toRow({} as TrailRecord));
const INSERT = `INSERT INTO ct_trails (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE = `UPDATE ct_trails SET ${COLUMNS.filter((c) => c !== 'arn')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE arn = @arn`;

/** Trails in ct_trails, their logging intervals in ct_logging_intervals, tags in ct_tags. */
export class SqliteTrailRepository implements TrailRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<TrailRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM ct_trails WHERE arn = ?').get(arn) as Row | undefined;
    return row && fromRow(row);
  }

  async inRegion(accountId: string, region: string, withShadows: boolean): Promise<TrailRecord[]> {
    return this.many(
      'SELECT * FROM ct_trails WHERE account_id = ? AND (home_region = ? OR (? AND multi_region = 1)) ORDER BY home_region <> ?, name',
      accountId,
      region,
      withShadows ? 1 : 0,
      region,
    );
  }

  async ofAccount(accountId: string): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails WHERE account_id = ? ORDER BY home_region, name', accountId);
  }

  async all(): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails ORDER BY arn');
  }

  async loggingWithSelectors(): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails WHERE is_logging = 1 AND selectors IS NOT NULL ORDER BY arn');
  }

  async insert(trail: TrailRecord): Promise<void> {
    this.db.prepare(INSERT).run(toRow(trail));
  }

  async update(trail: TrailRecord): Promise<void> {
    this.db.prepare(UPDATE).run(toRow(trail));
  }

  async delete(arn: string): Promise<void> {
    this.db.prepare('DELETE FROM ct_trails WHERE arn = ?').run(arn);
    this.db.prepare('DELETE FROM ct_logging_intervals WHERE trail_arn = ?').run(arn);
    this.db.prepare('DELETE FROM ct_tags WHERE resource_arn = ?').run(arn);
  }

  async startInterval(arn: string, at: number, seq?: number): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO ct_logging_intervals (trail_arn, started_at, start_seq) VALUES (?, ?, ?)')
      .run(arn, at, seq ?? null);
  }

  async stopInterval(arn: string, at: number, seq?: number): Promise<void> {
    this.db
      .prepare('UPDATE ct_logging_intervals SET stopped_at = ?, stop_seq = ? WHERE trail_arn = ? AND stopped_at IS NULL')
      .run(at, seq ?? null, arn);
  }

  async intervals(arn: string): Promise<LoggingInterval[]> {
    const rows = this.db
      .prepare('SELECT started_at, stopped_at, start_seq, stop_seq FROM ct_logging_intervals WHERE trail_arn = ? ORDER BY started_at')
      .all(arn) as IntervalRow[];
    return rows.map((r) => ({ start: r.started_at, stop: opt(r.stopped_at), startSeq: opt(r.start_seq), stopSeq: opt(r.stop_seq) }));
  }

  async tags(arn: string): Promise<TrailTag[]> {
    return this.db.prepare('SELECT key, value FROM ct_tags WHERE resource_arn = ? ORDER BY key').all(arn) as TrailTag[];
  }

  async putTags(arn: string, tags: TrailTag[]): Promise<number> {
    const upsert = this.db.prepare(
      'INSERT INTO ct_tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value',
    );
    for (const t of tags) upsert.run(arn, t.key, t.value);
    return this.db.prepare('SELECT COUNT(*) FROM ct_tags WHERE resource_arn = ?').pluck().get(arn) as number;
  }

  async removeTags(arn: string, tags: Array<{ key: string; value?: string }>): Promise<void> {
    const remove = this.db.prepare('DELETE FROM ct_tags WHERE resource_arn = ? AND key = ? AND (? IS NULL OR value = ?)');
    for (const t of tags) remove.run(arn, t.key, t.value ?? null, t.value ?? null);
  }

  private many(sql: string, ...params: unknown[]): TrailRecord[] {
    return (this.db.prepare(sql).all(...params) as Row[]).map(fromRow);
  }
}
