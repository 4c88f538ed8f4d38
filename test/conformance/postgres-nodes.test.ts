import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccountSummaryCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import pg from 'pg';
import { createDatabase, createEmptyDatabase, hasPostgres } from '../support/postgres.js';
import { PG_SCHEMA } from '../../src/storage/postgres/migrations/index.js';
import { run } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

/**
 * Three real `hsmtrail serve` processes on one PostgreSQL database: any node serves any request, a key
 * deleted through one node is refused by the others at their next request, event history shows every
 * node's events, the root console password set through one node signs root in on the others, and a node that does not share the first node's account and master key refuses to
 * start. Under CI=true missing PostgreSQL binaries fail (hasPostgres), never skip.
 */
describe.skipIf(!hasPostgres())('three nodes on one PostgreSQL database', { timeout: 240_000 }, () => {
  let url: string;
  const nodes: RunningServer[] = [];
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'hsmtrail-node-'));
    dirs.push(d);
    return d;
  };
  const config = (node: RunningServer, credentials?: { accessKeyId: string; secretAccessKey: string }) => ({
    endpoint: node.endpoint,
    region: 'us-east-1',
    credentials: credentials ?? { accessKeyId: node.accessKeyId, secretAccessKey: node.secretAccessKey },
    maxAttempts: 1,
  });

  beforeAll(async () => {
    url = await createDatabase();
    nodes.push(await startServer({ args: ['--database', url], dataDir: dataDir() }));
    for (let i = 0; i < 2; i++) {
      // A cluster's nodes share the first node's account.json and master.key.
      const dir = dataDir();
      for (const f of ['account.json', 'master.key']) copyFileSync(join(nodes[0]!.dataDir, f), join(dir, f));
      nodes.push(await startServer({ args: ['--database', url], dataDir: dir }));
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a node with its own account and master key refuses to start, saying what to copy', async () => {
    await expect(startServer({ args: ['--database', url], dataDir: dataDir() })).rejects.toThrow(
      /the database belongs to account \d{12}, this node hosts \d{12}: copy account\.json and master\.key/,
    );
  });

  it('a key created on one node works on every node, and once deleted on one is refused by the others', async () => {
    const [a, b, c] = nodes as [RunningServer, RunningServer, RunningServer];
    const iam = new IAMClient(config(a));
    await iam.send(new CreateUserCommand({ UserName: 'spread' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'spread', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'spread' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    for (const node of [b, c]) {
      const who = await new STSClient(config(node, creds)).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe(`arn:aws:iam::${a.accountId}:user/spread`);
    }
    await new IAMClient(config(b)).send(new DeleteAccessKeyCommand({ UserName: 'spread', AccessKeyId: key.AccessKeyId! }));
    for (const node of [a, c]) {
      await expect(new STSClient(config(node, creds)).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'InvalidClientTokenId',
      });
    }
  });

  it("each node's event history shows the calls every node recorded", async () => {
    const [a, b, c] = nodes as [RunningServer, RunningServer, RunningServer];
    const lookup = (node: RunningServer, name: string) =>
      new CloudTrailClient(config(node)).send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
      );
    for (const node of [a, b, c]) {
      expect((await lookup(node, 'CreateUser')).Events).toHaveLength(1); // recorded by a
      expect((await lookup(node, 'DeleteAccessKey')).Events).toHaveLength(1); // recorded by b
      // GetCallerIdentity: two through b and c (the user), two refused through a and c.
      expect((await lookup(node, 'GetCallerIdentity')).Events!.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('the root console password set on one node with `hsmtrail console set-root-password` (or offline with --database) signs root in on the others', async () => {
    const [a, b, c] = nodes as [RunningServer, RunningServer, RunningServer];
    const setOn = async (node: RunningServer, password: string) => {
      const set = await run(process.execPath, [BIN, 'console', 'set-root-password'], node.awsEnv(), `${password}\n`);
      expect(set.status, set.stderr).toBe(0);
    };
    const rootSignIn = async (node: RunningServer, password: string) => {
      const res = await fetch(`${node.endpoint}/console/api/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: node.endpoint },
        body: JSON.stringify({ accountId: node.accountId, password }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    expect((await rootSignIn(b, 'Root-on-A-Passw0rd!')).status).toBe(401);
    await setOn(a, 'Root-on-A-Passw0rd!');
    const signedIn = await rootSignIn(b, 'Root-on-A-Passw0rd!');
    expect(signedIn.status).toBe(200);
    expect(signedIn.json.identity).toMatchObject({ type: 'Root', accountId: a.accountId });
    const summary = await new IAMClient(config(c)).send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap!.AccountPasswordPresent).toBe(1);
    // Changed through b: a and c take only the new one at once.
    await setOn(b, 'Root-on-B-Passw0rd!');
    for (const node of [a, c]) {
      expect((await rootSignIn(node, 'Root-on-A-Passw0rd!')).status).toBe(401);
      expect((await rootSignIn(node, 'Root-on-B-Passw0rd!')).status).toBe(200);
    }
    // Offline: the store opened directly with --database (a node's data dir for the keys), as root.
    const offline = await run(
      process.execPath,
      [BIN, 'console', 'set-root-password', '--data-dir', a.dataDir, '--database', url],
      { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      'Root-offline-Passw0rd!\n',
    );
    expect(offline.status, offline.stderr).toBe(0);
    expect((await rootSignIn(c, 'Root-on-B-Passw0rd!')).status).toBe(401);
    expect((await rootSignIn(c, 'Root-offline-Passw0rd!')).status).toBe(200);
    const recorded = await new CloudTrailClient(config(c)).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'SetRootPassword' }] }),
    );
    expect(recorded.Events).toHaveLength(3);
    for (const e of recorded.Events!) {
      expect(JSON.parse(e.CloudTrailEvent!).requestParameters).toEqual({ password: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
      expect(e.CloudTrailEvent).not.toMatch(/Root-(on-[AB]|offline)-Passw0rd/);
    }
  });
});

/**
 * Two real `hsmtrail serve` processes started at the same moment on an empty database: the migrations
 * run once (each node takes the session advisory lock, the second finds them recorded) and both serve.
 */
describe.skipIf(!hasPostgres())('two nodes started together on an empty PostgreSQL database', { timeout: 240_000 }, () => {
  const dirs: string[] = [];
  const nodes: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('migrate it once, and each serves what the other wrote', async () => {
    const dir = () => {
      const d = mkdtempSync(join(tmpdir(), 'hsmtrail-node-'));
      dirs.push(d);
      return d;
    };
    // The shared account.json and master.key come from a first start on a data dir of its own.
    const seed = await startServer({ dataDir: dir() });
    await seed.stop();
    const pair = [dir(), dir()];
    for (const d of pair) for (const f of ['account.json', 'master.key']) copyFileSync(join(seed.dataDir, f), join(d, f));
    const url = await createEmptyDatabase();
    nodes.push(...(await Promise.all(pair.map((d) => startServer({ args: ['--database', url], dataDir: d })))));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ module: string; version: number; n: number }>(
        'SELECT module, version, COUNT(*)::int AS n FROM schema_migrations GROUP BY module, version ORDER BY module, version',
      );
      const expected = PG_SCHEMA.flatMap((m) => m.migrations.map((x) => ({ module: m.module, version: x.version, n: 1 })));
      expect(rows).toEqual(expected.sort((x, y) => (x.module === y.module ? x.version - y.version : x.module < y.module ? -1 : 1)));
    } finally {
      await client.end();
    }
    const [a, b] = nodes as [RunningServer, RunningServer];
    const iam = (node: RunningServer) =>
      new IAMClient({
        endpoint: node.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: node.accessKeyId, secretAccessKey: node.secretAccessKey },
        maxAttempts: 1,
      });
    await iam(a).send(new CreateUserCommand({ UserName: 'from-a' }));
    const summary = await iam(b).send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap!.Users).toBe(1);
  });
});
