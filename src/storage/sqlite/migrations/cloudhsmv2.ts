import type { Migration } from '../database.js';

export const CLOUDHSM_MODULE = 'cloudhsmv2';

/**
 * CloudHSM v2 state. Times are epoch milliseconds. `transition_due_at` is when the lifecycle worker
 * moves an *_IN_PROGRESS resource on, so pending transitions survive a restart.
 */
export const cloudhsmMigrations: Migration[] = [
  {
    version: 1,
    name: 'clusters, hsms, backups, tags, pki roots',
    up: `
      CREATE TABLE cloudhsm_clusters (
        cluster_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL, create_time INTEGER NOT NULL,
        state TEXT NOT NULL, state_message TEXT, transition_due_at INTEGER,
        hsm_type TEXT NOT NULL, previous_hsm_type TEXT, rollback_expiration INTEGER, mode TEXT NOT NULL,
        network_type TEXT NOT NULL, vpc_id TEXT NOT NULL, security_group TEXT NOT NULL, subnet_mapping TEXT NOT NULL,
        retention_days INTEGER NOT NULL, source_backup_id TEXT, cluster_key TEXT, cluster_csr TEXT, hsm_certificate TEXT,
        aws_hardware_certificate TEXT, manufacturer_hardware_certificate TEXT, cluster_certificate TEXT, trust_anchor TEXT,
        next_backup_at INTEGER);
      CREATE INDEX cloudhsm_clusters_list ON cloudhsm_clusters (account_id, region, create_time, cluster_id);
      CREATE INDEX cloudhsm_clusters_due ON cloudhsm_clusters (transition_due_at) WHERE transition_due_at IS NOT NULL;
      CREATE INDEX cloudhsm_clusters_backup_due ON cloudhsm_clusters (next_backup_at) WHERE next_backup_at IS NOT NULL;

      CREATE TABLE cloudhsm_hsms (
        hsm_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL REFERENCES cloudhsm_clusters (cluster_id),
        account_id TEXT NOT NULL, region TEXT NOT NULL, create_time INTEGER NOT NULL,
        availability_zone TEXT NOT NULL, subnet_id TEXT NOT NULL, eni_id TEXT NOT NULL, eni_ip TEXT NOT NULL,
        hsm_type TEXT NOT NULL, state TEXT NOT NULL, state_message TEXT, transition_due_at INTEGER);
      CREATE INDEX cloudhsm_hsms_cluster ON cloudhsm_hsms (cluster_id, create_time);
      CREATE INDEX cloudhsm_hsms_region ON cloudhsm_hsms (account_id, region);
      CREATE INDEX cloudhsm_hsms_due ON cloudhsm_hsms (transition_due_at) WHERE transition_due_at IS NOT NULL;

      CREATE TABLE cloudhsm_backups (
        backup_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, region TEXT NOT NULL, cluster_id TEXT,
        create_time INTEGER NOT NULL, state TEXT NOT NULL, transition_due_at INTEGER, delete_time INTEGER,
        never_expires INTEGER NOT NULL DEFAULT 0, hsm_type TEXT NOT NULL, mode TEXT NOT NULL, cluster_certificate TEXT,
        source_region TEXT, source_backup TEXT, source_cluster TEXT, copy_time INTEGER, policy TEXT);
      CREATE INDEX cloudhsm_backups_list ON cloudhsm_backups (account_id, region, create_time, backup_id);
      CREATE INDEX cloudhsm_backups_cluster ON cloudhsm_backups (cluster_id, create_time);
      CREATE INDEX cloudhsm_backups_due ON cloudhsm_backups (transition_due_at) WHERE transition_due_at IS NOT NULL;
      CREATE INDEX cloudhsm_backups_purge ON cloudhsm_backups (delete_time) WHERE delete_time IS NOT NULL;

      CREATE TABLE cloudhsm_tags (
        resource_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_id, key));

      CREATE TABLE cloudhsm_pki_roots (
        name TEXT PRIMARY KEY, certificate_pem TEXT NOT NULL, private_key_pem TEXT NOT NULL);
    `,
  },
  {
    // CreateCluster's quota check read up to `quota` index entries per call (COUNT over the account's
    // clusters): with a large quota, every create cost as much as the clusters already there. The
    // number of clusters per account and region is kept by triggers, in the same transaction as the
    // row, so the check is one primary-key read however many clusters exist. (A cluster's account and
    // region never change: ClusterChanges has neither.)
    version: 2,
    name: 'cluster counts per account and region',
    up: `
      CREATE TABLE cloudhsm_cluster_counts (
        account_id TEXT NOT NULL, region TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (account_id, region)) WITHOUT ROWID;
      INSERT INTO cloudhsm_cluster_counts (account_id, region, n)
        SELECT account_id, region, COUNT(*) FROM cloudhsm_clusters GROUP BY account_id, region;
      CREATE TRIGGER cloudhsm_clusters_count_insert AFTER INSERT ON cloudhsm_clusters BEGIN
        INSERT INTO cloudhsm_cluster_counts (account_id, region, n) VALUES (NEW.account_id, NEW.region, 1)
          ON CONFLICT (account_id, region) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER cloudhsm_clusters_count_delete AFTER DELETE ON cloudhsm_clusters BEGIN
        UPDATE cloudhsm_cluster_counts SET n = n - 1 WHERE account_id = OLD.account_id AND region = OLD.region;
      END;
    `,
  },
];
