import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './loadgen.js';

const LOADGEN = fileURLToPath(new URL('./loadgen.ts', import.meta.url));

/** Runs the load generator in a child process and returns its measurements. */
export function load(spec: Partial<LoadSpec> & Pick<LoadSpec, 'url'>): Promise<LoadResult> {
  const full: LoadSpec = { method: 'GET', headers: {}, connections: 32, durationMs: 5000, warmupMs: 1000, ...spec };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOADGEN, '--child', JSON.stringify(full)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`loadgen exited ${code}`))));
  });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
