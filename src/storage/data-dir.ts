import { chmodSync, closeSync, fchmodSync, lstatSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where things live inside a data directory. The server and the offline tools (events, sql,
 * validate-logs) read the same layout from here.
 */
export function dataDirLayout(dataDir: string) {
  const store = join(dataDir, 'hsmtrail.db');
  return {
    /** The SQLite store: every service's state, the event store, and the built-in bucket's metadata. */
    store,
    /** The built-in bucket store's object bytes (blobs) and staged uploads. */
    buckets: join(dataDir, 'buckets'),
    /** Where the running server listens, written at start for `hsmtrail credentials`. */
    endpoint: join(dataDir, 'endpoint.json'),
  };
}

/**
 * Everything under a data directory is readable by its owner only: it holds root keys, the master key,
 * the event store and the delivered logs. Modes are set with chmod after creation, so the umask never
 * widens (or narrows) them.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p with mode 0700 on every level it creates (levels that already exist are left alone). */
export function makePrivateDir(path: string): void {
  const target = resolve(path);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  const top = resolve(first);
  for (let dir = target; ; dir = dirname(dir)) {
    chmodSync(dir, PRIVATE_DIR_MODE);
    if (dir === top || dir === dirname(dir)) break;
  }
}

/** Writes a whole file with mode 0600 (an existing file is overwritten and tightened). */
export function writePrivateFile(path: string, data: string, flag: 'w' | 'wx' = 'w'): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE, flag });
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Creates an empty 0600 file unless one exists (SQLite then gives its -wal and -shm the same mode). */
export function touchPrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * Tightens what an older version left wider (0644 store files, a 0755 buckets tree). Only the data
 * dir itself and the entries hsmtrail owns are touched, so a data dir pointed at a shared folder
 * does not change the modes of unrelated files.
 */
export function tightenDataDir(dataDir: string, ownedNames: readonly string[]): void {
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  for (const name of ownedNames) tighten(join(dataDir, name));
}

function tighten(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  if ((stat.mode & 0o777) !== wanted) chmodSync(path, wanted);
  if (stat.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name));
}
