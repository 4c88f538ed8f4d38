import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');

/** The short commit `ref` names in this repository. */
export const shortSha = (ref: string) => execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO, encoding: 'utf8' }).trim();

/**
 * Builds `ref` once into a temporary directory (git archive + this tree's node_modules) and returns its
 * bin/hsmtrail.js, for a benchmark that runs a baseline build beside this tree (`startServer({ bin })`).
 */
export function baselineBin(ref: string): string {
  const sha = shortSha(ref);
  const dir = join(tmpdir(), `hsmtrail-baseline-${sha}`);
  if (!existsSync(join(dir, 'dist'))) {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${dir}`, { cwd: REPO });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    if (existsSync(join(REPO, 'console/node_modules'))) symlinkSync(join(REPO, 'console/node_modules'), join(dir, 'console/node_modules'));
    process.stderr.write(`building baseline ${sha}...\n`);
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: 'inherit' });
  }
  return join(dir, 'bin/hsmtrail.js');
}
