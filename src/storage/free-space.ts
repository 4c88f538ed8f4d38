import { statfsSync, statSync } from 'node:fs';

/**
 * A clean stop before the disk is full. SQLite and the bucket store fail deep inside a write when the
 * filesystem runs out (SQLITE_FULL, ENOSPC); instead, the gateway asks this monitor first and refuses
 * writes while free space is below `--min-free-space`, so a client gets a retryable 503 and nothing is
 * half written. Reads still record an event (fail-closed audit), so they keep working down to a lower
 * hard floor; below it every call is refused and none is recorded, keeping the last space for the
 * store's own recovery (checkpoints, purges).
 */

/** `--min-free-space`: an absolute byte count or a percentage of each filesystem's size. */
export type FreeSpaceSpec = { bytes: number } | { percent: number };

/** ok: serve everything; low: refuse writes; critical: refuse everything. */
export type SpaceLevel = 'ok' | 'low' | 'critical';

/** Reads keep working until free space falls below this fraction of the write threshold. */
export const HARD_FLOOR_FRACTION = 1 / 4;

/** How often the filesystems are asked at most (statfs is cheap, but not per request on a busy server). */
export const SAMPLE_INTERVAL_MS = 1000;

export interface Volume {
  /** What lives there: 'store' (SQLite database and WAL) and/or 'objects' (the built-in bucket's blobs). */
  roles: Array<'store' | 'objects'>;
  path: string;
}

export interface VolumeReading extends Volume {
  freeBytes: number;
  totalBytes: number;
  minFreeBytes: number;
  floorBytes: number;
}

export interface SpaceReport {
  level: SpaceLevel;
  /** Why, in words, when not ok. */
  reason?: string;
  volumes: VolumeReading[];
}

type StatFs = (path: string) => { bavail: number | bigint; bsize: number | bigint; blocks: number | bigint };

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Parses `512MiB`, `1GB`, `200000000` or `5%`; undefined when the text is not a size. */
export function parseFreeSpace(text: string): FreeSpaceSpec | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|[a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (m[2] === '%') return value < 100 ? { percent: value } : undefined;
  const unit = UNITS[m[2]!.toLowerCase()];
  return unit === undefined ? undefined : { bytes: Math.round(value * unit) };
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}

export class FreeSpaceMonitor {
  private readonly volumes: Volume[];
  private cached?: { at: number; readings: VolumeReading[] };
  private lastLevel: SpaceLevel = 'ok';

  constructor(
    volumes: Volume[],
    private readonly spec: FreeSpaceSpec,
    private readonly opts: { statfs?: StatFs; now?: () => number; onChange?: (report: SpaceReport, previous: SpaceLevel) => void } = {},
  ) {
    this.volumes = distinctVolumes(volumes);
  }

  /**
   * The level for a call that will add `objectBytes` to the bucket store (an upload's Content-Length):
   * an upload that would cross the threshold is refused before its first byte is written.
   */
  level(objectBytes = 0): SpaceLevel {
    const readings = this.readings();
    const level = levelOf(readings);
    if (level !== 'ok' || objectBytes <= 0) return level;
    return readings.some((v) => v.roles.includes('objects') && v.freeBytes - objectBytes < v.minFreeBytes) ? 'low' : 'ok';
  }

  report(): SpaceReport {
    const volumes = this.readings();
    const level = this.level();
    return { level, ...(level === 'ok' ? {} : { reason: reasonFor(level, volumes) }), volumes };
  }

  /** A write just failed for lack of space: ask the filesystems again on the next call. */
  invalidate(): void {
    this.cached = undefined;
  }

  private readings(): VolumeReading[] {
    const now = (this.opts.now ?? Date.now)();
    if (this.cached && now - this.cached.at < SAMPLE_INTERVAL_MS) return this.cached.readings;
    const readings = this.volumes.flatMap((v) => this.read(v));
    this.cached = { at: now, readings };
    this.noteLevel(readings);
    return readings;
  }

  /** A filesystem that cannot be asked (a directory removed under the server) is left to the ENOSPC mapping. */
  private read(volume: Volume): VolumeReading[] {
    let s: ReturnType<StatFs>;
    try {
      s = (this.opts.statfs ?? statfsSync)(volume.path);
    } catch {
      return [];
    }
    const freeBytes = Number(s.bavail) * Number(s.bsize);
    const totalBytes = Number(s.blocks) * Number(s.bsize);
    const minFreeBytes = 'bytes' in this.spec ? this.spec.bytes : Math.ceil((totalBytes * this.spec.percent) / 100);
    return [{ ...volume, freeBytes, totalBytes, minFreeBytes, floorBytes: Math.floor(minFreeBytes * HARD_FLOOR_FRACTION) }];
  }

  private noteLevel(readings: VolumeReading[]): void {
    const level = levelOf(readings);
    if (level === this.lastLevel) return;
    const previous = this.lastLevel;
    this.lastLevel = level;
    this.opts.onChange?.({ level, ...(level === 'ok' ? {} : { reason: reasonFor(level, readings) }), volumes: readings }, previous);
  }
}

function levelOf(readings: VolumeReading[]): SpaceLevel {
  if (readings.some((v) => v.freeBytes < v.floorBytes)) return 'critical';
  return readings.some((v) => v.freeBytes < v.minFreeBytes) ? 'low' : 'ok';
}

function reasonFor(level: SpaceLevel, readings: VolumeReading[]): string {
  const v = readings.find((r) => r.freeBytes < (level === 'critical' ? r.floorBytes : r.minFreeBytes)) ?? readings[0]!;
  const what = v.roles.includes('store') ? 'the data directory' : 'the bucket directory';
  const limit =
    level === 'critical' ? `the hard floor of ${formatBytes(v.floorBytes)}` : `--min-free-space (${formatBytes(v.minFreeBytes)})`;
  const effect = level === 'critical' ? 'every call is refused' : 'writes are refused, reads still work';
  return `${formatBytes(v.freeBytes)} free on ${what}, below ${limit}: ${effect} until space is freed`;
}

/** The bucket directory usually shares the data directory's filesystem; ask each filesystem once. */
function distinctVolumes(volumes: Volume[]): Volume[] {
  const byDevice = new Map<string, Volume>();
  for (const v of volumes) {
    let dev: string;
    try {
      dev = String(statSync(v.path).dev);
    } catch {
      dev = v.path;
    }
    const seen = byDevice.get(dev);
    if (seen) seen.roles = [...new Set([...seen.roles, ...v.roles])];
    else byDevice.set(dev, { roles: [...v.roles], path: v.path });
  }
  return [...byDevice.values()];
}

/**
 * Whether a thrown value is the filesystem running out of room: SQLite's SQLITE_FULL ("database or disk
 * is full"), PostgreSQL's SQLSTATE 53100 (disk_full), or an fs call's ENOSPC/EDQUOT. Those are
 * transient for the client: retry once space is freed.
 */
/** PostgreSQL's "disk_full" (Appendix A, "PostgreSQL Error Codes"), as the `pg` driver reports it. */
const PG_DISK_FULL = '53100';

export function isOutOfSpace(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_FULL' || code === PG_DISK_FULL || code === 'ENOSPC' || code === 'EDQUOT';
}
