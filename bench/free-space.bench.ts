import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeSpaceMonitor } from '../src/storage/free-space.js';
import type { Bench, BenchRow } from './harness.js';

const CALLS = 1_000_000;
const SAMPLES = 20_000;

/** What the free-space check costs a request: a cached level() on the hot path, one statfs a second. */
export const freeSpaceBench: Bench = {
  name: 'free-space',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-space-'));
    try {
      const monitor = new FreeSpaceMonitor([{ roles: ['store', 'objects'], path: dir }], { bytes: 512 * 1024 ** 2 });
      monitor.level();
      let t = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) monitor.level();
      const cachedNs = Number(process.hrtime.bigint() - t) / CALLS;
      t = process.hrtime.bigint();
      for (let i = 0; i < SAMPLES; i++) {
        monitor.invalidate();
        monitor.level();
      }
      const sampleUs = Number(process.hrtime.bigint() - t) / SAMPLES / 1000;
      return [
        { benchmark: 'free-space', subject: 'check per request (cached sample)', value: cachedNs, unit: 'ns', note: `${CALLS} calls` },
        {
          benchmark: 'free-space',
          subject: 'statfs sample (at most once a second)',
          value: sampleUs,
          unit: 'µs',
          note: `${SAMPLES} samples`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
