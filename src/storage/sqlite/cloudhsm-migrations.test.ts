import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.js';
import { cloudhsmMigrations } from './migrations/cloudhsmv2.js';
import { SqliteStore } from './store.js';
import { cluster } from '../../../test/contract/cloudhsm-fixtures.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cloudhsmv2 migrations', () => {
  it('an existing data dir keeps its quota: the clusters already there are counted, then each insert and delete', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmtrail-hsmmig-'));
    const path = join(dir, 'store.db');
    // The layout before kept counts (cloudhsmv2 v1), with clusters in two regions of one account.
    const old = openDatabase(path);
    migrate(old, 'cloudhsmv2', cloudhsmMigrations.slice(0, 1));
    const insert = old.prepare(
      `INSERT INTO cloudhsm_clusters (cluster_id, account_id, region, create_time, state, hsm_type, mode, network_type, vpc_id,
        security_group, subnet_mapping, retention_days) VALUES (?, '111122223333', ?, 0, 'ACTIVE', 'hsm2m.medium', 'FIPS', 'IPV4',
        'vpc-1', 'sg-1', '{}', 90)`,
    );
    for (const [id, region] of [
      ['cluster-aaaaaaaaaaa', 'us-east-1'],
      ['cluster-bbbbbbbbbbb', 'us-east-1'],
      ['cluster-ccccccccccc', 'eu-west-1'],
    ]) {
      insert.run(id, region);
    }
    old.close();

    const store = new SqliteStore(path);
    const count = (region: string) => store.read((tx) => tx.cloudhsmClusters.count('111122223333', region, 100));
    expect([await count('us-east-1'), await count('eu-west-1'), await count('us-west-2')]).toEqual([2, 1, 0]);
    await store.write((tx) => tx.cloudhsmClusters.insert(cluster('cluster-ddddddddddd', 1)));
    await store.write((tx) => tx.cloudhsmClusters.delete('cluster-ccccccccccc'));
    expect([await count('us-east-1'), await count('eu-west-1')]).toEqual([3, 0]);
    store.close();
  });

  it('the quota check reads one key of the kept counts, not the clusters', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmtrail-hsmmig-'));
    const store = new SqliteStore(join(dir, 'store.db'));
    const plan = (
      store.db
        .prepare('EXPLAIN QUERY PLAN SELECT n FROM cloudhsm_cluster_counts WHERE account_id = ? AND region = ?')
        .all('a', 'r') as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/SEARCH cloudhsm_cluster_counts USING PRIMARY KEY \(account_id=\? AND region=\?\)/);
    store.close();
  });
});
