import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/check-storage-boundary.mjs');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function check(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'hsmtrail-boundary-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('the storage-boundary check (npm run lint)', () => {
  it('passes this repository', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails a service that holds SQL, imports the driver or an engine folder; allows storage, tests and comments', () => {
    const r = check({
      'src/services/x/ops.ts': "export const q = (db: any) => db.prepare('SELECT * FROM clusters WHERE id = ?').get(1);",
      'src/services/y/store.ts': "import Database from 'better-sqlite3';\nexport const d = Database;",
      'src/services/z/repo.ts': "import { SqliteStore } from '../../storage/sqlite/store.js';\nexport const s = SqliteStore;",
      'src/services/ok/prose.ts': '// the SELECT behind DescribeClusters lives in a repository\nexport const n = 1;',
      'src/services/ok/ops.test.ts': "export const t = 'DELETE FROM clusters';",
      'src/storage/sqlite/clusters.ts': "export const q = 'INSERT INTO clusters VALUES (?)';",
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain('src/services/x/ops.ts: calls the driver');
    expect(r.output).toContain('src/services/y/store.ts: imports a database driver');
    expect(r.output).toContain('src/services/z/repo.ts: imports a storage engine');
    expect(r.output).not.toMatch(/ok\/|storage\/sqlite/);
  });
});
