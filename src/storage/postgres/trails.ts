import type { LoggingInterval, StoredSelectors, TrailRecord, TrailTag } from '../../audit/trails/trail.js';
import type { TrailRepository } from '../ports/trails.js';
import type { Sql } from './sql.js';

interface Row {
  arn: string;
  account_id: string;
  name: string;
  home_region: string;
  s3_bucket: string;
  s3_key_prefix: string | null;
  sns_topic_name: string | null;
  include_global: boolean;
  multi_region: boolean;
  log_validation: boolean;
  cw_log_group_arn: string | null;
  cw_role_arn: string | null;
  kms_key_id: string | null;
  organization: boolean;
  selectors: string | null;
  is_logging: boolean;
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
    includeGlobalServiceEvents: r.include_global,
    isMultiRegionTrail: r.multi_region,
    logFileValidationEnabled: r.log_validation,
    cloudWatchLogsLogGroupArn: opt(r.cw_log_group_arn),
    cloudWatchLogsRoleArn: opt(r.cw_role_arn),
    kmsKeyId: opt(r.kms_key_id),
    isOrganizationTrail: r.organization,
    selectors: r.selectors ? (JSON.parse(r.selectors) as StoredSelectors) : null,
    isLogging: r.is_logging,
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
    include_global: Boolean(t.includeGlobalServiceEvents),
    multi_region: Boolean(t.isMultiRegionTrail),
    log_validation: Boolean(t.logFileValidationEnabled),
    cw_log_group_arn: t.cloudWatchLogsLogGroupArn ?? null,
    cw_role_arn: t.cloudWatchLogsRoleArn ?? null,
    kms_key_id: t.kmsKeyId ?? null,
    organization: Boolean(t.isOrganizationTrail),
    selectors: t.selectors ? JSON.stringify(t.selectors) : null,
    is_logging: Boolean(t.isLogging),
    start_logging_time: t.startLoggingTime ?? null,
    stop_logging_time: t.stopLoggingTime ?? null,
    origin_seq: t.originSeq,
    created_at: t.createdAt,
  };
}

const COLUMNS = Object.keys(toRow({} as TrailRecord)) as Array<keyof Row>;
const INSERT = `INSERT INTO ct_trails (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
/** arn is COLUMNS[0], so $1 in both statements. */
const UPDATE = `UPDATE ct_trails SET ${COLUMNS.slice(1)
  .map((c, i) => `${c} = $${i + 2}`)
  .join(', ')} WHERE arn = $1`;
const params = (t: TrailRecord): unknown[] => {
  const row = toRow(t);
  return COLUMNS.map((c) => row[c]);
};

/** Trails in ct_trails, their logging intervals in ct_logging_intervals, tags in ct_tags. */
export class PgTrailRepository implements TrailRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<TrailRecord | undefined> {
    const row = await this.sql.one<Row>('SELECT * FROM ct_trails WHERE arn = $1', [arn]);
    return row && fromRow(row);
  }

  inRegion(accountId: string, region: string, withShadows: boolean): Promise<TrailRecord[]> {
    return this.many(
      'SELECT * FROM ct_trails WHERE account_id = $1 AND (home_region = $2 OR ($3 AND multi_region)) ORDER BY home_region <> $2, name',
      [accountId, region, withShadows],
    );
  }

  ofAccount(accountId: string): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails WHERE account_id = $1 ORDER BY home_region, name', [accountId]);
  }

  all(): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails ORDER BY arn');
  }

  loggingWithSelectors(): Promise<TrailRecord[]> {
    return this.many('SELECT * FROM ct_trails WHERE is_logging AND selectors IS NOT NULL ORDER BY arn');
  }

  async insert(trail: TrailRecord): Promise<void> {
    await this.sql.run(INSERT, params(trail));
  }

  async update(trail: TrailRecord): Promise<void> {
    await this.sql.run(UPDATE, params(trail));
  }

  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM ct_trails WHERE arn = $1', [arn]);
    await this.sql.run('DELETE FROM ct_logging_intervals WHERE trail_arn = $1', [arn]);
    await this.sql.run('DELETE FROM ct_tags WHERE resource_arn = $1', [arn]);
  }

  async startInterval(arn: string, at: number, seq?: number): Promise<void> {
    await this.sql.run(
      'INSERT INTO ct_logging_intervals (trail_arn, started_at, start_seq) VALUES ($1, $2, $3) ON CONFLICT (trail_arn, started_at) DO NOTHING',
      [arn, at, seq ?? null],
    );
  }

  async stopInterval(arn: string, at: number, seq?: number): Promise<void> {
    await this.sql.run('UPDATE ct_logging_intervals SET stopped_at = $1, stop_seq = $2 WHERE trail_arn = $3 AND stopped_at IS NULL', [
      at,
      seq ?? null,
      arn,
    ]);
  }

  async intervals(arn: string): Promise<LoggingInterval[]> {
    const rows = await this.sql.all<IntervalRow>(
      'SELECT started_at, stopped_at, start_seq, stop_seq FROM ct_logging_intervals WHERE trail_arn = $1 ORDER BY started_at',
      [arn],
    );
    return rows.map((r) => ({ start: r.started_at, stop: opt(r.stopped_at), startSeq: opt(r.start_seq), stopSeq: opt(r.stop_seq) }));
  }

  tags(arn: string): Promise<TrailTag[]> {
    return this.sql.all<TrailTag>('SELECT key, value FROM ct_tags WHERE resource_arn = $1 ORDER BY key', [arn]);
  }

  async putTags(arn: string, tags: TrailTag[]): Promise<number> {
    for (const t of tags) {
      await this.sql.run(
        `INSERT INTO ct_tags (resource_arn, key, value) VALUES ($1, $2, $3)
         ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
        [arn, t.key, t.value],
      );
    }
    const row = await this.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM ct_tags WHERE resource_arn = $1', [arn]);
    return row?.n ?? 0;
  }

  async removeTags(arn: string, tags: Array<{ key: string; value?: string }>): Promise<void> {
    for (const t of tags) {
      await this.sql.run('DELETE FROM ct_tags WHERE resource_arn = $1 AND key = $2 AND ($3::text IS NULL OR value = $3)', [
        arn,
        t.key,
        t.value ?? null,
      ]);
    }
  }

  private async many(text: string, params: unknown[] = []): Promise<TrailRecord[]> {
    return (await this.sql.all<Row>(text, params)).map(fromRow);
  }
}
