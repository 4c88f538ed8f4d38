import { Readable } from 'node:stream';
import { searchEvents, type EventFilter, type FoundEvent } from '../../query/search-events.js';
import type { Store } from '../../storage/ports.js';

/** How often an open follow looks for newly committed events (a local read; not a recorded call). */
export const FOLLOW_POLL_MS = 250;
const BATCH = 1000;

/** One line of a FollowEvents stream (newline-delimited JSON). */
export type FollowLine = { Seq: number; Record: string } | { CaughtUp: true; LastSeq: number };

export interface FollowStart {
  filter: EventFilter;
  /** The newest matching events at the start, oldest first: sent before the CaughtUp line. */
  backlog: FoundEvent[];
  /** The log's end at the start: the stream continues after it. */
  lastSeq: number;
  /** The FollowEvents call's own event, recorded after the start: not echoed to its follower. */
  ownRequestId: string;
}

/**
 * The open FollowEvents streams. Each polls committed events through `store.read` — a snapshot, so a
 * follower never sees rows of a transaction that may still roll back — and `stop` ends them all, so
 * that a shutdown does not wait on followers that never hang up.
 */
export class EventFollowers {
  private readonly open = new Set<FollowStream>();
  private stopped = false;

  constructor(
    private readonly store: Pick<Store, 'read'>,
    private readonly pollMs = FOLLOW_POLL_MS,
  ) {}

  /**
   * A stream for one FollowEvents call. It counts as open once the call's transaction commits
   * (`afterCommit`): a call that fails after creating it (its event could not be recorded) leaves
   * nothing behind, and one that commits during a shutdown ends at once.
   */
  follow(start: FollowStart, afterCommit: (fn: () => void) => void): Readable {
    const stream: FollowStream = new FollowStream(start, this.store, this.pollMs, () => this.open.delete(stream));
    afterCommit(() => {
      if (this.stopped) stream.finish();
      else this.open.add(stream);
    });
    return stream;
  }

  start(): void {}

  stop(): void {
    this.stopped = true;
    for (const stream of this.open) stream.finish();
    this.open.clear();
  }
}

class FollowStream extends Readable {
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  private last: number;
  private pending: FollowLine[];

  constructor(
    private readonly start: FollowStart,
    private readonly store: Pick<Store, 'read'>,
    private readonly pollMs: number,
    private readonly onClose: () => void,
  ) {
    super();
    this.last = start.lastSeq;
    this.pending = [...start.backlog.map(toLine), { CaughtUp: true, LastSeq: start.lastSeq }];
  }

  override _read(): void {
    if (this.finished) return;
    if (this.pending.length) this.flush();
    else if (!this.timer) this.schedule(this.pollMs);
  }

  /** Ends the stream after what is already queued (server shutdown). */
  finish(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.push(null);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    clearTimeout(this.timer);
    this.onClose();
    callback(err);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      // A failed read ends this response; the server keeps serving.
      this.poll().catch((err: Error) => this.destroy(err));
    }, ms);
  }

  private async poll(): Promise<void> {
    if (this.destroyed || this.finished) return void (this.timer = undefined);
    const query = { limit: BATCH, order: 'oldest' as const, afterSeq: this.last };
    const found = await this.store.read((tx) => searchEvents(tx.events, this.start.filter, query));
    this.timer = undefined;
    if (this.destroyed || this.finished) return;
    if (found.length) this.last = found.at(-1)!.seq;
    this.pending = found.filter((e) => !this.isOwnCall(e)).map(toLine);
    if (this.pending.length) this.flush();
    else this.schedule(found.length === BATCH ? 0 : this.pollMs);
  }

  /** Pushes queued lines until the consumer is full; the next _read resumes. */
  private flush(): void {
    while (this.pending.length) {
      if (!this.push(JSON.stringify(this.pending.shift()) + '\n')) return;
    }
  }

  private isOwnCall(e: FoundEvent): boolean {
    const id = this.start.ownRequestId;
    return e.record.includes(id) && (JSON.parse(e.record) as { requestID?: string }).requestID === id;
  }
}

function toLine(e: FoundEvent): FollowLine {
  return { Seq: e.seq, Record: e.record };
}
