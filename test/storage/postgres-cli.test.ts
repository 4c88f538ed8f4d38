import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';
import { run } from '../support/tools.js';

/**
 * The offline CLI on PostgreSQL: two in-process nodes (full apps on one database) record calls, and the
 * real `hsmtrail` binary (dist/, `npm run build`) reads that database with --database or
 * HSMTRAIL_DATABASE_URL. Under CI=true missing PostgreSQL binaries fail (hasPostgres), never skip.
 */
const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

describe.skipIf(!hasPostgres())('hsmtrail CLI on a PostgreSQL store shared by two nodes', { timeout: 120_000 }, () => {
  let url: string;
  const nodes: GatewayHarness[] = [];
  const empty = mkdtempSync(join(tmpdir(), 'hsmtrail-cli-pg-'));
  // No HSMTRAIL_DATA_DIR from the caller's environment: the store is named only as each test says.
  const env = (extra: Record<string, string> = {}) => {
    const base = { ...process.env };
    delete base.HSMTRAIL_DATA_DIR;
    delete base.HSMTRAIL_DATABASE_URL;
    return { ...base, ...extra };
  };
  const cli = (args: string[], extra?: Record<string, string>) => run(process.execPath, [BIN, ...args], env(extra), undefined, 60_000);
  const names = (jsonl: string) =>
    jsonl
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.eventName === 'CreateUser')
      .map((r) => r.requestParameters.userName)
      .sort();

  beforeAll(async () => {
    url = await createDatabase();
    for (const user of ['from-node-a', 'from-node-b']) {
      const node = await gatewayHarness({ flags: { database: url } });
      nodes.push(node);
      await new IAMClient(node.clientConfig()).send(new CreateUserCommand({ UserName: user }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const n of nodes) await n.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('`hsmtrail events --database` lists the events every node recorded', async () => {
    const r = await cli(['events', '--database', url, '--event-name', 'CreateUser', '--output', 'jsonl']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(names(r.stdout)).toEqual(['from-node-a', 'from-node-b']);
  });

  it('HSMTRAIL_DATABASE_URL does the same, in the table form', async () => {
    const r = await cli(['events', '--event-name', 'CreateUser'], { HSMTRAIL_DATABASE_URL: url });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('CreateUser'))).toHaveLength(2);
  });

  it('`hsmtrail sql --database` runs SQL over every node’s events', async () => {
    const query = "SELECT requestparameters FROM cloudtrail WHERE eventname = 'CreateUser' ORDER BY eventtime";
    const r = await cli(['sql', '--database', url, '--output', 'json', query]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const users = (JSON.parse(r.stdout) as Array<{ requestparameters: string }>).map((row) => JSON.parse(row.requestparameters).userName);
    expect(users.sort()).toEqual(['from-node-a', 'from-node-b']);
  });

  it('a bad --database is refused with the URL form to use, never echoed', async () => {
    const r = await cli(['events', '--database', 'mysql://u:secret-pw@h/db']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the scheme is 'mysql:', not postgres:");
    expect(r.stderr).not.toContain('secret-pw');
  });

  it('validate-logs with --database asks for a node’s data dir (its master key) instead of making one', async () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t';
    const r = await cli([
      'validate-logs',
      '--trail-arn',
      arn,
      '--start-time',
      '2026-01-01T00:00:00Z',
      '--database',
      url,
      '--data-dir',
      empty,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no master.key in '${empty}': with --database, pass --data-dir of one of the server's nodes`);
  });
});
