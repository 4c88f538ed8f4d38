import { expect, it } from 'vitest';
import { contract } from './engines.js';
import type { SnsHttpDelivery } from '../../src/storage/ports/sns-deliveries.js';

const delivery = (id: string, nextAttemptAt: number): SnsHttpDelivery => ({
  id,
  subscriptionArn: 'arn:aws:sns:us-east-1:111122223333:t:6f1c4f0e-0000-4000-8000-000000000001',
  endpoint: 'http://127.0.0.1:9/hook',
  headers: { 'x-amz-sns-message-type': 'Notification' },
  body: `{"Message":"${id}"}`,
  policy: '{"retries":[0,20000]}',
  attempts: 0,
  nextAttemptAt,
  createdAt: 1000,
});

contract('SnsHttpDeliveryRepository', (open) => {
  it('answers due deliveries soonest first, reschedules and deletes them', async () => {
    const store = await open();
    expect(await store.read((tx) => tx.snsHttpDeliveries.nextDue())).toBeUndefined();
    await store.write(async (tx) => {
      await tx.snsHttpDeliveries.add(delivery('b', 200));
      await tx.snsHttpDeliveries.add(delivery('a', 100));
      await tx.snsHttpDeliveries.add(delivery('c', 900));
    });
    expect(await store.read((tx) => tx.snsHttpDeliveries.nextDue())).toBe(100);
    expect((await store.read((tx) => tx.snsHttpDeliveries.due(500, 10))).map((d) => d.id)).toEqual(['a', 'b']);
    expect((await store.read((tx) => tx.snsHttpDeliveries.due(500, 1))).map((d) => d.id)).toEqual(['a']);
    expect(await store.read((tx) => tx.snsHttpDeliveries.due(500, 10))).toContainEqual(delivery('a', 100));
    await store.write((tx) => tx.snsHttpDeliveries.retryAt('a', 1, 1000));
    expect((await store.read((tx) => tx.snsHttpDeliveries.due(500, 10))).map((d) => d.id)).toEqual(['b']);
    expect((await store.read((tx) => tx.snsHttpDeliveries.due(1000, 10))).find((d) => d.id === 'a')).toMatchObject({ attempts: 1 });
    expect(await store.write((tx) => tx.snsHttpDeliveries.delete('b'))).toBe(true);
    expect(await store.write((tx) => tx.snsHttpDeliveries.delete('b'))).toBe(false);
    expect(await store.read((tx) => tx.snsHttpDeliveries.nextDue())).toBe(900);
  });

  it('keeps nothing a failed write added', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.snsHttpDeliveries.add(delivery('x', 1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.read((tx) => tx.snsHttpDeliveries.due(10, 10))).toEqual([]);
  });
});
