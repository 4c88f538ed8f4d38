import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempStore, type TempStore } from './test-support.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.createBucket('ids', 'us-east-1', '111122223333');
});
afterEach(() => t.close());

// `aws s3api upload-part --upload-id -abc…` reads a leading '-' as an option. With 64 base64url
// symbols, 1000 ids would almost surely (1 - (63/64)^1000 > 99.99%) include one if ids could.
it('creates upload ids that start alphanumeric, so the AWS CLI can take them as arguments', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) ids.push((await t.store.createMultipartUpload('ids', 'k')).uploadId);
  expect(ids.filter((id) => !/^[A-Za-z0-9]/.test(id))).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
});
