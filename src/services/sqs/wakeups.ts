/**
 * Wakes long-polling receivers when a message is committed to their queue in this process. Receivers also
 * re-read on a timer, so a message sent by another process (or becoming visible) is found without a wake-up.
 */
export class QueueWakeups {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves on a wake-up for the queue or after `ms`, whichever comes first. */
  wait(queueArn: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(queueArn) ?? new Set();
      this.waiting.set(queueArn, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiting.delete(queueArn);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
    });
  }

  wake(queueArn: string): void {
    for (const done of [...(this.waiting.get(queueArn) ?? [])]) done();
  }
}
