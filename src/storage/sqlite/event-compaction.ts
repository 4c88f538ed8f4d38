import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './database.js';
import { CompressionThread } from './compression-thread.js';
import { BUILT_IN_DICTIONARY, type RecordDictionary } from './record-codec.js';
import { adoptDictionary, currentDictionary, trainDictionary, trainingSample, TRAINING } from './record-dictionaries.js';
import type { SqliteStore } from './store.js';

/**
 * The background pass that compresses event records (record-codec.ts) some time after they were
 * appended, off the request path: appends, delivery of recent events and LookupEvents' first pages
 * read the text rows in event_records, older reads inflate. Each batch is read from a snapshot,
 * compressed on a worker thread outside any transaction, then moved in one short write transaction of its own (insert
 * into event_records_z, delete from event_records); the write is queued like any request's, so it
 * never holds the writer for longer than a bounded batch of row moves.
 *
 * Records a logging trail has yet to deliver stay text (unless its delivery is failing: then its
 * backlog may wait long, and compresses like the rest), so delivery reads text however far it lags
 * behind the compaction age. The first pass over a store with enough events trains the store's own
 * dictionary (record-dictionaries.ts) before compressing.
 */
export interface CompactionOptions {
  /** Records younger than this stay uncompressed. */
  ageMs: number;
  /** Records moved per write transaction. */
  batchSize: number;
  intervalMs: number;
  /** Events the store must hold before the pass trains the store's own dictionary. */
  trainAfter: number;
  clock?: () => Date;
}

export const DEFAULT_COMPACTION: CompactionOptions = {
  ageMs: 10 * 60_000,
  batchSize: 200,
  intervalMs: 5_000,
  trainAfter: TRAINING.minRecords,
};

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

/**
 * The oldest uncompressed records with seq <= `maxSeq`, up to `limit`, as long as each was recorded
 * before `beforeMs`.
 */
export function compactionCandidates(db: Db, beforeMs: number, maxSeq: number, limit: number): Array<{ seq: number; record: string }> {
  const rows = db
    .prepare(
      'SELECT r.seq, r.record, e.event_time_ms AS t FROM event_records r JOIN events e ON e.seq = r.seq WHERE r.seq <= ? ORDER BY r.seq LIMIT ?',
    )
    .all(maxSeq, limit) as Candidate[];
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
    const now = (this.options.clock ?? (() => new Date()))();
    const beforeMs = now.getTime() - ageMs;
    const maxSeq = await this.deliveredThrough();
    const run: CompactionRun = { compacted: 0, batches: 0, largestBatch: 0 };
    let dictionary: RecordDictionary | undefined;
    for (;;) {
      const candidates = await this.store.read((tx) => compactionCandidates(tx.db, beforeMs, maxSeq, batchSize));
      if (candidates.length === 0) break;
      dictionary ??= await this.dictionary(now);
      const compressed = await this.thread.compress(
        candidates.map((c) => c.record),
        dictionary,
      );
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

  /** The highest seq every logging trail whose delivery works has delivered (records above it stay text). */
  private async deliveredThrough(): Promise<number> {
    const holds = await this.store.read((tx) => tx.events.deliveryHolds());
    return Math.min(Number.MAX_SAFE_INTEGER, ...holds.filter((h) => h.holds && !h.failing).map((h) => h.deliveredSeq));
  }

  /** The dictionary this pass compresses with: the store's own, trained now if it has none yet and enough events. */
  private async dictionary(now: Date): Promise<RecordDictionary> {
    const current = await this.store.read((tx) => currentDictionary(tx.db));
    if (current.id !== BUILT_IN_DICTIONARY.id) return current;
    const sample = await this.store.read((tx) => trainingSample(tx.db, this.options.trainAfter));
    if (!sample) return current;
    const bytes = trainDictionary(sample); // once per store: ~20 ms of JSON parsing
    return this.store.write((tx) => adoptDictionary(tx.db, current.id, bytes, sample.length, now));
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
