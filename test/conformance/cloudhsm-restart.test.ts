/**
 * Lifecycle state lives in the data dir: a cluster caught CREATE_IN_PROGRESS by a SIGTERM finishes
 * creating after the server starts again on the same directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudHSMV2Client, CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../support/server.js';
import { defaultSubnets, pollUntil } from './cloudhsm-helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-restart-'));
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (s: RunningServer) => new CloudHSMV2Client({ endpoint: s.endpoint, region: 'us-east-1', credentials: s, maxAttempts: 1 });

describe('CloudHSM state across a restart', () => {
  it('a cluster interrupted in CREATE_IN_PROGRESS reaches UNINITIALIZED after the restart', async () => {
    server = await startServer({ dataDir, args: ['--timings', 'fast'] });
    const created = await client(server).send(
      new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [(await defaultSubnets(server))[0]!.id] }),
    );
    expect(await server.stop('SIGTERM')).toBe(0);
    const id = created.Cluster!.ClusterId!;

    // What the stopped server left on disk: still creating (the 0.5 s creation had not completed).
    const db = new Database(join(dataDir, 'hsmtrail.db'), { readonly: true });
    const stored = db.prepare('SELECT state FROM cloudhsm_clusters WHERE cluster_id = ?').get(id) as { state: string };
    db.close();
    expect(stored.state).toBe('CREATE_IN_PROGRESS');

    server = await startServer({ dataDir, args: ['--timings', 'fast'] });
    const done = await pollUntil(
      () => client(server!).send(new DescribeClustersCommand({})),
      (o) => o.Clusters![0]?.State === 'UNINITIALIZED',
    );
    expect(done.Clusters!.map((c) => c.ClusterId)).toEqual([id]);
  });
});
