import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './database.js';
import { CompressionThread } from './compression-thread.js';
import type { SqliteStore } from './store.js';

/**
 * The background pass that compresses event records (record-codec.ts) some time after they were
 * appended, off the request path: appends, delivery of recent events and LookupEvents' first pages
 * read the text rows in event_records, older reads inflate. Each batch is read from a snapshot,
 * compressed on a worker thread outside any transaction, then moved in one short write transaction of its own (insert
 * into event_records_z, delete from event_records); the write is queued like any request's, so it
 * never holds the writer for longer than a bounded batch of row moves.
 */
export interface CompactionOptions {
  /** Records younger than this stay uncompressed. */
  ageMs: number;
  /** Records moved per write transaction. */
  batchSize: number;
  intervalMs: number;
  clock?: () => Date;
}

export const DEFAULT_COMPACTION: CompactionOptions = { ageMs: 10 * 60_000, batchSize: 200, intervalMs: 5_000 };

export interface CompactionRun {
  compacted: number;
  /** Write transactions used, and the most records one of them moved. */
  batches: number;
  largestBatch: number;
}

interface Candidate {
  seq: number;
  record: string;
  t: number;
}

/** The oldest uncompressed records, up to `limit`, as long as each was recorded before `beforeMs`. */
export function compactionCandidates(db: Db, beforeMs: number, limit: number): Array<{ seq: number; record: string }> {
  const rows = db
    .prepare('SELECT r.seq, r.record, e.event_time_ms AS t FROM event_records r JOIN events e ON e.seq = r.seq ORDER BY r.seq LIMIT ?')
    .all(limit) as Candidate[];
  const young = rows.findIndex((r) => r.t >= beforeMs);
  return (young < 0 ? rows : rows.slice(0, young)).map(({ seq, record }) => ({ seq, record }));
}

/**
 * Moves compressed records in place of their text rows; a record whose text row is gone meanwhile
 * (purged, or moved by another node's pass) is skipped. Returns the records moved.
 */
export function storeCompressed(db: Db, rows: ReadonlyArray<{ seq: number; compressed: Uint8Array }>): number {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO event_records_z (seq, record) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM event_records WHERE seq = ?)',
  );
  const remove = db.prepare('DELETE FROM event_records WHERE seq = ?');
  let moved = 0;
  for (const r of rows) {
    if (insert.run(r.seq, r.compressed, r.seq).changes === 0) continue;
    remove.run(r.seq);
    moved++;
  }
  return moved;
}

/** Runs the pass every `intervalMs` on every node that opens the store (moves are idempotent). */
export class EventCompactor {
  private readonly options: CompactionOptions;
  private readonly thread = new CompressionThread();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private started = false;
  lastError?: unknown;

  constructor(
    private readonly store: SqliteStore,
    options: Partial<CompactionOptions> = {},
  ) {
    this.options = { ...DEFAULT_COMPACTION, ...options };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.thread.close();
  }

  /** Compresses everything old enough, one bounded batch per write transaction. */
  async runOnce(): Promise<CompactionRun> {
    const { ageMs, batchSize } = this.options;
    const beforeMs = (this.options.clock ?? (() => new Date()))().getTime() - ageMs;
    const run: CompactionRun = { compacted: 0, batches: 0, largestBatch: 0 };
    for (;;) {
      const candidates = await this.store.read((tx) => compactionCandidates(tx.db, beforeMs, batchSize));
      if (candidates.length === 0) break;
      const compressed = await this.thread.compress(candidates.map((c) => c.record));
      const rows = candidates.map((c, i) => ({ seq: c.seq, compressed: compressed[i]! }));
      const moved = await this.store.write((tx) => storeCompressed(tx.db, rows));
      run.compacted += moved;
      run.batches++;
      run.largestBatch = Math.max(run.largestBatch, moved);
      if (moved === 0 || candidates.length < batchSize || this.stopped) break;
      await nextTurn(); // requests' writes queue between batches
    }
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => (this.lastError = undefined))
        .catch((err: unknown) => (this.lastError = err))
        .finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
