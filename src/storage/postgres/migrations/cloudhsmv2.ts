import { TEXT, type PgMigration } from './migrate.js';

export const CLOUDHSM_MODULE = 'cloudhsmv2';

/** CloudHSM v2 state, as SQLite's module 'cloudhsmv2'. Times are epoch milliseconds. */
export const cloudhsmMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'clusters, hsms, backups, tags, pki roots',
    up: `
      CREATE TABLE cloudhsm_clusters (
        cluster_id ${TEXT} PRIMARY KEY, account_id ${TEXT} NOT NULL, region ${TEXT} NOT NULL, create_time BIGINT NOT NULL,
        state ${TEXT} NOT NULL, state_message TEXT, transition_due_at BIGINT,
        hsm_type ${TEXT} NOT NULL, previous_hsm_type ${TEXT}, rollback_expiration BIGINT, mode ${TEXT} NOT NULL,
        network_type ${TEXT} NOT NULL, vpc_id ${TEXT} NOT NULL, security_group ${TEXT} NOT NULL, subnet_mapping TEXT NOT NULL,
        retention_days INTEGER NOT NULL, source_backup_id ${TEXT}, cluster_key TEXT, cluster_csr TEXT, hsm_certificate TEXT,
        aws_hardware_certificate TEXT, manufacturer_hardware_certificate TEXT, cluster_certificate TEXT, trust_anchor TEXT,
        next_backup_at BIGINT);
      CREATE INDEX cloudhsm_clusters_list ON cloudhsm_clusters (account_id, region, create_time, cluster_id);
      CREATE INDEX cloudhsm_clusters_due ON cloudhsm_clusters (transition_due_at) WHERE transition_due_at IS NOT NULL;
      CREATE INDEX cloudhsm_clusters_backup_due ON cloudhsm_clusters (next_backup_at) WHERE next_backup_at IS NOT NULL;

      CREATE TABLE cloudhsm_hsms (
        hsm_id ${TEXT} PRIMARY KEY, cluster_id ${TEXT} NOT NULL REFERENCES cloudhsm_clusters (cluster_id),
        account_id ${TEXT} NOT NULL, region ${TEXT} NOT NULL, create_time BIGINT NOT NULL,
        availability_zone ${TEXT} NOT NULL, subnet_id ${TEXT} NOT NULL, eni_id ${TEXT} NOT NULL, eni_ip ${TEXT} NOT NULL,
        hsm_type ${TEXT} NOT NULL, state ${TEXT} NOT NULL, state_message TEXT, transition_due_at BIGINT);
      CREATE INDEX cloudhsm_hsms_cluster ON cloudhsm_hsms (cluster_id, create_time);
      CREATE INDEX cloudhsm_hsms_region ON cloudhsm_hsms (account_id, region);
      CREATE INDEX cloudhsm_hsms_due ON cloudhsm_hsms (transition_due_at) WHERE transition_due_at IS NOT NULL;

      CREATE TABLE cloudhsm_backups (
        backup_id ${TEXT} PRIMARY KEY, account_id ${TEXT} NOT NULL, region ${TEXT} NOT NULL, cluster_id ${TEXT},
        create_time BIGINT NOT NULL, state ${TEXT} NOT NULL, transition_due_at BIGINT, delete_time BIGINT,
        never_expires BOOLEAN NOT NULL DEFAULT FALSE, hsm_type ${TEXT} NOT NULL, mode ${TEXT} NOT NULL, cluster_certificate TEXT,
        source_region ${TEXT}, source_backup ${TEXT}, source_cluster ${TEXT}, copy_time BIGINT, policy TEXT);
      CREATE INDEX cloudhsm_backups_list ON cloudhsm_backups (account_id, region, create_time, backup_id);
      CREATE INDEX cloudhsm_backups_cluster ON cloudhsm_backups (cluster_id, create_time);
      CREATE INDEX cloudhsm_backups_due ON cloudhsm_backups (transition_due_at) WHERE transition_due_at IS NOT NULL;
      CREATE INDEX cloudhsm_backups_purge ON cloudhsm_backups (delete_time) WHERE delete_time IS NOT NULL;

      CREATE TABLE cloudhsm_tags (
        resource_id ${TEXT} NOT NULL, key ${TEXT} NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_id, key));

      CREATE TABLE cloudhsm_pki_roots (
        name ${TEXT} PRIMARY KEY, certificate_pem TEXT NOT NULL, private_key_pem TEXT NOT NULL);
    `,
  },
  {
    // As SQLite's migration 2: the clusters per account and region, kept by a trigger in the row's
    // transaction, so CreateCluster's quota check is one key read, not a count over the clusters.
    // Writes are serialized (write-queue.ts), so the counter row is no extra point of contention.
    version: 2,
    name: 'cluster counts per account and region',
    up: `
      CREATE TABLE cloudhsm_cluster_counts (
        account_id ${TEXT} NOT NULL, region ${TEXT} NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (account_id, region));
      INSERT INTO cloudhsm_cluster_counts (account_id, region, n)
        SELECT account_id, region, COUNT(*) FROM cloudhsm_clusters GROUP BY account_id, region;
      CREATE FUNCTION cloudhsm_clusters_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO cloudhsm_cluster_counts (account_id, region, n) VALUES (NEW.account_id, NEW.region, 1)
            ON CONFLICT (account_id, region) DO UPDATE SET n = cloudhsm_cluster_counts.n + 1;
        ELSE
          UPDATE cloudhsm_cluster_counts SET n = n - 1 WHERE account_id = OLD.account_id AND region = OLD.region;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cloudhsm_clusters_count AFTER INSERT OR DELETE ON cloudhsm_clusters
        FOR EACH ROW EXECUTE FUNCTION cloudhsm_clusters_count();
    `,
  },
];
