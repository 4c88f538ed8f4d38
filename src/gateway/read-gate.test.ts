import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadGate } from './read-gate.js';

/** A gate on a fake clock (vitest's timers drive both its clock and its timers) and a set utilization. */
function gate(utilization = 1) {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'setImmediate', 'performance', 'Date'] });
  const load = { utilization };
  return {
    load,
    g: new ReadGate(
      () => performance.now(),
      () => load.utilization,
    ),
  };
}

/** A read whose answer takes `ms` of (fake) time, recording when it ran. */
const read = (ran: number[], ms: number) => async () => {
  ran.push(performance.now());
  vi.advanceTimersByTime(ms);
  return ran.length;
};

afterEach(() => vi.useRealTimers());

describe('ReadGate', () => {
  it('answers reads at once, as many as arrive, while no write is active', async () => {
    const { g } = gate();
    const ran: number[] = [];
    const answers = [g.tryAnswer(read(ran, 1)), g.tryAnswer(read(ran, 1)), g.tryAnswer(read(ran, 1))];
    expect(answers.every((a) => a !== undefined)).toBe(true);
    await Promise.all(answers);
    expect(ran).toHaveLength(3);
  });

  it('while writes are active on a busy thread, answers reads one at a time, paced by the last one', async () => {
    const { g } = gate();
    g.writeStarted();
    const ran: number[] = [];
    const first = g.tryAnswer(read(ran, 1));
    expect(first).toBeDefined();
    expect(g.tryAnswer(read(ran, 1))).toBeUndefined(); // one at a time
    const later = [g.answer(read(ran, 1)), g.answer(read(ran, 1))];
    await first;
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(later);
    // Each read took 1 ms, so the next starts 29 × 1 ms after it ended: reads keep to 1/30 of the thread.
    expect(ran).toEqual([0, 30, 60]);
    g.writeEnded();
  });

  it('lets every waiting read go together once writes have stopped', async () => {
    const { g } = gate();
    g.writeStarted();
    const ran: number[] = [];
    await g.tryAnswer(read(ran, 1));
    const waiting = [g.answer(read(ran, 1)), g.answer(read(ran, 1)), g.answer(read(ran, 1))];
    g.writeEnded();
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(waiting);
    // The next read was due 29 ms after the first ended; by then no write had been active for 20 ms, so the
    // three went back to back instead of 29 ms apart.
    expect(ran).toEqual([0, 30, 31, 32]);
  });

  it('beside writes on a thread with time to spare, answers reads one at a time without pauses', async () => {
    const { g } = gate(0.5);
    g.writeStarted();
    const ran: number[] = [];
    const first = g.tryAnswer(read(ran, 1));
    expect(first).toBeDefined();
    expect(g.tryAnswer(read(ran, 1))).toBeUndefined();
    const second = g.answer(read(ran, 1));
    await first;
    await vi.advanceTimersByTimeAsync(0); // its own event loop turn
    await second;
    expect(ran).toEqual([0, 1]);
    g.writeEnded();
  });

  it('never pauses longer than 50 ms, and a failed read still hands on its turn', async () => {
    const { g } = gate();
    g.writeStarted();
    const ran: number[] = [];
    await g.tryAnswer(read(ran, 50)); // would be a 1450 ms pause
    const failing = g.answer(async () => {
      ran.push(performance.now());
      vi.advanceTimersByTime(10);
      throw new Error('no such cluster');
    });
    const refused = expect(failing).rejects.toThrow('no such cluster');
    const after = g.answer(read(ran, 1));
    await vi.advanceTimersByTimeAsync(50);
    await refused;
    await vi.advanceTimersByTimeAsync(60);
    await after;
    expect(ran).toEqual([0, 100, 160]);
    g.writeEnded();
  });
});
