import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small real filesystem (tmpfs) to fill up. Needs root; always `unmount()` it in afterAll. */
export interface SmallFs {
  dir: string;
  freeBytes(): number;
  /** Writes a ballast file of `bytes` (or until the filesystem is full when `bytes` is Infinity). */
  fill(name: string, bytes: number): number;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeMiB`, or explains why not. Under CI=true a failure to mount throws (the test
 * must fail, not skip); locally the caller skips with the returned note.
 */
export function mountSmallFs(sizeMiB: number): SmallFs | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-smallfs-'));
  try {
    if (process.getuid?.() !== 0) throw new Error('mounting a tmpfs needs root');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const why = `cannot mount a ${sizeMiB} MiB tmpfs: ${(err as Error).message}`;
    if (process.env.CI === 'true') throw new Error(why);
    return { skip: why };
  }
  return {
    dir,
    freeBytes: () => {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    fill: (name, bytes) => fillFile(join(dir, name), bytes),
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function fillFile(path: string, bytes: number): number {
  const chunk = Buffer.alloc(256 * 1024, 0xa5);
  const fd = openSync(path, 'a');
  let written = 0;
  try {
    while (written < bytes) {
      try {
        written += writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
