import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tempStore } from './test-support.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('streaming', () => {
  it('moves a 1 GiB object in and out in bounded memory', async () => {
    const t = await tempStore();
    let peak = process.memoryUsage().rss;
    const baseline = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await t.store.createBucket('big', 'us-east-1', '111122223333');
      const chunk = Buffer.alloc(MiB, 0x5a);
      const expectedMd5 = createHash('md5');
      async function* body() {
        for (let i = 0; i < GiB / MiB; i++) {
          expectedMd5.update(chunk);
          yield chunk;
        }
      }
      const staged = await t.store.stageBlob(body(), { maxBytes: 2 * GiB });
      const { etag } = await t.store.transaction(() => t.store.commitObject('big', 'one-gib', staged));
      expect(etag).toBe(`"${expectedMd5.digest('hex')}"`);

      const { body: stream, info } = await t.store.getObject('big', 'one-gib');
      const md5 = createHash('md5');
      let size = 0;
      for await (const c of stream) {
        md5.update(c as Buffer);
        size += (c as Buffer).length;
      }
      expect(size).toBe(GiB);
      expect(`"${md5.digest('hex')}"`).toBe(info.etag);
      const tail = await t.store.getObject('big', 'one-gib', { range: `bytes=-${MiB}` });
      let tailBytes = 0;
      for await (const c of tail.body) tailBytes += (c as Buffer).length;
      expect(tailBytes).toBe(MiB);
    } finally {
      clearInterval(sampler);
      t.close();
    }
    expect(peak - baseline).toBeLessThan(200 * MiB);
    // CPU-bound (two MD5s over 1 GiB): 9 s quiet, 17 s at a load of 9 on 2 cores, over 60 s at 17.
  }, 180_000);
});
