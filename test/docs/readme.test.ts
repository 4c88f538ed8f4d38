import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, run } from '../support/tools.js';

/**
 * Every command block of the README runs here, as written, against the server its quick start
 * starts, so the README cannot drift from the product. Only `npm ci && npm test` is not re-run: it
 * is the command that runs this test.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang: lang!, body: body!.trim() }));
const QUICK_START_SERVE = 'npm ci && npm start';
const QUICK_START_TEST = 'npm ci && npm test';

const tools = hasTool('aws') && hasTool('python3', ['-c', 'import boto3']);

describe.skipIf(!tools)('README', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-readme-'));
  // A clean environment: what a user has before following the README (no AWS credentials, no endpoint).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dataDir,
    HSMTRAIL_DATA_DIR: dataDir,
    HSMTRAIL_PORT: '0',
    CI: process.env.CI,
  };
  let server: ChildProcess;
  let banner = '';
  let endpoint = '';

  const sh = (script: string) => run('bash', ['-euo', 'pipefail', '-c', `cd ${JSON.stringify(ROOT)}\n${script}`], env, undefined, 300_000);

  beforeAll(async () => {
    expect(blocks.filter((b) => b.lang === 'sh').map((b) => b.body)).toEqual(expect.arrayContaining([QUICK_START_SERVE, QUICK_START_TEST]));
    // The quick start's serve command; `npm ci` itself is what CI ran before the tests.
    server = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    server.stdout!.on('data', (d: Buffer) => (banner += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (banner += d.toString()));
    endpoint = await new Promise<string>((resolveP, reject) => {
      server.stdout!.on('data', () => {
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(banner);
        if (m) resolveP(m[1]!);
      });
      server.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${banner}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    rmSync(join(ROOT, 'cloudtrail-bucket-policy.json'), { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the quick start serves and says how to reach it', () => {
    expect(banner).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(account \d{12}/);
  });

  it('runs every shell block in order, in one shell, as a user pastes them', async () => {
    const script = blocks
      .filter((b) => b.lang === 'sh' && b.body !== QUICK_START_SERVE && b.body !== QUICK_START_TEST)
      .map((b) => b.body)
      .join('\n');
    const r = await sh(`${script}\necho "ENDPOINT=$AWS_ENDPOINT_URL"`);
    expect(r.stderr).not.toMatch(/error|invalid/i);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`ENDPOINT=${endpoint}`);
    expect(r.stdout).toMatch(/"Account": "\d{12}"/); // aws sts get-caller-identity
    expect(r.stdout).toMatch(/\d+\/\d+ digest files valid/);
    expect(r.stdout).toMatch(/[1-9]\d*\/\d+ log files valid/);
    expect(r.stdout).toMatch(/"Message":"hello from SNS"/); // SNS fan-out into SQS: the notification envelope
    expect(r.stdout).toMatch(/"source":"com\.example\.orders"/); // EventBridge PutEvents into SQS: the event
    expect(r.stdout).toMatch(/\\"s3Bucket\\":\\"my-trail-bucket\\",\\"s3ObjectKey\\":\[\\"AWSLogs\//); // CloudTrail SNS notification
    expect(r.stdout).toMatch(/"eventName":"ObjectCreated:Put"[^]*"key":"hello.txt"/); // S3 event notification
    // Dozens of CLI start-ups in a row: sized for a loaded 2-core machine, not a quiet run.
  }, 300_000);

  it('runs the JavaScript and Python examples with the exported credentials', async () => {
    const exports = (await sh('node bin/hsmtrail.js credentials')).stdout;
    const creds = Object.fromEntries([...exports.matchAll(/^export (\w+)=(.*)$/gm)].map(([, k, v]) => [k!, v!]));
    expect(creds.AWS_ENDPOINT_URL).toBe(endpoint);
    const withCreds = { ...env, ...creds };
    const js = blocks.find((b) => b.lang === 'js')!.body.replaceAll('http://127.0.0.1:4599', endpoint);
    const node = await run('bash', ['-c', `cd ${JSON.stringify(ROOT)} && node --input-type=module -e "$SCRIPT"`], {
      ...withCreds,
      SCRIPT: js,
    });
    expect(node.status, node.stderr).toBe(0);
    expect(node.stdout).toMatch(/Account: '\d{12}'/);
    const py = blocks.find((b) => b.lang === 'python')!.body.replaceAll('http://127.0.0.1:4599', endpoint);
    const python = await run('python3', ['-c', py], withCreds);
    expect(python.status, python.stderr).toBe(0);
    expect(python.stdout).toMatch(/'Account': '\d{12}'/);
  });

  it('lists only commands and flags that exist', async () => {
    // Usage lines, not the start-up banner the README also shows ("hsmtrail listening on ...").
    const listed = blocks
      .filter((b) => b.lang === 'text')
      .flatMap((b) => [...b.body.matchAll(/^hsmtrail (?!listening )((?:[a-z][a-z-]+ ?)+)/gm)].map((m) => m[1]!.trim()));
    expect(listed.length).toBeGreaterThan(8);
    // One `--help` per command group (each is a Node start-up), checked for the subcommands listed under it.
    const groups = new Map<string, string[]>();
    for (const command of listed) {
      const [group, sub] = command.split(' ');
      groups.set(group!, [...(groups.get(group!) ?? []), ...(sub ? [sub] : [])]);
    }
    const help = async (args: string[]) => {
      const r = await run('node', [join(ROOT, 'bin/hsmtrail.js'), ...args, '--help'], env);
      expect(r.status, `hsmtrail ${args.join(' ')} --help: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const top = await help([]);
    for (const [group, subs] of groups) {
      expect(top, `hsmtrail ${group}`).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
      if (subs.length === 0) continue;
      const groupHelp = await help([group]);
      for (const sub of subs) expect(groupHelp, `hsmtrail ${group} ${sub}`).toMatch(new RegExp(`^  ${sub}\\b`, 'm'));
    }
    const serveUsage = blocks.find((b) => b.lang === 'text' && b.body.startsWith('hsmtrail serve'))!.body;
    const serveHelp = await help(['serve']);
    for (const [flag] of serveUsage.matchAll(/--[a-z-]+/g)) expect(serveHelp, flag).toContain(flag);
  });
});
