/**
 * The stock AWS CLI bounds a trail bucket: `aws s3api put-bucket-lifecycle-configuration` with an
 * AWSLogs/ prefix rule, against a spawned server whose lifecycle clock runs three days ahead (the
 * hidden HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS), expires the delivered log files and digests while an
 * object outside the prefix stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, run } from '../support/tools.js';
import { createDeliveryBucket, createLoggingTrail, flush, listKeys, s3Client, trailClient } from './trail-helpers.js';

const BUCKET = 'lifecycle-trail-bucket';
const TRAIL = 'bounded';
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const haveAws = hasTool('aws');

describe.skipIf(!haveAws)('aws s3api put-bucket-lifecycle-configuration on a trail bucket', () => {
  let server: RunningServer;
  let s3: S3Client;

  beforeAll(async () => {
    server = await startServer({
      args: ['--delivery-interval', '1'],
      env: { HSMTRAIL_LIFECYCLE_CLOCK_OFFSET_MS: String(3 * DAY_MS), HSMTRAIL_LIFECYCLE_INTERVAL_MS: '200' },
    });
    s3 = s3Client(server);
    await createDeliveryBucket(s3, BUCKET, server.accountId);
    await createLoggingTrail(server, TRAIL, BUCKET, { multiRegion: true });
    const sts = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
    await flush(server.awsEnv(), TRAIL);
    // Stopping delivers what is pending and a last digest; the flush waits for them.
    await trailClient(server).send(new StopLoggingCommand({ Name: TRAIL }));
    await flush(server.awsEnv(), TRAIL);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'reports/keep.txt', Body: 'not a log file' }));
  }, 120_000);
  afterAll(() => server?.stop());

  it('expires the delivered log files under AWSLogs/ and keeps the other objects', async () => {
    const delivered = await listKeys(s3, BUCKET, 'AWSLogs/');
    expect(delivered.some((k) => k.includes('/CloudTrail/'))).toBe(true);
    // Three days ahead, but without a rule nothing is due.
    await sleep(1000);
    expect(await listKeys(s3, BUCKET, 'AWSLogs/')).toEqual(expect.arrayContaining(delivered));

    const config = { Rules: [{ ID: 'expire-trail-logs', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Expiration: { Days: 1 } }] };
    const env = server.awsEnv();
    const put = await run(
      'aws',
      ['s3api', 'put-bucket-lifecycle-configuration', '--bucket', BUCKET, '--lifecycle-configuration', JSON.stringify(config)],
      env,
    );
    expect(put.status, put.stderr).toBe(0);
    expect(await awsJson(env, ['s3api', 'get-bucket-lifecycle-configuration', '--bucket', BUCKET])).toEqual(config);

    let left = delivered;
    for (let i = 0; i < 300 && left.length > 0; i++) {
      await sleep(200);
      left = await listKeys(s3, BUCKET, 'AWSLogs/');
    }
    expect(left).toEqual([]);
    expect(await listKeys(s3, BUCKET)).toEqual(['reports/keep.txt']);

    const del = await run('aws', ['s3api', 'delete-bucket-lifecycle', '--bucket', BUCKET], env);
    expect(del.status, del.stderr).toBe(0);
    const gone = await run('aws', ['s3api', 'get-bucket-lifecycle-configuration', '--bucket', BUCKET], env);
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain('NoSuchLifecycleConfiguration');
    expect(gone.stderr).toContain('The lifecycle configuration does not exist');
  }, 120_000);
});
