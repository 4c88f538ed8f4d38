import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

/**
 * `hsmtrail console set-root-password` offline (--data-dir, no server running): the store is opened
 * in-process and the same admin call is made as the root user, authorized and recorded; a running
 * server on that data dir is called instead.
 */
describe('hsmtrail console set-root-password --data-dir (offline)', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-rootpw-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  // No AWS credentials or endpoint: offline needs none.
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const setOffline = (password: string) =>
    run(process.execPath, [BIN, 'console', 'set-root-password', '--data-dir', dataDir], env, `${password}\n`);
  const rootSignIn = async (password: string) => {
    const res = await fetch(`${server!.endpoint}/console/api/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server!.endpoint },
      body: JSON.stringify({ accountId: server!.accountId, password }),
    });
    return res.status;
  };

  it('is refused while a server serves the data dir, naming it', async () => {
    server = await startServer({ dataDir });
    const refused = await setOffline('Offline-Passw0rd!');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/a server \(pid \d+\) serves .*: call it instead/);
    expect(await rootSignIn('Offline-Passw0rd!')).toBe(401);
    await server.stop();
    server = undefined;
  });

  it('sets it with no server running; the next server signs root in with it and the call is recorded as root', async () => {
    const set = await setOffline('Offline-Passw0rd!');
    expect(set.status, set.stderr).toBe(0);
    server = await startServer({ dataDir });
    expect(await rootSignIn('Offline-Passw0rd!')).toBe(200);
    const events = await run(
      process.execPath,
      [BIN, 'events', '--data-dir', dataDir, '--event-name', 'SetRootPassword', '--output', 'jsonl'],
      process.env,
    );
    expect(events.status, events.stderr).toBe(0);
    const records = events.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventSource: 'hsmtrail.local',
      userIdentity: { type: 'Root' },
      requestParameters: { password: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      userAgent: 'hsmtrail-cli (offline)',
    });
    expect(events.stdout).not.toContain('Offline-Passw0rd!');
  });
});
