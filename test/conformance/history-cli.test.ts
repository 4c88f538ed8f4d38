/**
 * `hsmtrail events` and `hsmtrail sql` over a running server's data directory, as an operator uses
 * them: "every failed CloudHSM call from 10.0.0.0/8 in the last hour, by whom" in one command.
 * The server believes X-Forwarded-For from 127.0.0.1 (--trusted-proxies), so calls claim their source.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';
import { clients, hsmtrail, storedRecords, type Creds } from './history-support.js';

let server: RunningServer;
let root: Creds;
let carol: Creds;
let dave: Creds;
const MISSING = 'cluster-234567abcde';

beforeAll(async () => {
  server = await startServer({ args: ['--trusted-proxies', '127.0.0.1'] });
  root = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  const { iam } = clients(server, root);
  const keyOf = async (user: string) => {
    await iam.send(new CreateUserCommand({ UserName: user }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  };
  carol = await keyOf('carol');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  dave = await keyOf('dave'); // no policy: every CloudHSM call is denied

  const from = (creds: Creds, ip?: string) => clients(server, creds, { forwardedFor: ip });
  const attempt = (p: Promise<unknown>) => p.catch(() => undefined);
  const carol10 = from(carol, '10.1.2.3');
  await carol10.hsm.send(new DescribeClustersCommand({}));
  await carol10.hsm.send(new DescribeClustersCommand({}));
  for (let i = 0; i < 3; i++) await attempt(carol10.hsm.send(new DeleteClusterCommand({ ClusterId: MISSING })));
  await attempt(carol10.iam.send(new GetUserCommand({ UserName: 'nobody' })));
  await attempt(from(root, '10.200.0.9').hsm.send(new DeleteClusterCommand({ ClusterId: MISSING })));
  await attempt(from(dave, '10.9.9.9').hsm.send(new DescribeClustersCommand({})));
  for (let i = 0; i < 2; i++) await attempt(from(carol, '192.168.5.6').hsm.send(new DeleteClusterCommand({ ClusterId: MISSING })));
  await attempt(from(dave, '192.168.5.7').hsm.send(new DescribeClustersCommand({})));
  await attempt(from(carol).hsm.send(new DeleteClusterCommand({ ClusterId: MISSING }))); // 127.0.0.1
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const QUESTION = ['--event-source', 'cloudhsm.amazonaws.com', '--errors-only', '--source-ip', '10.0.0.0/8', '--since', '1h'];
const events = (args: string[]) => hsmtrail(['events', '--data-dir', server.dataDir, ...args]);
const jsonl = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const inTen = (ip: string) => ip.startsWith('10.');

describe('hsmtrail events', () => {
  it('records the forwarded address of each call', async () => {
    const hsm = (await storedRecords(server.dataDir)).filter((r) => r.eventSource === 'cloudhsm.amazonaws.com');
    expect(hsm.map((r) => r.sourceIPAddress)).toEqual([
      '10.1.2.3',
      '10.1.2.3',
      '10.1.2.3',
      '10.1.2.3',
      '10.1.2.3',
      '10.200.0.9',
      '10.9.9.9',
      '192.168.5.6',
      '192.168.5.6',
      '192.168.5.7',
      '127.0.0.1',
    ]);
  });

  it('answers "every failed CloudHSM call from 10.0.0.0/8 in the last hour, by whom" as a table', async () => {
    const lines = (await events(QUESTION)).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+USER\s+SOURCE IP\s+REGION\s+EVENT\s+ERROR$/);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows.map(([, user, ip, , event, error]) => [user, ip, event, error])).toEqual([
      ['carol', '10.1.2.3', 'cloudhsm:DeleteCluster', 'CloudHsmResourceNotFoundException'],
      ['carol', '10.1.2.3', 'cloudhsm:DeleteCluster', 'CloudHsmResourceNotFoundException'],
      ['carol', '10.1.2.3', 'cloudhsm:DeleteCluster', 'CloudHsmResourceNotFoundException'],
      ['root', '10.200.0.9', 'cloudhsm:DeleteCluster', 'CloudHsmResourceNotFoundException'],
      ['dave', '10.9.9.9', 'cloudhsm:DescribeClusters', 'AccessDeniedException'],
    ]);
  });

  it('prints the same events as a JSON array and as JSON lines, exactly the stored records', async () => {
    const want = (await storedRecords(server.dataDir)).filter(
      (r) => r.eventSource === 'cloudhsm.amazonaws.com' && r.errorCode && inTen(r.sourceIPAddress),
    );
    expect(want).toHaveLength(5);
    expect(JSON.parse(await events([...QUESTION, '--output', 'json']))).toEqual(want);
    expect(jsonl(await events([...QUESTION, '--output', 'jsonl']))).toEqual(want);
    const byUser = jsonl(await events([...QUESTION, '--output', 'jsonl', '--user', 'carol']));
    expect(byUser.map((r) => r.userIdentity.arn)).toEqual(Array(3).fill(`arn:aws:iam::${server.accountId}:user/carol`));
  });

  it('asks a running server the same question when no data directory is given (SigV4, IAM-checked)', async () => {
    const remote = (creds: Creds, args: string[]) =>
      run(
        process.execPath,
        [resolve(import.meta.dirname, '../../bin/hsmtrail.js'), 'events', ...args],
        server.awsEnv({ AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, HSMTRAIL_DATA_DIR: '' }),
      );
    const offline = jsonl(await events([...QUESTION, '--output', 'jsonl']));
    const asked = await remote(root, [...QUESTION, '--output', 'jsonl']);
    expect(asked.stderr).toBe('');
    expect(jsonl(asked.stdout)).toEqual(offline);
    const denied = await remote(dave, QUESTION);
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toContain('SearchEvents failed: AccessDeniedException: User: arn:aws:iam::');
    expect(denied.stderr).toContain('is not authorized to perform: hsmtrail:SearchEvents');
  });

  it('narrows by address, time and limit', async () => {
    const exact = jsonl(await events(['--source-ip', '192.168.5.6', '--output', 'jsonl']));
    expect(exact.map((r) => [r.eventName, r.errorCode])).toEqual([
      ['DeleteCluster', 'CloudHsmResourceNotFoundException'],
      ['DeleteCluster', 'CloudHsmResourceNotFoundException'],
    ]);
    expect(await events([...QUESTION, '--output', 'jsonl', '--since', new Date(Date.now() + 60_000).toISOString()])).toBe('');
    const newest = jsonl(await events([...QUESTION, '--output', 'jsonl', '--limit', '2']));
    expect(newest.map((r) => r.sourceIPAddress)).toEqual(['10.200.0.9', '10.9.9.9']);
    const bad = events(['--source-ip', '10.0.0.0/33']);
    await expect(bad).rejects.toThrow(/CIDR/);
  });

  it('--follow prints a new event as it is recorded', async () => {
    const bin = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
    const child = spawn(process.execPath, [
      bin,
      'events',
      '--data-dir',
      server.dataDir,
      '--follow',
      '--output',
      'jsonl',
      '--source-ip',
      '10.0.0.0/8',
      '--event-name',
      'GetCallerIdentity',
      '--interval',
      '100',
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(out).toBe('');
      await clients(server, carol, { forwardedFor: '10.4.4.4' }).sts.send(new GetCallerIdentityCommand({}));
      await clients(server, carol, { forwardedFor: '192.168.4.4' }).sts.send(new GetCallerIdentityCommand({}));
      // A cap: the follower may still be starting (a Node start-up) on a loaded machine.
      const deadline = Date.now() + 60_000;
      while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 400));
      const lines = jsonl(out);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ eventName: 'GetCallerIdentity', sourceIPAddress: '10.4.4.4', userIdentity: { userName: 'carol' } });
    } finally {
      child.kill('SIGINT');
    }
  }, 120_000);
});

describe('hsmtrail sql', () => {
  const QUERY = 'SELECT useridentity.arn AS arn, eventname, count(*) AS n FROM cloudtrail GROUP BY arn, eventname ORDER BY arn, eventname';

  /** The same counts computed from the stored records. */
  async function counted(): Promise<[string, string, number][]> {
    const counts = new Map<string, number>();
    for (const r of await storedRecords(server.dataDir)) {
      const key = JSON.stringify([r.userIdentity.arn, r.eventName]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts]
      .map(([k, n]) => [...JSON.parse(k), n] as [string, string, number])
      .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  }

  it('counts calls per user and event name, as CSV', async () => {
    const csv = (await hsmtrail(['sql', '--data-dir', server.dataDir, '--output', 'csv', QUERY])).trimEnd().split('\n');
    expect(csv[0]).toBe('arn,eventname,n');
    const rows = csv.slice(1).map((l) => l.split(','));
    const want = await counted();
    expect(rows).toEqual(want.map(([arn, name, n]) => [arn, name, String(n)]));
    expect(rows).toContainEqual([`arn:aws:iam::${server.accountId}:user/carol`, 'DeleteCluster', '6']);
    expect(rows).toContainEqual([`arn:aws:iam::${server.accountId}:user/dave`, 'DescribeClusters', '2']);
  });

  it('answers the same as JSON', async () => {
    const rows = JSON.parse(await hsmtrail(['sql', '--data-dir', server.dataDir, '--output', 'json', QUERY]));
    const want = await counted();
    expect(rows.map((r: any) => [r.arn, r.eventname, Number(r.n)])).toEqual(want);
  });

  it('filters failed calls from 10.0.0.0/8 by error code', async () => {
    const q =
      "SELECT useridentity.username AS who, errorcode, count(*) AS n FROM cloudtrail WHERE eventsource = 'cloudhsm.amazonaws.com' AND errorcode IS NOT NULL AND sourceipaddress LIKE '10.%' GROUP BY 1, 2 ORDER BY 1";
    const rows = JSON.parse(await hsmtrail(['sql', '--data-dir', server.dataDir, '--output', 'json', q]));
    expect(rows.map((r: any) => [r.who, r.errorcode, Number(r.n)])).toEqual([
      ['carol', 'CloudHsmResourceNotFoundException', 3],
      ['dave', 'AccessDeniedException', 1],
      [null, 'CloudHsmResourceNotFoundException', 1],
    ]);
  });
});
