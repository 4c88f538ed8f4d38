import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BucketStore } from './bucket-store.js';
import type { ObjectMeta } from './types.js';

/** Helpers for the engine's own tests: a store in a throw-away directory. */
export interface TempStore {
  store: BucketStore;
  dir: string;
  put(bucket: string, key: string, body: string | Buffer, meta?: ObjectMeta): Promise<string>;
  filesUnder(sub: 'tmp' | 'blobs'): string[];
  close(): void;
}

export function tempStore(dir = mkdtempSync(join(tmpdir(), 'hsmtrail-s3-'))): TempStore {
  const store = BucketStore.open(dir);
  return {
    store,
    dir,
    async put(bucket, key, body, meta) {
      const staged = await store.stageBlob(typeof body === 'string' ? Buffer.from(body) : body);
      return store.transaction(() => store.commitObject(bucket, key, staged, meta)).etag;
    },
    filesUnder: (sub) =>
      readdirSync(join(dir, sub), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name),
    close() {
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
