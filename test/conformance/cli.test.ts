import { describe, expect, it } from 'vitest';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../support/server.js';
import { run } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
const cli = (args: string[], env: Record<string, string> = {}) => run(process.execPath, [BIN, ...args], { ...process.env, ...env });

describe('hsmtrail CLI', () => {
  it('bad flags: one-line error, non-zero exit', async () => {
    const r = await cli(['serve', '--port', 'banana']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("invalid port 'banana'");
    const unknown = await cli(['serve', '--no-such-flag']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('an unwritable data directory: one-line error, non-zero exit', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; a path under a regular file can never be a directory
      const r = await cli(['serve', '--port', '0', '--data-dir', '/dev/null/hsmtrail']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^hsmtrail: data directory '\/dev\/null\/hsmtrail' is not writable/);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-ro-'));
    chmodSync(dir, 0o500);
    const r = await cli(['serve', '--port', '0', '--data-dir', join(dir, 'data')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not writable');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a port in use: one-line error, non-zero exit', async () => {
    const first = await startServer();
    try {
      const r = await cli(['serve', '--port', String(first.port), '--data-dir', mkdtempSync(join(tmpdir(), 'hsmtrail-'))]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(`hsmtrail: port ${first.port} on 127.0.0.1 is already in use: stop the other process or choose --port`);
    } finally {
      await first.stop();
    }
  });

  it('honours HSMTRAIL_ROOT_* keys and --account-id; credentials prints exports and a profile', async () => {
    const env = {
      HSMTRAIL_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      HSMTRAIL_ROOT_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const s = await startServer({ env, args: ['--account-id', '111122223333'] });
    try {
      expect(s.accountId).toBe('111122223333');
      const r = await cli(['credentials', '--data-dir', s.dataDir, '--endpoint', s.endpoint]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE');
      expect(r.stdout).toContain('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
      expect(r.stdout).toContain(`export AWS_ENDPOINT_URL=${s.endpoint}`);
    } finally {
      await s.stop();
    }
  });

  it('SIGTERM: stops accepting, exits 0; the next start reuses the account', async () => {
    const s = await startServer({ keepDataDir: true });
    const code = await s.stop('SIGTERM');
    expect(code).toBe(0);
    const again = await startServer({ dataDir: s.dataDir });
    try {
      expect(again.accountId).toBe(s.accountId);
      expect(again.output()).not.toContain('Created account');
    } finally {
      await again.stop();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  });
});
