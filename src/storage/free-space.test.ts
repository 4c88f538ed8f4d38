import { describe, expect, it } from 'vitest';
import { FreeSpaceMonitor, isOutOfSpace, parseFreeSpace } from './free-space.js';

const MiB = 1024 ** 2;

/** A filesystem whose free space the test sets; counts how often it is asked. */
function fakeFs(totalBytes: number) {
  const fs = { free: totalBytes, calls: 0 };
  const statfs = () => {
    fs.calls++;
    return { bavail: fs.free / 4096, bsize: 4096, blocks: totalBytes / 4096 };
  };
  return { fs, statfs };
}

describe('parseFreeSpace', () => {
  it('reads sizes with binary and decimal units, and percentages', () => {
    expect(parseFreeSpace('512MiB')).toEqual({ bytes: 512 * MiB });
    expect(parseFreeSpace('2GB')).toEqual({ bytes: 2e9 });
    expect(parseFreeSpace('1.5g')).toEqual({ bytes: 1.5 * 1024 ** 3 });
    expect(parseFreeSpace('1000')).toEqual({ bytes: 1000 });
    expect(parseFreeSpace('0')).toEqual({ bytes: 0 });
    expect(parseFreeSpace('5%')).toEqual({ percent: 5 });
  });

  it('rejects what is not a size', () => {
    for (const bad of ['', 'lots', '5 parsecs', '-1MiB', '100%', '150%', 'MiB']) expect(parseFreeSpace(bad)).toBeUndefined();
  });
});

describe('FreeSpaceMonitor', () => {
  const at = (t: { now: number }) => () => t.now;

  it('is ok above the threshold, low below it, critical below a quarter of it', () => {
    const { fs, statfs } = fakeFs(100 * MiB);
    const t = { now: 0 };
    const m = new FreeSpaceMonitor([{ roles: ['store', 'objects'], path: '/' }], { bytes: 8 * MiB }, { statfs, now: at(t) });
    fs.free = 9 * MiB;
    expect(m.level()).toBe('ok');
    fs.free = 7 * MiB;
    t.now += 1000;
    expect(m.level()).toBe('low');
    expect(m.report().reason).toMatch(/7\.0 MiB free on the data directory, below --min-free-space \(8\.0 MiB\): writes are refused/);
    fs.free = 1 * MiB;
    t.now += 1000;
    expect(m.level()).toBe('critical');
    expect(m.report().reason).toMatch(/hard floor of 2\.0 MiB: every call is refused/);
    fs.free = 50 * MiB;
    t.now += 1000;
    const report = m.report();
    expect(report.level).toBe('ok');
    expect(report).not.toHaveProperty('reason');
  });

  it('asks the filesystem at most once a second, unless a write just failed', () => {
    const { fs, statfs } = fakeFs(100 * MiB);
    const t = { now: 0 };
    const m = new FreeSpaceMonitor([{ roles: ['store'], path: '/' }], { bytes: 8 * MiB }, { statfs, now: at(t) });
    for (let i = 0; i < 100; i++) m.level();
    expect(fs.calls).toBe(1);
    fs.free = 1 * MiB;
    expect(m.level()).toBe('ok'); // still the cached sample
    m.invalidate();
    expect(m.level()).toBe('critical');
    expect(fs.calls).toBe(2);
  });

  it('counts an upload against the bucket store before it starts', () => {
    const { fs, statfs } = fakeFs(100 * MiB);
    fs.free = 20 * MiB;
    const m = new FreeSpaceMonitor([{ roles: ['store', 'objects'], path: '/' }], { bytes: 8 * MiB }, { statfs });
    expect(m.level(10 * MiB)).toBe('ok');
    expect(m.level(13 * MiB)).toBe('low');
  });

  it('takes a percentage of each filesystem size', () => {
    const { fs, statfs } = fakeFs(1000 * MiB);
    fs.free = 40 * MiB;
    const m = new FreeSpaceMonitor([{ roles: ['store'], path: '/' }], { percent: 5 }, { statfs });
    expect(m.report()).toMatchObject({ level: 'low', volumes: [{ minFreeBytes: 50 * MiB, floorBytes: 12.5 * MiB }] });
  });

  it('reports each change of level once', () => {
    const { fs, statfs } = fakeFs(100 * MiB);
    const t = { now: 0 };
    const changes: string[] = [];
    const m = new FreeSpaceMonitor(
      [{ roles: ['store'], path: '/' }],
      { bytes: 8 * MiB },
      { statfs, now: at(t), onChange: (r) => changes.push(r.level) },
    );
    for (const free of [50, 7, 6, 1, 1, 60, 60]) {
      fs.free = free * MiB;
      t.now += 1000;
      m.level();
    }
    expect(changes).toEqual(['low', 'critical', 'ok']);
  });
});

describe('FreeSpaceMonitor on a filesystem it cannot ask', () => {
  it('does not refuse calls because statfs failed', () => {
    const statfs = () => {
      throw Object.assign(new Error('no such file or directory'), { code: 'ENOENT' });
    };
    const m = new FreeSpaceMonitor([{ roles: ['store'], path: '/' }], { bytes: 8 * MiB }, { statfs });
    expect(m.level()).toBe('ok');
    expect(m.report()).toEqual({ level: 'ok', volumes: [] });
  });
});

describe('isOutOfSpace', () => {
  it('knows SQLite, PostgreSQL and fs disk-full errors, and nothing else', () => {
    expect(isOutOfSpace(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe(true);
    expect(isOutOfSpace(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isOutOfSpace(new Error('x'))).toBe(false);
    expect(isOutOfSpace(undefined)).toBe(false);
  });
});
