import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readAll, tempStore } from './test-support.js';

const fixture = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));

const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** Runs the child; `onLine` may kill it. Resolves with the signal that ended it. */
function runChild(dataDir: string, mode: string, onLine?: (line: string, kill: () => void) => void): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    for (const line of d.split('\n').filter(Boolean)) onLine?.(line, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => (signal ? resolve(signal) : reject(new Error(`child exited ${exitCode}: ${stderr}`))));
  });
}

async function expectCleanRecovery(dir: string) {
  const t = await tempStore(dir);
  try {
    expect(t.filesUnder('tmp')).toEqual([]);
    expect(t.filesUnder('blobs')).toHaveLength(1);
    expect((await readAll((await t.store.getObject('crash', 'keep')).body)).toString()).toBe('original');
    await expect(t.store.headObject('crash', 'new')).rejects.toThrow(expect.objectContaining({ code: 'NoSuchKey' }));
    expect((await t.store.listObjectsV2('crash')).contents.map((c) => c.key)).toEqual(['keep']);
  } finally {
    t.close();
  }
}

describe('crash safety (kill -9)', () => {
  it('a process killed mid-upload leaves no object, and recovery removes the partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-crash-'));
    let partialBytes = 0;
    const signal = await runChild(dir, 'mid-stage', (line, kill) => {
      if (line !== 'staging') return;
      partialBytes = filesIn(join(dir, 'tmp')).reduce((n, f) => n + statSync(f).size, 0);
      kill();
    });
    expect(signal).toBe('SIGKILL');
    expect(partialBytes).toBeGreaterThan(0);
    expect(filesIn(join(dir, 'tmp'))).toHaveLength(1);
    await expectCleanRecovery(dir);
  });

  it('a process killed after the rename but before the transaction commits leaves orphans that recovery removes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-crash-'));
    expect(await runChild(dir, 'after-rename')).toBe('SIGKILL');
    // Both staged files were renamed into blobs/ and the seed's blob is still there.
    expect(filesIn(join(dir, 'blobs'))).toHaveLength(3);
    expect(filesIn(join(dir, 'tmp'))).toHaveLength(0);
    await expectCleanRecovery(dir);
  });
});
