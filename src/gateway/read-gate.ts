import { performance } from 'node:perf_hooks';

/** Beside busy writes, the next read starts this many times the last one's answer time after it ended. */
const READ_SHARE_PACE = 29;
/** Writes count as active for this long after the last one ended: a closed loop of writers has gaps. */
const WRITE_ACTIVE_MS = 20;
/** The longest pause between two reads, however long the last one took. */
const MAX_PAUSE_MS = 50;
/** The thread is busy when its event loop utilization over the last window reached this. */
const BUSY = 0.9;
const BUSY_WINDOW_MS = 50;

/** Event loop utilization over the last completed window: the share of time the thread ran code. */
function loopUtilization(): () => number {
  let mark = performance.eventLoopUtilization();
  let markedAt = performance.now();
  let last = 0;
  return () => {
    const now = performance.now();
    if (now - markedAt >= BUSY_WINDOW_MS) {
      last = performance.eventLoopUtilization(mark).utilization;
      mark = performance.eventLoopUtilization();
      markedAt = now;
    }
    return last;
  };
}

/**
 * Writes before reads on the one request thread. Every call runs on one Node thread, so a full-rate read
 * load takes CPU from the writes whatever the store does (snapshot reads never wait for the writer, but
 * they still run on the same thread). So, while writes are active:
 *
 * - reads are answered one at a time, each in an event loop turn of its own, after the I/O that was ready;
 * - and when the thread is busy (event loop utilization ≥ BUSY), paced: after a read's answer took t ms,
 *   the next one starts READ_SHARE_PACE·t ms later at the earliest, so answering reads keeps to about
 *   1/(1 + READ_SHARE_PACE) of the thread.
 *
 * With no write active, reads run at once, as many as arrive.
 *
 * A read never waits for a write to finish, only for its turn: one is always due, so a write that waits on
 * a read (an internal call, a console page) cannot stall, and reads keep a share of the thread. A read's
 * answer must not itself wait on another read through the gateway: beside writes, that one's turn would
 * come only after it.
 */
export class ReadGate {
  private writes = 0;
  private lastWriteEnd = -Infinity;
  private answering = 0;
  private nextReadAt = 0;
  private readonly waiting: Array<() => void> = [];
  /** Whether a timer or an immediate will let the next waiting read go. */
  private scheduled = false;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly utilization: () => number = loopUtilization(),
  ) {}

  /** Around a write's transaction (not its prepare: a long poll or an upload is no CPU to yield to). */
  writeStarted(): void {
    this.writes++;
  }

  writeEnded(): void {
    this.writes--;
    this.lastWriteEnd = this.now();
  }

  /** Answers the read now if its turn has come, else returns undefined (then call `answer`). */
  tryAnswer<T>(fn: () => Promise<T>): Promise<T> | undefined {
    if (!this.mayStart()) return undefined;
    return this.run(fn);
  }

  /** Answers the read when its turn comes. */
  async answer<T>(fn: () => Promise<T>): Promise<T> {
    if (this.mayStart()) return this.run(fn);
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
    return this.run(fn, true);
  }

  private mayStart(): boolean {
    if (this.waiting.length > 0) return false;
    if (!this.writesActive()) return true;
    return this.answering === 0 && (!this.busy() || this.now() >= this.nextReadAt);
  }

  /** `admitted`: already counted by admit(), which holds the turn until the read runs. */
  private async run<T>(fn: () => Promise<T>, admitted = false): Promise<T> {
    if (!admitted) this.answering++;
    const started = this.now();
    try {
      return await fn();
    } finally {
      this.answering--;
      const ended = this.now();
      this.nextReadAt = ended + Math.min(MAX_PAUSE_MS, READ_SHARE_PACE * (ended - started));
      this.schedule();
    }
  }

  private writesActive(): boolean {
    return this.writes > 0 || this.now() - this.lastWriteEnd < WRITE_ACTIVE_MS;
  }

  private busy(): boolean {
    return this.utilization() >= BUSY;
  }

  /**
   * Lets the next waiting read go when it is due: all of them once writes are no longer active. Even when
   * due at once, a read beside writes waits for the event loop's next turn, so the writes' I/O goes first.
   */
  private schedule(): void {
    if (this.waiting.length === 0 || this.answering > 0 || this.scheduled) return;
    const delay = this.writesActive() && this.busy() ? Math.max(0, this.nextReadAt - this.now()) : 0;
    const fire = () => {
      this.scheduled = false;
      if (this.answering > 0 || this.waiting.length === 0) return;
      if (!this.writesActive()) while (this.waiting.length > 0) this.admit();
      else if (!this.busy() || this.now() >= this.nextReadAt) this.admit();
      else this.schedule();
    };
    this.scheduled = true;
    if (delay > 0) setTimeout(fire, delay);
    else setImmediate(fire);
  }

  /** Counts the read at once, so no other starts before it runs (run(fn, true)). */
  private admit(): void {
    this.answering++;
    this.waiting.shift()!();
  }
}
