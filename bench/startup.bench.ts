import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, BenchRow } from './harness.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 5;

/** Milliseconds from spawning `npm start` in `cwd` to the first 200 from /health. */
async function startToHealth(cwd: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-start-'));
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd,
    env: { ...process.env, HSMTRAIL_PORT: '0', HSMTRAIL_DATA_DIR: dataDir, HSMTRAIL_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/[\d.]+:(\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`npm start exited with ${code}: ${out}`)));
  });
  while (
    !(await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((r) => setTimeout(r, 10));
  const ms = performance.now() - started;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function medianOf(fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await fn());
  return median(xs);
}

/** The build `npm start` ran before esbuild: tsc emitting src/ (the former tsconfig.build.json). */
function tscEmitMs(): number {
  const out = mkdtempSync(join(tmpdir(), 'hsmtrail-tsc-'));
  const config = join(out, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { rootDir: join(ROOT, 'src'), outDir: join(out, 'dist') },
      include: [join(ROOT, 'src')],
      exclude: ['**/*.test.ts'],
    }),
  );
  const started = performance.now();
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config], { stdio: 'ignore' });
  const ms = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  return ms;
}

export const startupBench: Bench = {
  name: 'startup',
  async run(): Promise<BenchRow[]> {
    const touched = join(ROOT, 'src/app/health.ts');
    const rows: BenchRow[] = [];
    rows.push({
      benchmark: 'startup',
      subject: 'npm start → /health, build up to date',
      value: await medianOf(() => startToHealth(ROOT)),
      unit: 'ms',
      note: `median of ${RUNS}, fresh data dir`,
    });
    const afterEdit = await medianOf(() => {
      const now = new Date();
      utimesSync(touched, now, now);
      return startToHealth(ROOT);
    });
    rows.push({
      benchmark: 'startup',
      subject: 'npm start → /health after a source edit (esbuild)',
      value: afterEdit,
      unit: 'ms',
      note: `median of ${RUNS}`,
    });
    rows.push({
      benchmark: 'startup',
      subject: 'former build step: tsc emit of src/',
      value: await medianOf(async () => tscEmitMs()),
      unit: 'ms',
      note: 'what every npm start paid before',
    });
    return rows;
  },
};

/** Clone → npm ci → answering, once (it downloads nothing new when the npm cache is warm). */
export const firstRunBench: Bench = {
  name: 'first-run',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-clone-'));
    const started = performance.now();
    spawnSync('git', ['clone', '--quiet', ROOT, dir], { stdio: 'ignore' });
    const cloned = performance.now();
    const ci = spawnSync('npm', ['ci', '--silent', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
    if (ci.status !== 0) throw new Error('npm ci failed in the fresh clone');
    const installed = performance.now();
    const start = await startToHealth(dir);
    rmSync(dir, { recursive: true, force: true });
    return [
      { benchmark: 'first-run', subject: 'git clone', value: (cloned - started) / 1000, unit: 's' },
      { benchmark: 'first-run', subject: 'npm ci', value: (installed - cloned) / 1000, unit: 's', note: 'warm npm cache' },
      { benchmark: 'first-run', subject: 'first npm start → /health (builds dist)', value: start / 1000, unit: 's' },
      { benchmark: 'first-run', subject: 'clone → install → answering', value: (installed - started + start) / 1000, unit: 's' },
    ];
  },
};
