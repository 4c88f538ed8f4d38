import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';

/** Every entry under `root` with its permission bits. */
function modes(root: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out = [{ path: root, dir: true, mode: lstatSync(root).mode & 0o777 }];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    out.push({ path, dir: entry.isDirectory(), mode: lstatSync(path).mode & 0o777 });
  }
  return out;
}

function expectPrivate(root: string): void {
  const wrong = modes(root)
    .filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
    .map((e) => `${e.path} ${e.mode.toString(8)}`);
  expect(wrong).toEqual([]);
}

/** Trail delivery to the built-in bucket with log file validation: blobs, staging, a signing key, a digest. */
async function traffic(h: GatewayHarness): Promise<void> {
  const s3 = new S3Client(h.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'logs', Policy: cloudTrailBucketPolicy('logs', h.accountId) }));
  await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: 'hello.txt', Body: 'hello' }));
  const ct = new CloudTrailClient(h.clientConfig());
  await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'logs', EnableLogFileValidation: true }));
  await ct.send(new StartLoggingCommand({ Name: 'main' }));
  const flush = await h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FlushTrails' },
      body: Buffer.from('{}'),
    },
    'hsmtrail',
  );
  const res = await h.send(flush);
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ LogFilesDelivered: 1, DigestFilesDelivered: 1 });
}

describe('the data directory at rest', () => {
  let root: string;
  let h: GatewayHarness | undefined;
  const umask = process.umask();
  afterEach(async () => {
    process.umask(umask);
    await h?.close();
    h = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('is 0700/0600 throughout, whatever the umask, after start and after traffic', async () => {
    root = mkdtempSync(join(tmpdir(), 'hsmtrail-modes-'));
    const dataDir = join(root, 'nested', 'data');
    process.umask(0); // the widest umask: every mode below is set by hsmtrail, not inherited
    h = await gatewayHarness({ flags: { dataDir } });
    expectPrivate(join(root, 'nested'));
    await traffic(h);
    const names = modes(dataDir).map((e) => e.path.slice(dataDir.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'hsmtrail.db',
        'hsmtrail.db-wal',
        'hsmtrail.db-shm',
        'account.json',
        'master.key',
        'buckets/blobs',
        'buckets/tmp',
      ]),
    );
    expect(names.some((n) => n.startsWith('buckets/blobs/') && n.split('/').length === 4)).toBe(true);
    expectPrivate(join(root, 'nested'));
  });

  it('tightens what an older version left wide open at the next start', async () => {
    root = mkdtempSync(join(tmpdir(), 'hsmtrail-modes-'));
    const dataDir = join(root, 'data');
    h = await gatewayHarness({ flags: { dataDir } });
    await traffic(h);
    await h.close();
    for (const e of modes(dataDir)) chmodSync(e.path, e.dir ? 0o755 : 0o644);
    h = await gatewayHarness({ flags: { dataDir } });
    expectPrivate(dataDir);
  });

  it('keeps digest signing keys sealed: no private key PEM in the store files', async () => {
    root = mkdtempSync(join(tmpdir(), 'hsmtrail-keys-'));
    const dataDir = join(root, 'data');
    h = await gatewayHarness({ flags: { dataDir } });
    await traffic(h);
    for (const file of ['hsmtrail.db', 'hsmtrail.db-wal']) {
      expect(readFileSync(join(dataDir, file)).includes('PRIVATE KEY'), file).toBe(false);
    }
    const rows = h.app.db.prepare('SELECT private_key_sealed FROM ct_signing_keys').pluck().all() as string[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^v1:/);
  });
});
