import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Tx } from '../../ports.js';
import type { Db } from '../../sqlite/database.js';
import { SqliteStore } from '../../sqlite/store.js';
import { BucketStore, type S3Tx } from './bucket-store.js';
import type { ObjectMeta } from './types.js';

type Unbound<F> = F extends (tx: S3Tx, ...args: infer A) => infer R ? (...args: A) => R : F;

/**
 * The engine with its `tx` argument filled in: inside `transaction(fn)` every call joins that
 * transaction; outside one, a change runs in its own write and a read on a snapshot.
 */
export type TestEngine = { [K in Exclude<keyof BucketStore, 'transaction'>]: Unbound<BucketStore[K]> } & {
  transaction<T>(fn: () => T | Promise<T>): Promise<T>;
};

const WRITES = new Set([
  'createBucket',
  'deleteBucket',
  'putBucketPolicy',
  'deleteBucketPolicy',
  'putBucketLifecycle',
  'deleteBucketLifecycle',
  'expireObjects',
  'abortExpiredUploads',
  'commitObject',
  'deleteObject',
  'deleteObjects',
  'createMultipartUpload',
  'commitPart',
  'abortMultipartUpload',
  'commitCompleteMultipartUpload',
]);
const READS = new Set([
  'getBucket',
  'listBuckets',
  'getBucketPolicy',
  'getBucketLifecycle',
  'listBucketLifecycles',
  'headObject',
  'getObject',
  'listObjectsV1',
  'listObjectsV2',
  'getMultipartUpload',
  'listParts',
  'listMultipartUploads',
]);

/** Binds the engine's tx-taking methods for tests (see TestEngine). */
export function testEngine(engine: BucketStore): TestEngine {
  const current = new AsyncLocalStorage<Tx>();
  const call = (name: string, args: unknown[]) => {
    const method = (engine as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!.bind(engine);
    const tx = current.getStore();
    if (tx) return method(tx, ...args);
    if (WRITES.has(name)) return engine.transaction((t) => method(t, ...args) as Promise<object>);
    return engine.read((t) => method(t, ...args));
  };
  return new Proxy(engine, {
    get(target, name, receiver) {
      if (name === 'transaction') {
        return <T>(fn: () => T | Promise<T>) =>
          engine.transaction((tx) => current.run(tx, async () => (await fn()) as object)) as Promise<T>;
      }
      if (typeof name === 'string' && (WRITES.has(name) || READS.has(name))) return (...args: unknown[]) => call(name, args);
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as TestEngine;
}

/** Helpers for the engine's own tests: a store in a throw-away directory. */
export interface TempStore {
  store: TestEngine;
  engine: BucketStore;
  /** The metadata store's connection, for tests that set up rows in bulk. */
  db: Db;
  dir: string;
  put(bucket: string, key: string, body: string | Buffer, meta?: ObjectMeta): Promise<string>;
  filesUnder(sub: 'tmp' | 'blobs'): string[];
  close(): void;
}

export async function tempStore(dir = mkdtempSync(join(tmpdir(), 'hsmtrail-s3-'))): Promise<TempStore> {
  const sqlite = new SqliteStore(join(dir, 's3.sqlite'));
  const engine = await BucketStore.open(dir, sqlite);
  const store = testEngine(engine);
  return {
    store,
    engine,
    db: sqlite.db,
    dir,
    async put(bucket, key, body, meta) {
      const staged = await store.stageBlob(typeof body === 'string' ? Buffer.from(body) : body);
      return (await store.commitObject(bucket, key, staged, meta)).etag;
    },
    filesUnder: (sub) =>
      readdirSync(join(dir, sub), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name),
    close() {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
