import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PgStore } from '../../src/storage/postgres/store.js';

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, started on a free port, one per
 * test process (a lazy singleton), one database per store. PostgreSQL refuses to run as root, so as
 * root the cluster runs as the `postgres` OS user. Under CI=true a missing binary fails, never skips.
 */

const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

/** Whether the PostgreSQL server binaries are here; under CI=true their absence is an error. */
export function hasPostgres(): boolean {
  const missing = BINARIES.filter((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(`PostgreSQL binaries missing: ${missing.join(', ')} (CI=true: .ci/run must install postgresql)`);
  }
  return missing.length === 0;
}

export interface Cluster {
  port: number;
  dir: string;
  /** A connection URL for `database` on this cluster. */
  url(database: string): string;
}

let started: Promise<Cluster> | undefined;
let counter = 0;
let template: Promise<string> | undefined;

/** The cluster of this process, started on first use. */
export function cluster(): Promise<Cluster> {
  return (started ??= startCluster());
}

/**
 * A fresh, empty, migrated database. The first call migrates a template database; every later one
 * clones it (CREATE DATABASE ... TEMPLATE), so a test's store opens without re-running DDL.
 */
export async function createDatabase(): Promise<string> {
  const c = await cluster();
  const name = `t_${process.pid}_${++counter}`;
  const from = await (template ??= migratedTemplate(c));
  await admin(c, `CREATE DATABASE ${name} TEMPLATE ${from}`);
  return c.url(name);
}

/**
 * Restarts this process's cluster the way a crash would (immediate shutdown: no checkpoint, every
 * connection cut), on the same port and data; resolves once it accepts connections again.
 */
export async function restartCluster(): Promise<void> {
  const c = await cluster();
  await runPg('pg_ctl', ['restart', '-m', 'immediate', '-w', '-t', '120', '-D', join(c.dir, 'data')]);
  await waitUntilAccepting(c);
}

/** A fresh database on which no migration has run (for tests of migrating itself). */
export async function createEmptyDatabase(): Promise<string> {
  const c = await cluster();
  const name = `e_${process.pid}_${++counter}`;
  await admin(c, `CREATE DATABASE ${name}`);
  return c.url(name);
}

async function migratedTemplate(c: Cluster): Promise<string> {
  const name = `tpl_${process.pid}`;
  await admin(c, `CREATE DATABASE ${name}`);
  const store = new PgStore(c.url(name), { max: 1 });
  try {
    await store.ready;
  } finally {
    await store.close();
  }
  return name;
}

async function admin(c: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: c.url('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` OS user when this process is root. */
function pgCommand(cmd: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function runPg(cmd: string, args: string[]): Promise<void> {
  const [file, argv] = pgCommand(cmd, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`${cmd} exited ${status}: ${stderr.trim()}`))));
  });
}

async function startCluster(): Promise<Cluster> {
  if (!hasPostgres()) throw new Error('PostgreSQL binaries (initdb, pg_ctl, postgres) are not on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-pg-'));
  if (asRoot()) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  await runPg('initdb', ['-D', data, '-U', 'hsmtrail', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  await runPg('pg_ctl', ['start', '-w', '-t', '120', '-D', data, '-l', join(dir, 'log'), '-o', options]);
  const c: Cluster = { port, dir, url: (db) => `postgres://hsmtrail@127.0.0.1:${port}/${db}` };
  stopWhenGone(data, dir);
  await waitUntilAccepting(c);
  return c;
}

/**
 * Stops the cluster and removes its directory when this process ends, however it ends: a detached
 * watcher polls for this process and cleans up after it (an 'exit' handler does not run on a kill).
 */
function stopWhenGone(data: string, dir: string): void {
  const [file, argv] = pgCommand('pg_ctl', ['stop', '-m', 'immediate', '-D', data]);
  const stop = [file, ...argv].map((a) => `'${a}'`).join(' ');
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf '${dir}'`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
  process.once('exit', () => {
    spawnSync(file, argv, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
}

async function waitUntilAccepting(c: Cluster): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const client = new pg.Client({ connectionString: c.url('postgres') });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
