import { expect, it } from 'vitest';
import { contract } from './engines.js';

const ALICE = { userId: 'AIDA1', name: 'alice', path: '/', arn: 'arn:aws:iam::123456789012:user/alice', createDate: 'x' };
const device = (name: string) => ({
  serialNumber: `arn:aws:iam::123456789012:mfa/${name}`,
  name,
  path: '/',
  sealedSeed: `sealed-${name}`,
  createDate: '2026-03-01T12:00:00.000Z',
});

contract('IamMfaRepository', (open) => {
  it('stores devices once per serial number (any case), lists them by serial, deletes them with their tags', async () => {
    const store = await open();
    await store.write(async (tx) => {
      expect(await tx.iamMfa.insert(device('b'))).toBe(true);
      expect(await tx.iamMfa.insert(device('a'))).toBe(true);
      expect(await tx.iamMfa.insert({ ...device('A'), sealedSeed: 'other' })).toBe(false);
      await tx.iamEntities.putTag('mfa', device('a').serialNumber, 'team', 'hsm');
    });
    expect((await store.read((tx) => tx.iamMfa.list())).map((d) => d.name)).toEqual(['a', 'b']);
    expect(await store.read((tx) => tx.iamMfa.find(device('A').serialNumber))).toEqual(device('a'));
    await store.write((tx) => tx.iamMfa.delete(device('a').serialNumber));
    expect(await store.read((tx) => tx.iamMfa.find(device('a').serialNumber))).toBeUndefined();
    expect(await store.read((tx) => tx.iamEntities.tags('mfa', device('a').serialNumber))).toEqual([]);
  });

  it('assigns a device to a user, moves the replay guard only forward, and unassigns it; assignments bump the version', async () => {
    const store = await open();
    const serial = device('a').serialNumber;
    await store.write(async (tx) => {
      await tx.iamEntities.insertUser(ALICE);
      await tx.iamMfa.insert(device('a'));
    });
    const before = await store.read((tx) => tx.identityVersion.current());
    await store.write((tx) => tx.iamMfa.enable(serial, 'AIDA1', '2026-03-01T12:01:00.000Z', 100));
    expect(await store.read((tx) => tx.identityVersion.current())).toBeGreaterThan(before);
    expect(await store.read((tx) => tx.iamMfa.devicesOf('AIDA1'))).toEqual([
      { ...device('a'), userId: 'AIDA1', enableDate: '2026-03-01T12:01:00.000Z', lastStep: 100 },
    ]);
    await store.write(async (tx) => {
      await tx.iamMfa.useStep(serial, 99);
      await tx.iamMfa.useStep(serial, 102);
    });
    expect((await store.read((tx) => tx.iamMfa.find(serial)))?.lastStep).toBe(102);
    await store.write((tx) => tx.iamMfa.deactivate(serial));
    expect(await store.read((tx) => tx.iamMfa.devicesOf('AIDA1'))).toEqual([]);
    const d = await store.read((tx) => tx.iamMfa.find(serial));
    expect(d).not.toHaveProperty('userId');
    expect(d).not.toHaveProperty('enableDate');
  });
});
