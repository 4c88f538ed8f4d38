import type pg from 'pg';
import type { NewEvent } from '../../audit/events/ports.js';
import { insertEventsAlone } from './event-order.js';

interface Job {
  events: readonly NewEvent[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Events per statement at most (a few MiB of parameters with large records). */
const MAX_EVENTS = 256;

/**
 * This node's queue of event-only transactions (Store.appendEvents): one statement in flight at a time,
 * and the jobs that queue meanwhile share the next one (group commit, as the write queue). They never
 * take the body lock of state-changing writes, only the event-order lock, inside the statement
 * (event-order.ts), so a read-only call's event waits for no other call's body, on any node.
 */
export class PgEventQueue {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly pool: pg.Pool) {}

  append(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.batch(this.take());
    } finally {
      this.draining = false;
    }
  }

  private take(): Job[] {
    const jobs: Job[] = [];
    let count = 0;
    while (this.queue.length > 0 && (jobs.length === 0 || count + this.queue[0]!.events.length <= MAX_EVENTS)) {
      const job = this.queue.shift()!;
      jobs.push(job);
      count += job.events.length;
    }
    return jobs;
  }

  /** A failed shared statement is retried job by job, so one bad event fails only its own call. */
  private async batch(jobs: Job[]): Promise<void> {
    try {
      await insertEventsAlone(
        this.pool,
        jobs.flatMap((j) => j.events),
      );
      for (const job of jobs) job.resolve();
    } catch (err) {
      if (jobs.length === 1) return jobs[0]!.reject(err);
      for (const job of jobs) await this.batch([job]);
    }
  }
}
