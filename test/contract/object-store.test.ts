import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BucketStore } from '../../src/storage/objects/local/bucket-store.js';
import { SqliteStore } from '../../src/storage/sqlite/store.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import { LocalObjectStore } from '../../src/storage/objects/local/local-object-store.js';
import { S3ObjectStore } from '../../src/storage/objects/s3/s3-object-store.js';
import { runObjectStoreContract } from './object-store.contract.js';
import { onPath, startMotoServer, type MotoServer } from './moto-server.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';

runObjectStoreContract('local', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-objects-'));
  const sqlite = new SqliteStore(join(dir, 's3.sqlite'));
  const engine = await BucketStore.open(dir, sqlite);
  await engine.transaction((tx) => engine.createBucket(tx, 'contract-bucket', 'us-east-1', '123456789012'));
  return {
    store: new LocalObjectStore(engine),
    bucket: 'contract-bucket',
    missingBucket: 'no-such-bucket-here',
    teardown: async () => {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// The same engine on PostgreSQL: metadata and bytes (1 MiB chunks) in the database.
// hasPostgres() fails under CI=true when the binaries are missing, as in engines.ts.
if (hasPostgres()) {
  runObjectStoreContract('local (postgres metadata)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-objects-pg-'));
    const pg = new PgStore(await createDatabase(), { max: 4 });
    const engine = await BucketStore.open(dir, pg);
    await engine.transaction((tx) => engine.createBucket(tx, 'contract-bucket', 'us-east-1', '123456789012'));
    return {
      store: new LocalObjectStore(engine),
      bucket: 'contract-bucket',
      missingBucket: 'no-such-bucket-here',
      teardown: async () => {
        await pg.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

const motoAvailable = onPath('moto_server');

if (!motoAvailable && process.env.CI === 'true') {
  describe('ObjectStore contract: s3 (moto)', () => {
    it('needs moto_server on PATH under CI', () => {
      throw new Error('moto_server is not installed; CI must run the s3 adapter contract');
    });
  });
}

describe.skipIf(!motoAvailable)('s3 adapter against moto_server', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  runObjectStoreContract('s3 (moto)', async () => {
    const store = new S3ObjectStore({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'moto' },
      forcePathStyle: true,
    });
    const bucket = 'contract-bucket';
    await store.client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      store,
      bucket,
      missingBucket: 'no-such-bucket-here',
      teardown: async () => {
        const listed = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
        for (const o of listed.Contents ?? []) await store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
        await store.client.send(new DeleteBucketCommand({ Bucket: bucket }));
        store.client.destroy();
      },
    };
  });
});
