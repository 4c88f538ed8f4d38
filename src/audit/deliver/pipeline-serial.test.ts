import { describe, expect, it } from 'vitest';
import { DeliveryPipeline } from './pipeline.js';
import { ACCOUNT, harness } from './test-support.js';

/**
 * A flush must return with nothing still in flight: callers (`hsmtrail trail flush`, then
 * validate-logs) count on the bucket being complete. Here a timer tick is already putting a log file
 * when the flush is asked for: the flush starts only after it.
 */
describe('DeliveryPipeline runs ticks and flushes one at a time', () => {
  it('a flush waits for the tick in flight, so nothing lands after it returns', async () => {
    const h = harness();
    const pipeline = new DeliveryPipeline({
      store: h.storage,
      objects: h.store,
      keyRing: h.keyRing,
      clock: h.clock.now,
    });
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', EnableLogFileValidation: true });
    await h.call('StartLogging', { Name: 'main' });
    for (let i = 0; i < 5; i++) h.record({});
    h.clock.advance(10 * 60_000);

    // Hold the first put until the flush has been asked for.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstPut!: () => void;
    const putStarted = new Promise<void>((r) => (firstPut = r));
    const put = h.store.putObject.bind(h.store);
    let puts = 0;
    const putKeys: string[] = [];
    h.store.putObject = async (...args) => {
      putKeys.push(args[1]);
      if (puts++ === 0) {
        firstPut();
        await gate;
      }
      return put(...args);
    };

    let tickDone = false;
    const tick = pipeline.tick().then(() => (tickDone = true));
    await putStarted;
    const flush = pipeline.flush();
    release();
    await flush;
    expect(tickDone).toBe(true);
    const keys = async () => (await h.store.listObjects('logs', { prefix: `AWSLogs/${ACCOUNT}/` })).objects.map((o) => o.key).sort();
    const atFlush = await keys();
    await tick;
    expect(await keys()).toEqual(atFlush);
    // The flush did not put the tick's in-flight file a second time: each object was written once.
    expect(putKeys.sort()).toEqual(atFlush);
  });
});
