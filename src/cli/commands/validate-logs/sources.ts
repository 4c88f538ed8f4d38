import { CloudTrailClient, DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { SigningKeyRing } from '../../../audit/digest/key-ring.js';
import type { PublicKeySource } from '../../../audit/validate/index.js';
import type { ObjectStore } from '../../../storage/objects/ports.js';
import { S3ObjectStore } from '../../../storage/objects/s3/s3-object-store.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDataDir, type StoreLocation } from '../../../storage/offline.js';
import { MASTER_KEY_FILE, SecretBox } from '../../../identity/store/secret-box.js';

/** Where validate-logs reads the bucket, the public keys and the trail's destination from. */
export interface ValidationSources {
  store: ObjectStore;
  publicKeys: PublicKeySource;
  /** The trail's bucket and prefix, as DescribeTrails reports them (when --s3-bucket is not given). */
  destination(trailArn: string): Promise<{ bucket: string; prefix?: string }>;
  close(): void | Promise<void>;
}

/**
 * Offline: the server's data directory (built-in bucket engine and the key table), opened the way the
 * server lays it out. No crash recovery here: the server may be running next to us.
 */
export function offlineSources(at: StoreLocation): ValidationSources {
  const { dataDir } = at;
  // The node's master key unseals what the store keeps sealed; a fresh one would seal with the wrong key.
  if (at.database && !existsSync(join(dataDir, MASTER_KEY_FILE)))
    throw new Error(`no ${MASTER_KEY_FILE} in '${dataDir}': with --database, pass --data-dir of one of the server's nodes`);
  // Opening the data dir brings one last served by an older version to the current schema
  // (no-ops on a current one, so this never writes next to a running server).
  const { storage, objects, close } = openDataDir(at);
  const ring = new SigningKeyRing(SecretBox.forDataDir(dataDir));
  // ...and seals keys such a version stored in clear.
  const sealed = ring.sealLegacyKeys(storage);
  sealed.catch(() => undefined); // reported by publicKeys, which awaits it
  return {
    store: objects,
    async publicKeys(start, end, region) {
      await sealed;
      const keys = await storage.read((tx) => ring.list(tx, region, start, end));
      return keys.map((k) => ({
        fingerprint: k.fingerprint,
        value: k.publicKeyDer,
        validityStart: k.validityStart,
        validityEnd: k.validityEnd,
      }));
    },
    async destination(trailArn) {
      const trail = await storage.read((tx) => tx.trails.get(trailArn));
      if (!trail) throw new Error(`A trail could not be found for ${trailArn}`);
      return { bucket: trail.s3BucketName, prefix: trail.s3KeyPrefix };
    },
    close,
  };
}

/** Online: a running server (or AWS) through S3 and CloudTrail clients; credentials from the usual chain. */
export function endpointSources(endpoint: string | undefined, region: string): ValidationSources {
  const clients = new Map<string, CloudTrailClient>();
  const cloudtrail = (r: string) => {
    if (!clients.has(r)) clients.set(r, new CloudTrailClient({ region: r, ...(endpoint ? { endpoint } : {}) }));
    return clients.get(r)!;
  };
  return {
    store: new S3ObjectStore({ region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) }),
    async publicKeys(start, end, sourceRegion) {
      const out = await cloudtrail(sourceRegion).send(new ListPublicKeysCommand({ StartTime: start, EndTime: end }));
      return (out.PublicKeyList ?? []).map((k) => ({
        fingerprint: k.Fingerprint ?? '',
        value: Buffer.from(k.Value ?? new Uint8Array()),
        validityStart: k.ValidityStartTime ?? new Date(0),
        validityEnd: k.ValidityEndTime ?? new Date(0),
      }));
    },
    async destination(trailArn) {
      const out = await cloudtrail(region).send(new DescribeTrailsCommand({}));
      const trail = out.trailList?.find((t) => t.TrailARN === trailArn);
      if (!trail?.S3BucketName) throw new Error(`A trail could not be found for ${trailArn}`);
      return { bucket: trail.S3BucketName, prefix: trail.S3KeyPrefix };
    },
    close() {
      for (const c of clients.values()) c.destroy();
    },
  };
}
