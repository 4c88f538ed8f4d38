import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ObjectStore } from '../../storage/objects/ports.js';
import { S3ObjectStore } from '../../storage/objects/s3/s3-object-store.js';
import { openLocalBuckets, type StoreLocation } from '../../storage/offline.js';

/** A trail's bucket through the object-store port: the built-in one offline, or any S3 endpoint. */
export function openBucket(opts: { at?: StoreLocation; endpoint?: string; region?: string }): {
  store: ObjectStore;
  close(): void | Promise<void>;
} {
  if (opts.at) return openLocalBuckets(opts.at);
  const store = new S3ObjectStore({
    region: opts.region ?? 'us-east-1',
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
  });
  return { store, close: () => store.client.destroy() };
}

/**
 * Copies a trail's delivered log files (`[prefix/]AWSLogs/.../CloudTrail/...json.gz`, digests excluded)
 * into a temporary directory for DuckDB to read; returns the directory and a cleanup.
 */
export async function downloadLogFiles(
  store: ObjectStore,
  bucket: string,
  prefix = '',
): Promise<{ dir: string; count: number; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hsmtrail-logs-'));
  const root = prefix ? `${prefix.replace(/\/$/, '')}/AWSLogs/` : 'AWSLogs/';
  let count = 0;
  let token: string | undefined;
  do {
    const page = await store.listObjects(bucket, { prefix: root, continuationToken: token, maxKeys: 1000 });
    for (const { key } of page.objects) {
      if (!key.includes('/CloudTrail/') || !key.endsWith('.json.gz')) continue;
      const object = await store.getObject(bucket, key);
      const chunks: Buffer[] = [];
      for await (const chunk of object.body) chunks.push(chunk as Buffer);
      const file = join(dir, key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, Buffer.concat(chunks));
      count++;
    }
    token = page.nextContinuationToken;
  } while (token);
  return { dir, count, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
