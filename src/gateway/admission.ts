/**
 * Writes first. Every call shares one Node thread, so a read-heavy load takes CPU from the writes
 * (each carries a state change that must commit before its answer). While any write is in flight,
 * reads are answered one at a time, in arrival order, and paced so that answering them takes at most
 * `readShare` of the time: after a read that took d ms the next one starts d·(1/readShare − 1) ms
 * later. With no write in flight, reads are not held back. A waiting read holds no transaction and
 * no connection, and is never starved: pacing only spaces reads out.
 */
export class WriteFirstAdmission {
  private writes = 0;
  private reads = 0;
  private nextReadAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly readShare = 0.05,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A write is about to run; call `writeDone` once it has committed or failed. */
  writeStarted(): void {
    this.writes++;
  }

  writeDone(): void {
    this.writes--;
    this.wake();
  }

  /** Takes a read slot at once if one is free (no waiting), else returns false. */
  tryRead(): boolean {
    if (this.waiting.length > 0 || !this.readFits()) return false;
    this.reads++;
    return true;
  }

  /** Waits for a read slot. */
  read(): Promise<void> {
    if (this.tryRead()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.reads++;
        resolve();
      });
      this.wake();
    });
  }

  /** The read's answer took `ms`: with writes in flight, the next read waits in proportion. */
  readAnswered(ms: number): void {
    if (this.writes > 0) this.nextReadAt = this.now() + ms * (1 / this.readShare - 1);
  }

  readDone(): void {
    this.reads--;
    this.wake();
  }

  private readFits(): boolean {
    return this.writes === 0 || (this.reads === 0 && this.now() >= this.nextReadAt);
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.readFits()) this.waiting.shift()!();
    if (this.waiting.length === 0 || this.timer || this.reads > 0 || this.writes === 0) return;
    // Only the pace holds the next read back: look again when it is due.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
      },
      Math.max(1, this.nextReadAt - this.now()),
    );
  }
}
