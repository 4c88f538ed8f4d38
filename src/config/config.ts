import { resolve } from 'node:path';
import { parseFreeSpace, type FreeSpaceSpec } from '../storage/free-space.js';

/**
 * Below this much free space writes are refused (503, retryable). 256 MiB leaves room for what is already
 * under way when the threshold is crossed — up to 16 MiB request bodies and streamed uploads in flight, the
 * WAL until its next checkpoint, trail deliveries — and about half an hour of events at 100 calls/s for an
 * operator to react to /health, while a small build or CI machine with a few hundred MiB free still runs.
 */
export const DEFAULT_MIN_FREE_SPACE = '256MiB';

/** Validated server configuration. Built by loadConfig; never read at import time. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  accountId?: string;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel: string;
  defaultRegion: string;
  trustedProxies: string[];
  maxBodyBytes: number;
  maxHeaderBytes: number;
  durability: 'normal' | 'full';
  /** A postgres:// URL: keep the store in that PostgreSQL database (several nodes may share it) instead of SQLite. */
  database?: string;
  /** How long CloudHSM's asynchronous steps take: fast for local work, aws for realistic durations. */
  timings: 'fast' | 'aws';
  /** Activate initialized clusters automatically (on AWS this is done through the HSM's own CLI). */
  autoActivate: boolean;
  /** Where trails deliver: the built-in bucket store unless an external S3-compatible endpoint is set. */
  delivery: { endpoint?: string; region?: string; accessKeyId?: string; secretAccessKey?: string };
  /** How often trails deliver batched log files (CloudTrail: about every 5 minutes; default here 60 s). */
  deliveryIntervalSeconds: number;
  /** Digest period (CloudTrail: one hour). */
  digestPeriodSeconds: number;
  /** How long events are kept: LookupEvents hides older ones and the purge deletes them (CloudTrail: 90 days). */
  retentionMs: number;
  /** The background purge's pace (hidden, env only; tests shorten the interval). */
  purge: { intervalMs: number; batchSize: number };
  /** The event store's background record compression (hidden, env only): how old a record gets first, and its pace. */
  compaction?: { ageMs: number; intervalMs: number; batchSize: number };
  /** Emulate LookupEvents' 2 requests per second limit (ThrottlingException). */
  lookupEventsThrottle: boolean;
  /** Refuse writes below this much free space on the data (and bucket) directory's filesystem. */
  minFreeSpace: FreeSpaceSpec;
  /** Hidden (env only): CloudHSM clusters per account per region, for tests and benchmarks; AWS's default otherwise. */
  cloudHsmClusterQuota?: number;
  /** Connection limits at the socket edge (hidden, env only; tests shorten them). */
  edge: EdgeLimits;
  /** Bucket lifecycle worker (hidden, env only): how often it runs, and how far its clock is moved. */
  lifecycle: { intervalMs: number; clockOffsetMs: number };
  /**
   * EventBridge (hidden, env only): how often the CloudTrail bus worker polls the event sequence, how retries are
   * spaced (exponential from retryBaseMs, capped at retryMaxMs, jittered), and the per-region invocations quota.
   */
  eventBridge: { pollMs: number; retryBaseMs: number; retryMaxMs: number; invocationsPerSecond: number };
}

export interface EdgeLimits {
  /** A request body the client stops sending for this long is answered RequestTimeout (S3: about 20 s). */
  bodyIdleTimeoutMs: number;
  /** Complete request headers must arrive within this long (slowloris), else 408 and close. */
  headersTimeoutMs: number;
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
}

export class ConfigError extends Error {}

/** Options as commander hands them over (strings), before validation. */
export interface RawServeOptions {
  host?: string;
  port?: string;
  dataDir?: string;
  accountId?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
  region?: string;
  trustedProxies?: string;
  durability?: string;
  database?: string;
  timings?: string;
  autoActivate?: boolean;
  deliveryEndpoint?: string;
  deliveryRegion?: string;
  deliveryInterval?: string;
  digestPeriod?: string;
  retention?: string;
  retentionDays?: string;
  throttleLookupEvents?: boolean;
  minFreeSpace?: string;
}

/** Flags win over HSMTRAIL_* environment variables, which win over defaults. */
export function loadConfig(flags: RawServeOptions, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (flag: string | undefined, name: string) => flag ?? env[`HSMTRAIL_${name}`];
  const port = Number(pick(flags.port, 'PORT') ?? 4599);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`invalid port '${pick(flags.port, 'PORT')}': use a number from 0 to 65535`);
  const accountId = pick(flags.accountId, 'ACCOUNT_ID');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new ConfigError(`invalid account id '${accountId}': it must be 12 digits`);
  const tlsCert = pick(flags.tlsCert, 'TLS_CERT');
  const tlsKey = pick(flags.tlsKey, 'TLS_KEY');
  if (Boolean(tlsCert) !== Boolean(tlsKey)) throw new ConfigError('--tls-cert and --tls-key must be given together');
  const durability = pick(flags.durability, 'DURABILITY') ?? 'normal';
  if (durability !== 'normal' && durability !== 'full') throw new ConfigError(`invalid durability '${durability}': use normal or full`);
  const database = databaseUrl(pick(flags.database, 'DATABASE_URL'));
  const timings = pick(flags.timings, 'TIMINGS') ?? 'fast';
  if (timings !== 'fast' && timings !== 'aws') throw new ConfigError(`invalid timings '${timings}': use fast or aws`);
  const clusterQuota = env.HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA;
  if (clusterQuota !== undefined && !/^[1-9]\d{0,6}$/.test(clusterQuota))
    throw new ConfigError(`invalid HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA '${clusterQuota}': use a positive integer`);
  const logLevel = pick(flags.logLevel, 'LOG_LEVEL') ?? 'info';
  const seconds = (value: string | undefined, name: string, fallback: number) => {
    const n = Number(value ?? fallback);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`invalid ${name} '${value}': use a positive number of seconds`);
    return n;
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    throw new ConfigError(`invalid log level '${logLevel}'`);
  const positive = (name: string, fallback: number) => {
    const value = env[`HSMTRAIL_${name}`];
    if (value === undefined) return fallback;
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new ConfigError(`invalid HSMTRAIL_${name} '${value}': use a positive integer`);
    return Number(value);
  };
  const minFreeSpaceText = pick(flags.minFreeSpace, 'MIN_FREE_SPACE') ?? DEFAULT_MIN_FREE_SPACE;
  const minFreeSpace = parseFreeSpace(minFreeSpaceText);
  if (!minFreeSpace)
    throw new ConfigError(
      `invalid min free space '${minFreeSpaceText}': use a size such as 512MiB or 2GB, or a percentage below 100 such as 5%`,
    );
  const clockOffset = env.HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS ?? '0';
  if (!/^-?\d{1,15}$/.test(clockOffset))
    throw new ConfigError(`invalid HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS '${clockOffset}': use an integer`);
  return {
    host: pick(flags.host, 'HOST') ?? '127.0.0.1',
    port,
    dataDir: resolve(pick(flags.dataDir, 'DATA_DIR') ?? '.hsmtrail'),
    accountId,
    rootAccessKeyId: env.HSMTRAIL_ROOT_ACCESS_KEY_ID,
    rootSecretAccessKey: env.HSMTRAIL_ROOT_SECRET_ACCESS_KEY,
    tlsCert,
    tlsKey,
    logLevel,
    defaultRegion: pick(flags.region, 'REGION') ?? 'us-east-1',
    trustedProxies: (pick(flags.trustedProxies, 'TRUSTED_PROXIES') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxBodyBytes: 16 * 1024 * 1024,
    maxHeaderBytes: 16 * 1024,
    durability,
    database,
    timings,
    autoActivate: flags.autoActivate ?? env.HSMTRAIL_AUTO_ACTIVATE === 'true',
    delivery: {
      endpoint: pick(flags.deliveryEndpoint, 'DELIVERY_ENDPOINT'),
      region: pick(flags.deliveryRegion, 'DELIVERY_REGION'),
      // Credentials for an external bucket come only from the environment, never from flags (shell history).
      accessKeyId: env.HSMTRAIL_DELIVERY_ACCESS_KEY_ID,
      secretAccessKey: env.HSMTRAIL_DELIVERY_SECRET_ACCESS_KEY,
    },
    deliveryIntervalSeconds: seconds(pick(flags.deliveryInterval, 'DELIVERY_INTERVAL'), 'delivery interval', 60),
    digestPeriodSeconds: seconds(pick(flags.digestPeriod, 'DIGEST_PERIOD'), 'digest period', 3600),
    retentionMs: retention(flags, env),
    purge: { intervalMs: positive('PURGE_INTERVAL_MS', 60_000), batchSize: positive('PURGE_BATCH', 500) },
    compaction: {
      ageMs: positive('COMPACT_AGE_MS', 10 * 60_000),
      intervalMs: positive('COMPACT_INTERVAL_MS', 5_000),
      batchSize: positive('COMPACT_BATCH', 200),
    },
    lookupEventsThrottle: flags.throttleLookupEvents ?? env.HSMTRAIL_THROTTLE_LOOKUP_EVENTS === 'true',
    minFreeSpace,
    cloudHsmClusterQuota: clusterQuota === undefined ? undefined : Number(clusterQuota),
    edge: {
      bodyIdleTimeoutMs: positive('BODY_IDLE_TIMEOUT_MS', 20_000),
      headersTimeoutMs: positive('HEADERS_TIMEOUT_MS', 60_000),
      maxConnections: positive('MAX_CONNECTIONS', 1024),
    },
    lifecycle: { intervalMs: positive('LIFECYCLE_INTERVAL_MS', 60_000), clockOffsetMs: Number(clockOffset) },
    eventBridge: {
      pollMs: positive('EVENTBRIDGE_POLL_MS', 100),
      retryBaseMs: positive('EVENTBRIDGE_RETRY_BASE_MS', 1000),
      // A 15-minute cap spreads the default 185 retries over about the default 24 hours.
      retryMaxMs: positive('EVENTBRIDGE_RETRY_MAX_MS', 15 * 60_000),
      // EventBridge quotas: "Invocations throttle limit in transactions per second" (18,750 in the largest regions).
      invocationsPerSecond: positive('EVENTBRIDGE_INVOCATIONS_PER_SECOND', 18_750),
    },
  };
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** `--retention 90d|12h|30m` (seconds too, for tests); `--retention-days N` is the older spelling. */
function retention(flags: RawServeOptions, env: NodeJS.ProcessEnv): number {
  const duration = flags.retention ?? (flags.retentionDays === undefined ? env.HSMTRAIL_RETENTION : undefined);
  if (duration !== undefined) {
    const m = /^(\d+(?:\.\d+)?)([dhms])$/.exec(duration.trim());
    if (!m || Number(m[1]) <= 0) throw new ConfigError(`invalid retention '${duration}': use a duration such as 90d, 12h or 30m`);
    return Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  const days = flags.retentionDays ?? env.HSMTRAIL_RETENTION_DAYS ?? '90';
  const n = Number(days);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`invalid retention days '${days}': use a positive number of days`);
  return n * UNIT_MS.d!;
}

/**
 * The PostgreSQL store's URL, checked before anything connects. The message never echoes the URL: it
 * may hold a password.
 */
export function databaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const usage = 'use postgres://user:password@host:5432/database';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`invalid --database / HSMTRAIL_DATABASE_URL: not a URL (${usage})`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new ConfigError(`invalid --database / HSMTRAIL_DATABASE_URL: the scheme is '${url.protocol}', not postgres: (${usage})`);
  if (!url.hostname && !url.searchParams.get('host'))
    throw new ConfigError(`invalid --database / HSMTRAIL_DATABASE_URL: it names no host (${usage})`);
  if (url.pathname.length <= 1) throw new ConfigError(`invalid --database / HSMTRAIL_DATABASE_URL: it names no database (${usage})`);
  return value;
}
