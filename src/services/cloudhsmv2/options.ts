/** How long each asynchronous step takes, and the service quotas. */
export interface Timings {
  clusterCreate: number;
  clusterInitialize: number;
  clusterDelete: number;
  clusterModify: number;
  hsmCreate: number;
  hsmDelete: number;
  backupCreate: number;
  backupCopy: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/** Tests and demos: every step within 0.5–2 s. */
export const FAST_TIMINGS: Timings = {
  clusterCreate: 500,
  clusterInitialize: 500,
  clusterDelete: 500,
  clusterModify: 1000,
  hsmCreate: 1000,
  hsmDelete: 500,
  backupCreate: 500,
  backupCopy: 1000,
};

/**
 * Close to what AWS takes [I: AWS publishes no durations; the user guide says cluster and HSM creation
 * take "several minutes", and an HSM type migration ~30 minutes per HSM].
 */
export const AWS_TIMINGS: Timings = {
  clusterCreate: 2 * MINUTE,
  clusterInitialize: 5 * MINUTE,
  clusterDelete: 2 * MINUTE,
  clusterModify: 30 * MINUTE,
  hsmCreate: 10 * MINUTE,
  hsmDelete: 5 * MINUTE,
  backupCreate: 10 * MINUTE,
  backupCopy: 15 * MINUTE,
};

/** AWS's default quotas (limits page): clusters and HSMs per account per region are adjustable. */
export interface Quotas {
  clustersPerRegion: number;
  hsmsPerRegion: number;
  hsmsPerCluster: number;
  tagsPerResource: number;
}

export const DEFAULT_QUOTAS: Quotas = { clustersPerRegion: 4, hsmsPerRegion: 6, hsmsPerCluster: 28, tagsPerResource: 50 };

export interface CloudHsmOptions {
  timings?: 'fast' | 'aws' | Timings;
  quotas?: Partial<Quotas>;
  /** hsm1.medium is end-of-support: AWS no longer creates clusters with it. */
  allowHsm1ForNewClusters?: boolean;
  /** Activate INITIALIZED clusters automatically after this many ms (no data-plane `cluster activate`). */
  autoActivateAfterMs?: number;
}

export interface ResolvedOptions {
  timings: Timings;
  quotas: Quotas;
  allowHsm1ForNewClusters: boolean;
  autoActivateAfterMs?: number;
}

export function resolveOptions(o: CloudHsmOptions = {}): ResolvedOptions {
  const timings = o.timings === 'aws' ? AWS_TIMINGS : o.timings === 'fast' || o.timings === undefined ? FAST_TIMINGS : o.timings;
  return {
    timings,
    quotas: { ...DEFAULT_QUOTAS, ...o.quotas },
    allowHsm1ForNewClusters: o.allowHsm1ForNewClusters ?? false,
    autoActivateAfterMs: o.autoActivateAfterMs,
  };
}

/** Backups are taken at least this often on an active cluster. */
export const BACKUP_INTERVAL = DAY;
/** DeleteBackup keeps the backup restorable for this long. */
export const PENDING_DELETION_WINDOW = 7 * DAY;
export const DEFAULT_RETENTION_DAYS = 90;
