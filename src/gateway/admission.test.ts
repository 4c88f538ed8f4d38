import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteFirstAdmission } from './admission.js';

describe('WriteFirstAdmission', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const admission = (share = 0.1) => new WriteFirstAdmission(share, () => Date.now());

  it('lets reads run side by side while no write is in flight', () => {
    const a = admission();
    expect([a.tryRead(), a.tryRead(), a.tryRead()]).toEqual([true, true, true]);
  });

  it('answers reads one at a time, in arrival order, while a write is in flight', async () => {
    const a = admission();
    a.writeStarted();
    expect(a.tryRead()).toBe(true);
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) => a.read().then(() => order.push(n)));
    expect(a.tryRead()).toBe(false);
    a.readAnswered(0);
    a.readDone();
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual([1]);
    a.readAnswered(0);
    a.readDone();
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual([1, 2]);
    a.writeDone(); // no write left: everything waiting runs
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('paces reads beside writes so they take at most their share of the time', async () => {
    const a = admission(0.1);
    a.writeStarted();
    expect(a.tryRead()).toBe(true);
    a.readAnswered(5); // a 5 ms read: the next one waits 5 * (1/0.1 - 1) = 45 ms
    a.readDone();
    let admitted = false;
    void a.read().then(() => (admitted = true));
    await vi.advanceTimersByTimeAsync(44);
    expect(admitted).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(admitted).toBe(true);
  });

  it('does not pace reads that ran with no write in flight', () => {
    const a = admission(0.1);
    expect(a.tryRead()).toBe(true);
    a.readAnswered(50);
    a.readDone();
    a.writeStarted();
    expect(a.tryRead()).toBe(true);
  });
});
