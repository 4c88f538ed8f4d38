/**
 * The event store's footprint, before and after, in one run: the same generated events through
 * BASELINE_REF's modules (default: main) and this tree's, each in its own process (footprint-probe.ts).
 * BENCH_EVENTS (default 100,000) sets the store size; sizes are reported per million events. Each
 * subject stores the generator's records and then realistic ones (footprint-probe.ts), interleaved.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, BenchRow } from './harness.js';
import { pgFootprint } from './footprint-pg.js';

/** What the PostgreSQL measure tries beside the schema as migrated (footprint-pg.ts). */
const PG_VARIANT = {
  name: 'record compressed in line (lz4, toast_tuple_target 128, storage MAIN)',
  sql: [
    'ALTER TABLE events SET (toast_tuple_target = 128)',
    'ALTER TABLE events ALTER COLUMN record SET STORAGE MAIN',
    'ALTER TABLE events ALTER COLUMN record SET COMPRESSION lz4',
    "UPDATE events SET record = record || ''", // new tuples: VACUUM FULL copies values as they are
  ],
};

const BASELINE_REF = process.env.BASELINE_REF ?? 'main';
const REPO = resolve(import.meta.dirname, '..');

/** BASELINE_REF's source tree in a temporary directory (git archive + this tree's node_modules). */
function baselineTree(sha: string): string {
  const dir = join(tmpdir(), `hsmtrail-baseline-src-${sha}`);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${dir}`, { cwd: REPO });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

function probe(root: string, label: string, kind: 'generated' | 'realistic'): BenchRow[] {
  const tsx = join(REPO, 'node_modules/.bin/tsx');
  const out = execFileSync(tsx, [join(REPO, 'bench/footprint-probe.ts'), root, label, kind], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as BenchRow[];
}

export const footprintBench: Bench = {
  name: 'footprint',
  async run(): Promise<BenchRow[]> {
    const sha = execFileSync('git', ['rev-parse', '--short', BASELINE_REF], { cwd: REPO, encoding: 'utf8' }).trim();
    const kinds = ['generated', 'realistic'] as const;
    const rows = kinds.flatMap((kind) => [...probe(baselineTree(sha), `before (${sha})`, kind), ...probe(REPO, 'after', kind)]);
    if (process.env.BENCH_POSTGRES !== '0') for (const kind of kinds) rows.push(...(await pgFootprint(kind, PG_VARIANT)));
    return rows;
  },
};
