/**
 * The AWS CLI (botocore) against the real app listening on an ephemeral port: a retried
 * complete-multipart-upload and `get-object --part-number` / `head-object --part-number`, as a
 * real client parses them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { awsJson, hasTool, run } from '../support/tools.js';

describe.skipIf(!hasTool('aws'))('aws s3api: multipart retries and --part-number', () => {
  let h: GatewayHarness;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const bucket = 'cli-parts';

  beforeAll(async () => {
    h = await gatewayHarness();
    await new Promise<void>((resolve) => h.app.server.listen(0, '127.0.0.1', resolve));
    const port = (h.app.server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'hsmtrail-cli-parts-'));
    env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: h.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: '',
      AWS_DEFAULT_REGION: h.region,
      AWS_REGION: h.region,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes twice with the same ETag and reads each part back', async () => {
    await awsJson(env, ['s3api', 'create-bucket', '--bucket', bucket]);
    const parts = [randomBytes(5 * 1024 * 1024), Buffer.from('tail part')];
    const { UploadId } = await awsJson(env, ['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'big']);
    const listed = [];
    for (const [i, bytes] of parts.entries()) {
      const file = join(dir, `part${i + 1}`);
      writeFileSync(file, bytes);
      const out = await awsJson(env, [
        's3api',
        'upload-part',
        '--bucket',
        bucket,
        '--key',
        'big',
        `--upload-id=${UploadId}`,
        '--part-number',
        String(i + 1),
        '--body',
        file,
      ]);
      listed.push({ PartNumber: i + 1, ETag: out.ETag });
    }
    const completeArgs = [
      's3api',
      'complete-multipart-upload',
      '--bucket',
      bucket,
      '--key',
      'big',
      `--upload-id=${UploadId}`,
      '--multipart-upload',
      JSON.stringify({ Parts: listed }),
    ];
    const first = await awsJson(env, completeArgs);
    const retry = await awsJson(env, completeArgs);
    expect(retry.ETag).toBe(first.ETag);
    expect(first.ETag).toMatch(/-2"$/);

    const out = join(dir, 'got2');
    const got = await awsJson(env, ['s3api', 'get-object', '--bucket', bucket, '--key', 'big', '--part-number', '2', out]);
    expect(got).toMatchObject({
      PartsCount: 2,
      ContentLength: parts[1]!.length,
      ContentRange: `bytes ${parts[0]!.length}-${parts[0]!.length + parts[1]!.length - 1}/${parts[0]!.length + parts[1]!.length}`,
    });
    expect(readFileSync(out).equals(parts[1]!)).toBe(true);

    const head = await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'big', '--part-number', '1']);
    expect(head).toMatchObject({ PartsCount: 2, ContentLength: parts[0]!.length, ETag: first.ETag });

    const missing = await run(
      'aws',
      ['s3api', 'get-object', '--bucket', bucket, '--key', 'big', '--part-number', '3', join(dir, 'none')],
      env,
    );
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('InvalidPartNumber');
    // Nine `aws` processes, each a Python start-up: a loaded 2-core run took 59 s, so not the 60 s default.
  }, 240_000);
});
