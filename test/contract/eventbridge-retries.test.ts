import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { EventTargetRetry } from '../../src/storage/ports/eventbridge-retries.js';

const retry = (id: string, nextAttemptAt: number): EventTargetRetry => ({
  id,
  ruleArn: 'arn:aws:events:us-east-1:111122223333:rule/orders',
  targetId: 'q',
  event: `{"id":"${id}","detail":{}}`,
  attempts: 0,
  nextAttemptAt,
  firstFailedAt: 1_700_000_000_000,
  errorCode: 'THROTTLING',
  errorMessage: 'Invocations throttled',
});

contract('EventTargetRetryRepository', (open) => {
  it('answers due retries soonest first, reschedules, counts and deletes them', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.eventTargetRetries.nextDue())).toBeUndefined();
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(0);
    await store.write(async (tx) => {
      await tx.eventTargetRetries.add(retry('b', 200));
      await tx.eventTargetRetries.add(retry('a', 100));
      await tx.eventTargetRetries.add(retry('c', 1_700_000_000_900));
    });
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(3);
    expect(await store.read((tx) => tx.eventTargetRetries.nextDue())).toBe(100);
    expect((await store.read((tx) => tx.eventTargetRetries.due(500, 10))).map((d) => d.id)).toEqual(['a', 'b']);
    expect((await store.read((tx) => tx.eventTargetRetries.due(500, 1))).map((d) => d.id)).toEqual(['a']);
    expect(await store.read((tx) => tx.eventTargetRetries.due(500, 10))).toContainEqual(retry('a', 100));
    const change = { attempts: 1, nextAttemptAt: 1000, errorCode: 'INTERNAL_ERROR', errorMessage: 'again' };
    await store.write((tx) => tx.eventTargetRetries.retryAt('a', change));
    expect((await store.read((tx) => tx.eventTargetRetries.due(500, 10))).map((d) => d.id)).toEqual(['b']);
    expect((await store.read((tx) => tx.eventTargetRetries.due(1000, 10))).find((d) => d.id === 'a')).toEqual({
      ...retry('a', 100),
      ...change,
    });
    expect(await store.write((tx) => tx.eventTargetRetries.delete('b'))).toBe(true);
    expect(await store.write((tx) => tx.eventTargetRetries.delete('b'))).toBe(false);
    expect(await store.read((tx) => tx.eventTargetRetries.nextDue())).toBe(1000);
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(2);
  });

  it('keeps nothing a failed write added', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.eventTargetRetries.add(retry('x', 1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.read((tx) => tx.eventTargetRetries.due(10, 10))).toEqual([]);
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(0);
  });
});
