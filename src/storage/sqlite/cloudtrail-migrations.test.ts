import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database.js';
import { cloudtrailMigrations } from './migrations/cloudtrail.js';
import { SqliteStore } from './store.js';

const ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cloudtrail migrations', () => {
  it('an existing data dir keeps its delivery positions: they become the trail’s consumer cursors', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsmtrail-ctmig-'));
    const path = join(dir, 'store.db');
    // The layout before consumer cursors (cloudtrail v1 + v2).
    const old = openDatabase(path);
    migrate(old, 'cloudtrail', cloudtrailMigrations.slice(0, 2));
    old.prepare('INSERT INTO ct_delivery_state (trail_arn, scanned_seq, latest_delivery_time, failures) VALUES (?, 40, 7, 1)').run(ARN);
    old.prepare("INSERT INTO ct_delivery_cursors VALUES (?, 'us-east-1', 38), (?, 'eu-west-1', 40)").run(ARN, ARN);
    old.close();

    const store = new SqliteStore(path);
    expect(await store.read((tx) => tx.cursors.get(`trail:${ARN}`))).toBe(40);
    expect([...(await store.read((tx) => tx.cursors.list(`trail:${ARN}@`)))]).toEqual([
      [`trail:${ARN}@eu-west-1`, 40],
      [`trail:${ARN}@us-east-1`, 38],
    ]);
    expect(await store.read((tx) => tx.delivery.status(ARN))).toEqual({ latestDeliveryTime: 7, failures: 1, nextAttemptAt: 0 });
    const versions = store.db.prepare("SELECT version FROM schema_migrations WHERE module = 'cloudtrail' ORDER BY version").pluck().all();
    expect(versions).toEqual([1, 2, 3]);
    store.close();
  });
});
