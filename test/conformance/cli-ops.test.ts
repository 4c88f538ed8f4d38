import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
const cli = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [BIN, ...args], env, undefined, 60_000);

describe('hsmtrail CLI against a spawned server', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.stop());

  it('an SDK-using command prints no NodeVersionSupportWarning', async () => {
    const env = s.awsEnv();
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const trailArn = `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/none`;
    const r = await cli(['validate-logs', '--endpoint', s.endpoint, '--trail-arn', trailArn, '--start-time', '2026-01-01T00:00:00Z'], env);
    // The SDK made the round trip: the server's answer (no such trail) is what the command reports.
    expect(r.stderr).toContain('trail/none');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    expect(r.stdout).not.toContain('NodeVersionSupportWarning');
  });

  it('events --follow is one recorded call for the whole session, however long it runs', async () => {
    const sts = new STSClient({
      endpoint: s.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    });
    const calls = [(await sts.send(new GetCallerIdentityCommand({}))).$metadata.requestId];
    const child = spawn(
      process.execPath,
      [BIN, 'events', '--follow', '--output', 'jsonl', '--event-name', 'GetCallerIdentity', '--limit', '1'],
      { env: s.awsEnv() },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const printed = (n: number) =>
      new Promise<void>((done, fail) => {
        const check = () => {
          if (out.split('\n').filter(Boolean).length < n) return;
          child.stdout.off('data', check);
          done();
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => fail(new Error(`follower exited with ${code}: ${err}`)));
        check();
      });
    await printed(1); // the backlog: the follow is established
    for (let i = 0; i < 3; i++) calls.push((await sts.send(new GetCallerIdentityCommand({}))).$metadata.requestId);
    await printed(4);
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT');
    await exited;
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).requestID),
    ).toEqual(calls);
    expect(err).toBe('');
    const db = new Database(join(s.dataDir, 'hsmtrail.db'), { readonly: true });
    try {
      const admin = db.prepare("SELECT event_name FROM events WHERE event_source = 'hsmtrail.local'").pluck().all();
      expect(admin).toEqual(['FollowEvents']);
    } finally {
      db.close();
    }
    // The follower hanging up is a normal end of its response, not an edge failure in the server's log.
    await sts.send(new GetCallerIdentityCommand({}));
    expect(s.output()).not.toContain('edge failure');
  });
});

describe('hsmtrail serve output and credentials', () => {
  it('first start keeps the root secret out of stdout (the log stream) and says where to find it', async () => {
    const s = await startServer({ args: ['--log-level', 'info'] });
    try {
      // traffic, so that request log lines are in the stream too
      const r = await cli(['events', '--endpoint', s.endpoint, '--limit', '5', '--output', 'json'], s.awsEnv());
      expect(r.status).toBe(0);
      await s.stop();
      const out = s.output();
      expect(out).toContain('"msg":"request"');
      expect(out).not.toContain(s.secretAccessKey);
      expect(out).toContain(
        `Root credentials are in ${s.dataDir}/account.json (mode 0600); print them with: hsmtrail credentials --data-dir ${s.dataDir}`,
      );
    } finally {
      await s.stop();
    }
  });

  it('credentials exports the endpoint the server really listens on (--port 0), not the default port', async () => {
    const s = await startServer({ keepDataDir: true });
    try {
      expect(s.port).not.toBe(4599);
      const env = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4599' }; // a stale export from an earlier eval
      const r = await cli(['credentials', '--data-dir', s.dataDir], env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`export AWS_ENDPOINT_URL=${s.endpoint}\n`);
      const json = await cli(['credentials', '--data-dir', s.dataDir, '--output', 'json'], env);
      expect(JSON.parse(json.stdout).Endpoint).toBe(s.endpoint);
      // The exports work as the README's `eval` uses them.
      const exports = Object.fromEntries([...r.stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      const events = await cli(['events', '--limit', '1'], {
        ...process.env,
        ...exports,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      });
      expect(events.status).toBe(0);
    } finally {
      await s.stop();
    }
    // Stopped cleanly: the recorded endpoint is gone, so credentials falls back to AWS_ENDPOINT_URL.
    const after = await cli(['credentials', '--data-dir', s.dataDir], { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' });
    expect(after.stdout).toContain('export AWS_ENDPOINT_URL=http://127.0.0.1:5000\n');
    rmSync(s.dataDir, { recursive: true, force: true });
  });
});
