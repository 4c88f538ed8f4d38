import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { JOURNAL_SIZE_LIMIT } from './database.js';

/**
 * Runs WAL checkpoints on a worker thread with its own connection. SQLite's automatic checkpoint
 * would otherwise run inside whichever commit crosses the threshold — on the request path, with an
 * fsync. A PASSIVE checkpoint never blocks writers, so the gateway's commits stay cheap. Under steady
 * writes, though, a PASSIVE checkpoint never finds the WAL fully copied with no write in between, so the
 * WAL is never rewound and grows without bound; once it passes journal_size_limit, one RESTART checkpoint
 * (writers wait for it: it copies only what the last PASSIVE one left) makes the next writer rewind it,
 * and truncate it to that limit ("Write-Ahead Logging", checkpoint modes; "PRAGMA journal_size_limit").
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
const walSize = () => { try { return require('node:fs').statSync(workerData.path + '-wal').size; } catch { return 0; } };
const checkpoint = () => {
  try { db.pragma(walSize() > workerData.journalSizeLimit ? 'wal_checkpoint(RESTART)' : 'wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.postMessage('closed'); });
`;

export class Checkpointer {
  private worker?: Worker;

  constructor(
    private readonly path: string,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path: this.path, driver, intervalMs: this.intervalMs, journalSizeLimit: JOURNAL_SIZE_LIMIT },
    });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    });
    await worker.terminate();
  }
}
