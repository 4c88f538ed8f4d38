/**
 * Child process for crash.test.ts: seeds one committed object, then dies by SIGKILL either while
 * streaming a large upload (mode "mid-stage") or inside the commit transaction after the staged
 * file was renamed into blobs/ (mode "after-rename").
 */
import { BucketStore } from './bucket-store.js';

const [dataDir, mode] = process.argv.slice(2) as [string, 'mid-stage' | 'after-rename'];
const store = await BucketStore.open(dataDir);
await store.transaction((tx) => store.createBucket(tx, 'crash', 'us-east-1', '111122223333'));
const seed = await store.stageBlob(Buffer.from('original'));
await store.transaction((tx) => store.commitObject(tx, 'crash', 'keep', seed));

async function* endless(): AsyncIterable<Uint8Array> {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  for (let i = 0; i < 1024; i++) {
    yield chunk;
    if (i === 8) process.stdout.write('staging\n');
    if (i >= 8) await new Promise((r) => setTimeout(r, 50));
  }
}

if (mode === 'mid-stage') {
  await store.stageBlob(endless(), { maxBytes: 2 * 1024 ** 3 });
  process.stdout.write('finished\n');
} else {
  const overwrite = await store.stageBlob(Buffer.alloc(3 * 1024 * 1024, 1));
  const fresh = await store.stageBlob(Buffer.from('fresh'));
  await store.transaction(async (tx) => {
    await store.commitObject(tx, 'crash', 'keep', overwrite);
    await store.commitObject(tx, 'crash', 'new', fresh);
    process.kill(process.pid, 'SIGKILL');
  });
}
