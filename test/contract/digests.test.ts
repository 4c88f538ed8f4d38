import { expect, it } from 'vitest';
import { contract } from './engines.js';

const ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main';
const link = { s3Bucket: 'logs', s3Object: 'AWSLogs/d1.json.gz', sha256Hex: 'ab'.repeat(32), signature: 'cd'.repeat(256) };

contract('DigestChainRepository', (open) => {
  it('a trail without chains has none; a starting chain has no previous digest', async () => {
    const store = await open();
    expect((await store.read((tx) => tx.digests.chains(ARN))).size).toBe(0);
    await store.write((tx) => tx.digests.save(ARN, { region: 'us-east-1', periodStart: 1000, previous: null }));
    expect([...(await store.read((tx) => tx.digests.chains(ARN)))]).toEqual([
      ['us-east-1', { region: 'us-east-1', periodStart: 1000, previous: null }],
    ]);
  });

  it('save overwrites a region’s chain with its last digest; chains are per trail and region, by region', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.digests.save(ARN, { region: 'us-east-1', periodStart: 1000, previous: null });
      await tx.digests.save(ARN, { region: 'eu-west-1', periodStart: 1000, previous: null });
      await tx.digests.save(ARN, { region: 'us-east-1', periodStart: 4600, previous: link });
      await tx.digests.save(`${ARN}2`, { region: 'us-east-1', periodStart: 7, previous: null });
    });
    const chains = await store.read((tx) => tx.digests.chains(ARN));
    expect([...chains.keys()]).toEqual(['eu-west-1', 'us-east-1']);
    expect(chains.get('us-east-1')).toEqual({ region: 'us-east-1', periodStart: 4600, previous: link });
  });

  it('drop ends every chain of the trail only', async () => {
    const store = await open();
    await store.write(async (tx) => {
      await tx.digests.save(ARN, { region: 'us-east-1', periodStart: 1000, previous: link });
      await tx.digests.save(`${ARN}2`, { region: 'us-east-1', periodStart: 1000, previous: null });
      await tx.digests.drop(ARN);
    });
    expect((await store.read((tx) => tx.digests.chains(ARN))).size).toBe(0);
    expect((await store.read((tx) => tx.digests.chains(`${ARN}2`))).size).toBe(1);
  });

  it('a chain saved in a failed write is not kept', async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.digests.save(ARN, { region: 'us-east-1', periodStart: 1000, previous: link });
        throw new Error('put failed');
      }),
    ).rejects.toThrow('put failed');
    expect((await store.read((tx) => tx.digests.chains(ARN))).size).toBe(0);
  });
});
