import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/store.js';
import type { PublishDeps } from '../sns/ops/publish.js';
import { newFailureCounts } from './dead-letter.js';
import type { DeliveryDeps } from './delivery.js';
import { EventRetryWorker } from './retry-worker.js';

const RULE = 'arn:aws:events:us-east-1:111122223333:rule/r';

function deps(): DeliveryDeps {
  return {
    publish: {} as PublishDeps,
    settings: { backoff: { baseMs: 60_000, maxMs: 60_000 }, invocationsPerSecond: 100 },
    counts: newFailureCounts(),
  };
}

async function storeWithRetry(definition: string, firstFailedAt = Date.now()) {
  const store = new SqliteStore(':memory:');
  await store.write(async (tx) => {
    await tx.eventRules.put({
      arn: RULE,
      accountId: '111122223333',
      region: 'us-east-1',
      busName: 'default',
      name: 'r',
      eventPattern: '{"source":["x"]}',
      state: 'ENABLED',
      createdAt: new Date(),
    });
    await tx.eventTargets.put({ ruleArn: RULE, id: 't', arn: 'arn:aws:sqs:us-east-1:111122223333:q', definition });
    await tx.eventTargetRetries.add({
      id: 'r1',
      ruleArn: RULE,
      targetId: 't',
      event: '{"id":"e1","source":"x"}',
      attempts: 0,
      nextAttemptAt: 0,
      firstFailedAt,
      errorCode: 'THROTTLING',
      errorMessage: 'throttled',
    });
  });
  return store;
}

describe('EventRetryWorker', () => {
  it('postpones a try that threw, with backoff, instead of retrying it in a loop', async () => {
    const store = await storeWithRetry('{not json');
    const errors: unknown[] = [];
    const worker = new EventRetryWorker({ store, deliveries: deps(), onError: (e) => errors.push(e) });
    await worker.pass();
    const [row] = await store.read((tx) => tx.eventTargetRetries.due(Number.MAX_SAFE_INTEGER, 10));
    expect(row).toMatchObject({ id: 'r1', attempts: 1, errorCode: 'INTERNAL_ERROR' });
    expect(row!.nextAttemptAt).toBeGreaterThan(Date.now() + 20_000);
    expect(errors).toHaveLength(1);
    expect(worker.status()).toMatchObject({ pendingRetries: 1, dropped: 0 });
    await store.close();
  });

  it('drops (and counts) a retry whose queue is gone: not retryable', async () => {
    const store = await storeWithRetry('{"Id":"t","Arn":"arn:aws:sqs:us-east-1:111122223333:q"}');
    const d = deps();
    const worker = new EventRetryWorker({ store, deliveries: d });
    await worker.pass();
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(0);
    expect(worker.status()).toEqual({ pendingRetries: 0, deadLettered: 0, dropped: 1, deadLetterFailed: 0 });
    await store.close();
  });

  it('drops a try that keeps throwing once the default limits run out', async () => {
    const store = await storeWithRetry('{not json', Date.now() - 86_400_000);
    const worker = new EventRetryWorker({ store, deliveries: deps(), onError: () => undefined });
    await worker.pass();
    expect(await store.read((tx) => tx.eventTargetRetries.count())).toBe(0);
    expect(worker.status()).toMatchObject({ pendingRetries: 0, dropped: 1 });
    await store.close();
  });
});
